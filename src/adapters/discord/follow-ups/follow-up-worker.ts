/**
 * The delivery worker: sends the outbox's follow-ups to Discord after each commit and at start-up.
 *
 * - Order: rows of one target (a member, a message, a channel) go one at a time, oldest first;
 *   different targets go side by side, up to `concurrency` at once.
 * - Retries: a failure that may pass is tried again with growing waits (2 s doubling to 5 min);
 *   discord.js itself already waits out Discord's rate limits (`retry_after`, per-route buckets)
 *   before a request fails. After `maxAttempts` tries, or at once for a refusal Discord will
 *   repeat, the row is given up: its reason and fix go to the audit log and the logs.
 * - Crashes: a row is marked `delivering` before it is sent and `sent` after. A crash in between
 *   leaves it `delivering`; the next start delivers it again.
 * - Several processes (PostgreSQL): a row is taken by one process only (takeDueRows), leased to it
 *   for an attempt's timeout and a margin, and marked with the process's liveness lock. Rows whose
 *   taker died (its lock went with its connection) or whose lease has passed are taken over by
 *   whichever process looks next (every few seconds, and at start-up): a process that dies
 *   mid-burst loses nothing, and a restarting one does not take rows a live process is delivering. Messages carry a nonce Discord
 *   deduplicates for a few minutes, card posts look for the card first, role changes are
 *   idempotent: see "What Pitboard does after a crash" in the README.
 *
 * `deliver` is passed in, so the loop is tested without discord.js (test/property/follow-ups).
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FiberSet from "effect/FiberSet"
import * as Queue from "effect/Queue"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type { Transaction } from "kysely"
import type { FollowUps } from "../../../app/follow-ups.js"
import type { DeliveryOutcome } from "../../../domain/follow-up-kinds.js"
import { Metrics } from "../../../shared/metrics.js"
import type { DB } from "../../sqlite/schema.js"
import { inGuild, rowByRow, type DatabaseService } from "../../sqlite/database.js"
import { onPostgres } from "../../postgres/engine.js"
import { keepLiveness } from "../../postgres/liveness.js"
import { appendAudit } from "../../sqlite/repositories/audit-log.js"
import {
  markGivenUp,
  markSent,
  nextDueAt,
  pruneFinished,
  readOutcomes,
  resumeInterrupted,
  scheduleRetry,
  takeDueRows,
  type OutboxRow,
} from "../../sqlite/repositories/outbox.js"
import { retry, type Delivery, type GiveUpAudit } from "./follow-up-outcome.js"

export const SYSTEM_ACTOR = "pitboard"
const GATHER = Duration.millis(25)
const DAY = 24 * 60 * 60 * 1000

export interface WorkerOptions {
  /** Targets delivered at once. */
  readonly concurrency?: number
  /** Tries before a failure that may pass is given up anyway. */
  readonly maxAttempts?: number
  /** Wait before try `attempts + 1`, in ms. */
  readonly backoffMs?: (attempts: number) => number
  /** One attempt may take this long before it counts as failed (and is retried). */
  readonly attemptTimeout?: Duration.DurationInput
  /**
   * A fault hook for tests: deliver nothing, as if the process died right after every commit.
   * Rows stay pending for the next start.
   */
  readonly paused?: boolean
  /** How long a shutdown waits for deliveries in flight; tests use 0 to stop as a crash would. */
  readonly shutdownGrace?: Duration.DurationInput
  /**
   * How long a taken row stays this process's before another may take it over (default: the
   * attempt's timeout plus 30 s). Tests that kill a process shorten it.
   */
  readonly lease?: Duration.DurationInput
}

export const defaultBackoffMs = (attempts: number): number => Math.min(5 * 60_000, 2000 * 2 ** attempts) * (0.8 + 0.4 * Math.random())

const finished = (outcome: DeliveryOutcome) => outcome.state === "sent" || outcome.state === "given-up"

/** How long a stopping worker waits for a take in progress (a short transaction) to be recorded. */
const STOP_TAKE_WITHIN = "2 seconds"

export const makeFollowUpWorker = (
  database: DatabaseService,
  deliver: (row: OutboxRow) => Effect.Effect<Delivery>,
  options: WorkerOptions = {},
) =>
  Effect.gen(function* () {
    const concurrency = options.concurrency ?? 8
    const maxAttempts = options.maxAttempts ?? 20
    const backoffMs = options.backoffMs ?? defaultBackoffMs
    const attemptTimeout = options.attemptTimeout ?? "60 seconds"
    // A sole SQLite process owns every row at start-up; on PostgreSQL others may be delivering.
    const shared = onPostgres(database.kysely)
    // Held before the first row is taken, and let go (scope finalizers run in reverse) only after
    // the last delivery, its outcome recorded, has ended: a process taking over never races it.
    // Should its connection end meanwhile, no row is taken until a new lock is held (liveness.ts).
    const liveness = shared ? yield* keepLiveness(database.kysely) : undefined
    const wakeUps = yield* Queue.sliding<void>(1)
    const inFlight = yield* Ref.make(0)
    const deliveries = yield* FiberSet.make<void>()
    // The worker's own statements are each safe alone (conditional updates by id): no server lock.
    const db = <A>(operation: string, f: (trx: Transaction<DB>) => Promise<A>) => rowByRow(database.transaction(operation, f))
    const leaseMs = Duration.toMillis(options.lease ?? Duration.sum(Duration.decode(attemptTimeout), Duration.seconds(30)))
    // Lapsed leases are looked for this often, and an idle worker on a shared database looks at the
    // outbox at least this often (rows another process wrote and could not deliver are found).
    const takeOverEvery = Math.max(200, Math.min(shared ? 5000 : 30_000, Math.floor(leaseMs / 3)))
    const metrics = yield* Metrics

    /**
     * A row another process took over while this one was delivering it (this process's liveness
     * lock or lease looked gone): its outcome is that process's to record, so none is written here.
     */
    const takenOver = (row: { readonly id: number; readonly kind: string }, outcome: string) =>
      Effect.logWarning(`a Discord follow-up was taken over by another process while this one delivered it; left to that process (here: ${outcome})`, { outboxId: row.id, kind: row.kind })

    const giveUpRow = (row: Pick<OutboxRow, "id" | "guildId"> & { readonly kind: string }, leasedBy: number | null, reason: string, lastError: string | null, now: number, audit?: GiveUpAudit) =>
      db("outbox.give-up", async (trx) => {
        if (!(await markGivenUp(trx, row.id, reason, lastError, now, leasedBy))) return false
        const entry = audit ?? { action: "discord.follow-up.given-up", subject: row.kind, details: {} }
        await appendAudit(trx, { guildId: row.guildId, actorId: SYSTEM_ACTOR, action: entry.action, subject: entry.subject, details: { ...entry.details, outboxId: row.id, reason }, at: now })
        return true
      }).pipe(
        Effect.flatMap((mine) =>
          mine
            ? Effect.sync(() => metrics.followUp(row.kind, "given-up")).pipe(
                Effect.zipRight(Effect.logWarning(`gave up a Discord follow-up: ${reason}`, { outboxId: row.id, kind: row.kind, guildId: row.guildId })),
              )
            : takenOver(row, `given up: ${reason}`),
        ),
      )

    const record = (row: OutboxRow, leasedBy: number | null, delivery: Delivery) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const kind = row.followUp._tag
        switch (delivery._tag) {
          case "Sent": {
            const mine = yield* db("outbox.sent", (trx) => markSent(trx, row.id, delivery.alsoIds ?? [], delivery.result, now, leasedBy))
            if (!mine) return yield* takenOver({ id: row.id, kind }, "sent")
            metrics.followUp(kind, "sent", 1 + (delivery.alsoIds?.length ?? 0))
            return
          }
          case "GiveUp":
            yield* giveUpRow({ id: row.id, guildId: row.guildId, kind }, leasedBy, delivery.reason, null, now, delivery.audit)
            return
          case "Retry": {
            if (row.attempts + 1 >= maxAttempts) {
              yield* giveUpRow({ id: row.id, guildId: row.guildId, kind }, leasedBy, `Discord kept failing (${maxAttempts} tries); the last error: ${delivery.error}`, delivery.error, now)
              return
            }
            const waitMs = backoffMs(row.attempts)
            // Back to pending: under the server's lock, since a transaction of that server may be
            // writing an identical follow-up, and only one of them may wait (see scheduleRetry).
            const mine = yield* inGuild(row.guildId)(database.transaction("outbox.retry", (trx) => scheduleRetry(trx, row.id, now + waitMs, delivery.error, now, leasedBy)))
            if (!mine) return yield* takenOver({ id: row.id, kind }, `failed: ${delivery.error}`)
            metrics.followUp(kind, "retry")
            const log = row.attempts >= 2 ? Effect.logWarning : Effect.logInfo
            yield* log(`a Discord follow-up failed; trying again in ${Math.round(waitMs / 1000)} s`, { outboxId: row.id, kind, attempts: row.attempts + 1, error: delivery.error })
          }
        }
      })

    const deliverOne = (row: OutboxRow, leasedBy: number | null) =>
      deliver(row).pipe(
        // What a delivery stores (a card's id, the live grid's message) is that server's business.
        inGuild(row.guildId),
        Effect.timeoutTo({ duration: attemptTimeout, onTimeout: () => retry(`no answer within ${Duration.format(Duration.decode(attemptTimeout))}`), onSuccess: (d) => d }),
        Effect.catchAllCause((cause) => Effect.succeed(retry(Cause.pretty(cause).split("\n")[0] ?? "unknown failure"))),
        // Once Discord has answered, what it said is stored even if a shutdown interrupts meanwhile.
        Effect.flatMap((delivery) => Effect.uninterruptible(record(row, leasedBy, delivery))),
        Effect.catchAllCause((cause) => Effect.logError("could not record a follow-up's delivery; it is delivered again after a restart", cause)),
        Effect.annotateLogs({ outboxId: row.id, guildId: row.guildId }),
        Effect.withSpan("FollowUps.deliver", { attributes: { kind: row.followUp._tag } }),
      )

    /** Starts deliveries for as many due rows as there is room for. */
    const startDue = Effect.gen(function* () {
      const room = concurrency - (yield* Ref.get(inFlight))
      if (room <= 0) return
      // Shared database and no liveness lock held just now: rows taken now could be taken over at once.
      const leasedBy = liveness === undefined ? null : yield* liveness.current
      if (leasedBy === undefined) return
      const now = yield* Clock.currentTimeMillis
      // From the take until every taken row is started or given up, a stopping worker waits (see
      // STOP_TAKE_WITHIN): a take still in the database, or rows taken and not yet started, would
      // otherwise stay `delivering` under a liveness lock let go, for no one until a take-over pass.
      // The deliveries themselves stay interruptible (forked fibers inherit the mask).
      yield* Effect.uninterruptible(
        Effect.gen(function* () {
          const taken = yield* db("outbox.take", (trx) => takeDueRows(trx, now, room, now + leaseMs, leasedBy))
          for (const row of taken.rows) {
            yield* Ref.update(inFlight, (n) => n + 1)
            const delivery = Effect.interruptible(deliverOne(row, leasedBy))
            yield* FiberSet.run(deliveries, delivery.pipe(Effect.ensuring(Ref.update(inFlight, (n) => n - 1).pipe(Effect.zipRight(Queue.offer(wakeUps, undefined))))))
          }
          for (const bad of taken.unreadable) yield* giveUpRow({ id: bad.id, guildId: "?", kind: "unreadable" }, leasedBy, bad.problem, null, now)
        }),
      )
    })

    const sleepUntilWorthLooking = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const next = yield* db("outbox.next-due", (trx) => nextDueAt(trx))
      // Rows blocked behind a delivery in flight are "due" too: the finishing delivery wakes us.
      const idle = shared ? takeOverEvery : 30_000
      const waitMs = next === undefined ? idle : Math.min(idle, Math.max(250, next - now))
      const woken = yield* Effect.raceFirst(Queue.take(wakeUps).pipe(Effect.as(true)), Effect.sleep(Duration.millis(waitMs)).pipe(Effect.as(false)))
      // A commit rarely comes alone on race night: gathering for a moment turns a burst of claims
      // into a few takes and a few batched messages, and leaves the event loop to the members.
      if (woken) yield* Effect.sleep(GATHER)
    })

    const loop = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const resumed = yield* db("outbox.resume", (trx) => resumeInterrupted(trx, now, !shared)).pipe(
        Effect.catchAllCause((cause) => Effect.logWarning("could not look for follow-ups cut off by a stop; looking again shortly", cause).pipe(Effect.as(0))),
      )
      if (resumed > 0) yield* Effect.logInfo(`${resumed} Discord follow-up(s) were cut off by the last stop; delivering them again`)
      yield* db("outbox.prune", (trx) => pruneFinished(trx, now - 7 * DAY, now - 30 * DAY))
      let lookedForLapsedAt = now
      for (;;) {
        const at = yield* Clock.currentTimeMillis
        // Only a shared database has other processes whose rows to take over; a sole SQLite process
        // took every interrupted row back at start, and this pass would only hold the write lock.
        if (shared && at - lookedForLapsedAt >= takeOverEvery) {
          lookedForLapsedAt = at
          const takenOver = yield* db("outbox.take-over", (trx) => resumeInterrupted(trx, at, false)).pipe(Effect.orElseSucceed(() => 0))
          if (takenOver > 0) yield* Effect.logInfo(`${takenOver} Discord follow-up(s) were left half-delivered by a process that stopped; delivering them again`)
        }
        yield* startDue.pipe(Effect.catchAllCause((cause) => Effect.logError("the follow-up worker could not read the outbox; trying again shortly", cause)))
        yield* sleepUntilWorthLooking.pipe(Effect.catchAllCause(() => Effect.sleep("1 second")))
      }
    })

    const loopFiber = options.paused ? undefined : yield* Effect.forkScoped(loop)

    // On shutdown the loop stops taking rows; deliveries in flight get a few seconds to finish
    // (anything cut off stays `delivering` and is delivered again at the next start).
    yield* Effect.addFinalizer(() =>
      Effect.gen(function* () {
        // Bounded: a database that stopped answering must not hold up the rest of the stop.
        if (loopFiber !== undefined) yield* Effect.interruptible(Fiber.interrupt(loopFiber)).pipe(Effect.timeout(STOP_TAKE_WITHIN), Effect.ignore)
        // Finalizers run uninterruptibly: only an interruptible wait can be cut short by the timeout.
        const idle = Effect.repeat(Ref.get(inFlight), { until: (n) => n === 0, schedule: Schedule.spaced("50 millis") })
        yield* Effect.interruptible(idle).pipe(Effect.timeout(options.shutdownGrace ?? "5 seconds"), Effect.ignore)
        const cutOff = yield* Ref.get(inFlight)
        if (cutOff > 0) yield* Effect.logWarning(`shutting down: ${cutOff} Discord follow-up(s) still being sent were cut off; they stay in the outbox and go out at the next start`)
      }),
    )

    const settle = (ids: ReadonlyArray<number>, withinMs: number) =>
      Effect.gen(function* () {
        const deadline = (yield* Clock.currentTimeMillis) + withinMs
        for (;;) {
          const outcomes = yield* db("outbox.outcomes", (trx) => readOutcomes(trx, ids)).pipe(Effect.orElseSucceed(() => [] as ReadonlyArray<DeliveryOutcome>))
          if (outcomes.every(finished) || (yield* Clock.currentTimeMillis) >= deadline) return outcomes
          yield* Effect.sleep("50 millis")
        }
      })

    const service: Context.Tag.Service<typeof FollowUps> = { wake: Queue.offer(wakeUps, undefined).pipe(Effect.asVoid), settle }
    return service
  })
