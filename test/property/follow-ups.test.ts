// The outbox and its worker under random interleavings of changes, crashes, restarts and Discord
// failures, on a real SQLite file. A fake Discord stands behind the worker's `deliver`: it applies
// a row the way Discord would (deduplicating a repeat of the same row, as an enforced nonce or an
// idempotent role change does), fails for a while when told to, and refuses some rows for good.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import fc from "fast-check"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Scope from "effect/Scope"
import { afterAll, describe, expect, it } from "vitest"
import { makeDatabase, openDatabase, type DatabaseService } from "../../src/adapters/sqlite/database.js"
import { enqueueFollowUps, type OutboxRow } from "../../src/adapters/sqlite/repositories/outbox.js"
import { giveUp, retry, sent, type Delivery } from "../../src/adapters/discord/follow-ups/follow-up-outcome.js"
import { makeFollowUpWorker } from "../../src/adapters/discord/follow-ups/follow-up-worker.js"
import type { FollowUp } from "../../src/domain/follow-up-kinds.js"
import { testDatabase } from "../support/test-database.js"

const folder = mkdtempSync(join(tmpdir(), "pitboard-outbox-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
let files = 0

const MEMBERS = ["m1", "m2", "m3"]
const followUpArb: fc.Arbitrary<FollowUp> = fc.oneof(
  fc.constantFrom(...MEMBERS).map((memberId): FollowUp => ({ _tag: "DriverRole", guildId: "g", eventId: "e", memberId, roleId: "r", give: true })),
  fc.constantFrom(...MEMBERS).map((memberId): FollowUp => ({ _tag: "TellMember", guildId: "g", eventId: "e", memberId, notice: { kind: "promoted" } })),
  fc.constant<FollowUp>({ _tag: "Announce", guildId: "g", announcement: { _tag: "NumberClaimed", holderId: "m1", number: "7", classLabel: "Open" } }),
  fc.constant<FollowUp>({ _tag: "LiveGrid", guildId: "g", eventId: "e" }),
)

type Step =
  | { readonly kind: "change"; readonly followUps: ReadonlyArray<FollowUp> }
  | { readonly kind: "outage"; readonly failures: number }
  | { readonly kind: "crash" }
  | { readonly kind: "crash-while-sending" }
  | { readonly kind: "wait" }

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.array(followUpArb, { minLength: 1, maxLength: 4 }).map((followUps): Step => ({ kind: "change", followUps })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }).map((failures): Step => ({ kind: "outage", failures })) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: "crash" }) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: "crash-while-sending" }) },
  { weight: 2, arbitrary: fc.constant<Step>({ kind: "wait" }) },
)

/**
 * Discord as the worker sees it. A row id whose last digit is 7 is refused for good. `applied`
 * is what Discord shows; a repeat of a row it already applied changes nothing there (an enforced
 * nonce, an idempotent role change), but the worker must never send again a row that it was told
 * was sent: that is a `resent`.
 */
const fakeDiscord = () => {
  const applied = new Set<number>()
  const answeredSent = new Set<number>()
  const resent: number[] = []
  const appliedOrder: Array<{ readonly id: number; readonly target: string }> = []
  let failuresLeft = 0
  let hang: Deferred.Deferred<void> | undefined
  const deliver = (row: OutboxRow): Effect.Effect<Delivery> =>
    Effect.gen(function* () {
      if (answeredSent.has(row.id)) resent.push(row.id)
      if (row.id % 10 === 7) return giveUp("refused for good")
      if (failuresLeft > 0) {
        failuresLeft -= 1
        return retry("Discord is down")
      }
      if (!applied.has(row.id)) appliedOrder.push({ id: row.id, target: row.target })
      applied.add(row.id)
      // Sent, but the process dies before it records that: the next start sends it again.
      if (hang !== undefined) yield* Deferred.await(hang)
      answeredSent.add(row.id)
      return sent()
    })
  return {
    deliver,
    applied,
    resent,
    appliedOrder,
    outage: (failures: number) => void (failuresLeft += failures),
    hangNext: () => Effect.map(Deferred.make<void>(), (deferred) => void (hang = deferred)),
    heal: () => {
      failuresLeft = 0
      hang = undefined
    },
  }
}

const running = (database: DatabaseService, discord: ReturnType<typeof fakeDiscord>) =>
  Effect.gen(function* () {
    const scope = yield* Scope.make()
    const worker = yield* makeFollowUpWorker(database, discord.deliver, { backoffMs: () => 1, maxAttempts: 50, shutdownGrace: 0, concurrency: 3 }).pipe(Scope.extend(scope))
    return { scope, worker }
  })

const states = (database: DatabaseService) =>
  Effect.orDie(database.query("test", (db) => db.selectFrom("outbox").select(["id", "target", "state", "result"]).orderBy("id").execute()))

const quiet = (database: DatabaseService) =>
  Effect.gen(function* () {
    for (let i = 0; i < 400; i++) {
      const rows = yield* states(database)
      if (rows.every((row) => row.state === "sent" || row.state === "given-up")) return rows
      yield* Effect.sleep("10 millis")
    }
    return yield* states(database)
  })

describe("the outbox under crashes, restarts and Discord failures", () => {
  it("GIVEN any interleaving THEN every row ends sent or given up with a reason, none is applied twice, and each target's rows are applied in order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 14 }), async (steps) => {
        const kysely = await openDatabase(await testDatabase(join(folder, `outbox-${files++}.sqlite`)))
        const database = makeDatabase(kysely)
        const discord = fakeDiscord()
        const written: number[] = []
        await Effect.runPromise(
          Effect.gen(function* () {
            let current = yield* running(database, discord)
            const restart = Effect.gen(function* () {
              yield* Scope.close(current.scope, Exit.void)
              discord.heal()
              current = yield* running(database, discord)
            })
            for (const step of steps) {
              switch (step.kind) {
                case "change": {
                  const ids = yield* Effect.orDie(database.transaction("change", (trx) => enqueueFollowUps(trx, step.followUps, Date.now())))
                  written.push(...ids)
                  yield* current.worker.wake
                  break
                }
                case "outage":
                  discord.outage(step.failures)
                  break
                case "crash":
                  yield* restart
                  break
                case "crash-while-sending":
                  yield* discord.hangNext()
                  yield* Effect.sleep("15 millis")
                  yield* restart
                  break
                case "wait":
                  yield* Effect.sleep("20 millis")
              }
            }
            yield* restart
            const rows = yield* quiet(database)
            yield* Scope.close(current.scope, Exit.void)

            // Never lost: every row written ends sent or given up, and a give-up says why.
            for (const id of written) expect(rows.some((row) => row.id === id)).toBe(true)
            for (const row of rows) {
              expect(["sent", "given-up"]).toContain(row.state)
              if (row.state === "given-up") expect(row.result).toBeTruthy()
            }
            // Never sent again once Discord answered and the worker heard it.
            expect(discord.resent).toEqual([])
            // What was sent reached Discord; what was given up never did. (A row superseded by a
            // newer one showing the same state may or may not have, before a crash.)
            for (const row of rows) {
              if (row.state === "given-up") expect(discord.applied.has(row.id)).toBe(false)
              if (row.state === "sent" && !String(row.result ?? "").startsWith("superseded")) expect(discord.applied.has(row.id)).toBe(true)
            }
            // Per target, in the order written.
            const byTarget = new Map<string, number[]>()
            for (const { id, target } of discord.appliedOrder) byTarget.set(target, [...(byTarget.get(target) ?? []), id])
            for (const ids of byTarget.values()) expect(ids).toEqual([...ids].sort((a, b) => a - b))
          }).pipe(Logger.withMinimumLogLevel(LogLevel.Error)),
        )
        await kysely.destroy()
      }),
      { numRuns: 25 },
    )
  }, 120_000)
})
