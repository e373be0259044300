import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { sql, type Kysely, type UpdateQueryBuilder, type UpdateResult } from "kysely"
import { coalesceKeyOf, FollowUp, targetOf, type DeliveryOutcome, type DeliveryState } from "../../../domain/follow-up-kinds.js"
import type { DB } from "../schema.js"
import { preparedQuery } from "../prepared-query.js"
import type { OutboxTable } from "../tables/outbox.js"
import { holderGone, lockHeld } from "../../postgres/liveness.js"
import { onPostgres } from "../../postgres/engine.js"

// Literal, not bound: SQLite uses a partial index only when the query repeats its WHERE term.
const unfinished = sql<boolean>`state IN ('pending', 'delivering')`
const encode = Schema.encodeSync(Schema.parseJson(FollowUp))
const decode = Schema.decodeUnknownEither(Schema.parseJson(FollowUp))

export interface OutboxRow {
  readonly id: number
  readonly guildId: string
  readonly target: string
  readonly followUp: FollowUp
  readonly attempts: number
  readonly createdAt: number
}

type Row = Pick<OutboxTable, "guild_id" | "target" | "payload_json" | "created_at"> & { id: number; attempts: number }

/** A row whose payload no longer decodes (written by a newer release, or damaged) is given up, not retried. */
const toRow = (row: Row): Either.Either<OutboxRow, { readonly id: number; readonly problem: string }> =>
  Either.map(
    Either.mapLeft(decode(row.payload_json), (error) => ({ id: row.id, problem: `unreadable follow-up: ${error.message.slice(0, 300)}` })),
    (followUp) => ({ id: row.id, guildId: row.guild_id, target: row.target, followUp, attempts: row.attempts, createdAt: row.created_at }),
  )

type FollowUpRow = { guild_id: string; target: string; kind: string; payload_json: string; coalesce_key: string | null; due_at: number; created_at: number }

// Every claim, release and trade writes one: built once (see prepared-query.ts).
const insertFollowUp = preparedQuery<FollowUpRow, { id: number }>((db, param) =>
  db
    .insertInto("outbox")
    .values({
      guild_id: param("guild_id"),
      target: param("target"),
      kind: param("kind"),
      payload_json: param("payload_json"),
      coalesce_key: param("coalesce_key"),
      due_at: param("due_at"),
      created_at: param("created_at"),
    })
    .onConflict((oc) => oc.column("coalesce_key").where(sql<boolean>`state = 'pending' AND coalesce_key IS NOT NULL`).doNothing())
    .returning("id"),
)

/**
 * Writes follow-ups in the caller's transaction and returns their ids, in order. One that shows
 * stored state (see `coalesceKeyOf`) while an identical one still waits is folded into it: the
 * waiting row's id comes back.
 */
export const enqueueFollowUps = async (db: Kysely<DB>, followUps: ReadonlyArray<FollowUp>, now: number): Promise<ReadonlyArray<number>> => {
  const ids: number[] = []
  for (const followUp of followUps) {
    const coalesceKey = coalesceKeyOf(followUp)
    // On PostgreSQL a delivering process may take the waiting row between the insert that found it
    // and the read that looks for it (the worker does not wait for a server's lock): then there is
    // no waiting row any more, and the insert is tried again.
    for (let attempt = 1; ; attempt++) {
      const [inserted] = (
        await insertFollowUp(db, {
          guild_id: followUp.guildId,
          target: targetOf(followUp),
          kind: followUp._tag,
          payload_json: encode(followUp),
          coalesce_key: coalesceKey,
          due_at: now,
          created_at: now,
        })
      ).rows
      if (inserted !== undefined) {
        ids.push(inserted.id)
        break
      }
      const waiting = await db.selectFrom("outbox").select("id").where("coalesce_key", "=", coalesceKey).where("state", "=", "pending").executeTakeFirst()
      if (waiting !== undefined) {
        ids.push(waiting.id)
        break
      }
      if (attempt >= 5) throw new Error(`the outbox kept changing under follow-up ${coalesceKey}`)
    }
  }
  return ids
}

/**
 * Takes up to `limit` due rows, each the oldest unfinished row of its target, marks them
 * delivering and leases them to the caller until `leaseUntil`. Another process (PostgreSQL) or a
 * second call never gets the same row: the UPDATE only takes rows still pending, and on PostgreSQL
 * a second taker waits for the first's row lock, re-reads the row, finds it delivering and leaves
 * it (READ COMMITTED re-checks the WHERE on the newest version). So whichever process wins, a row
 * is delivered by one, and a target's rows still go one at a time: its head is delivering, so no
 * other process sees a pending head for it.
 */
export const takeDueRows = async (
  db: Kysely<DB>,
  now: number,
  limit: number,
  leaseUntil: number = now + DEFAULT_LEASE_MS,
  /** PostgreSQL: the taker's liveness lock number (see liveness.ts). */
  leasedBy: number | null = null,
): Promise<{ readonly rows: ReadonlyArray<OutboxRow>; readonly unreadable: ReadonlyArray<{ readonly id: number; readonly problem: string }> }> => {
  // Each target's head (its oldest unfinished row) from the partial (target, id) index: the cost
  // follows the number of unfinished rows, never the history, and a target with a thousand
  // waiting announcements yields one candidate, not a thousand.
  const heads = db
    .selectFrom("outbox")
    .select(["target", (eb) => eb.fn.min<number>("id").as("head")])
    .where(unfinished)
    .groupBy("target")
    .as("h")
  const due = await db
    .selectFrom("outbox as o")
    .innerJoin(heads, "h.head", "o.id")
    .select(["o.id", "o.guild_id", "o.target", "o.payload_json", "o.attempts", "o.created_at"])
    .where(sql<boolean>`o.state = 'pending'`)
    .where("o.due_at", "<=", now)
    .orderBy("o.id")
    .limit(limit)
    .execute()
  if (due.length === 0) return { rows: [], unreadable: [] }
  let take = db
    .updateTable("outbox")
    .set({ state: "delivering", lease_until: leaseUntil, leased_by: leasedBy })
    .where("id", "in", due.map((row) => row.id))
    .where(sql<boolean>`state = 'pending'`)
  // Only while the taker's liveness lock is held: rows stamped with a lock that is gone would be
  // another process's to take over, and sent twice.
  if (leasedBy !== null && onPostgres(db)) take = take.where(lockHeld(leasedBy))
  const taken = await take.returning("id").execute()
  const ours = new Set(taken.map((row) => row.id))
  const decoded = due.filter((row) => ours.has(row.id)).map(toRow)
  return { rows: decoded.filter(Either.isRight).map((r) => r.right), unreadable: decoded.filter(Either.isLeft).map((r) => r.left) }
}

/** How long a taken row belongs to its taker unless told otherwise: an attempt's timeout and a margin. */
const DEFAULT_LEASE_MS = 90_000

/**
 * The due rows of `kinds` waiting right behind `row` in its target, oldest first, stopping at the
 * first that is not: for one message that carries several. No other delivery can take them
 * meanwhile, since `row` heads the target; they are marked sent together with it.
 */
export const readFollowers = async (db: Kysely<DB>, row: OutboxRow, kinds: ReadonlyArray<string>, now: number, limit: number): Promise<ReadonlyArray<OutboxRow>> => {
  if (limit <= 0) return []
  const candidates = await db
    .selectFrom("outbox")
    .select(["id", "guild_id", "target", "payload_json", "attempts", "created_at", "kind", "state", "due_at"])
    .where("target", "=", row.target)
    .where(unfinished)
    .where("id", ">", row.id)
    .orderBy("id")
    .limit(limit)
    .execute()
  const run: OutboxRow[] = []
  for (const candidate of candidates) {
    if (!kinds.includes(candidate.kind) || candidate.state !== "pending" || candidate.due_at > now) break
    const decoded = toRow(candidate)
    if (Either.isLeft(decoded)) break
    run.push(decoded.right)
  }
  return run
}

/**
 * The row, as long as it is still the caller's: delivering, and leased by the same liveness lock
 * (`leasedBy`, null on SQLite) as when it was taken. A row another process took over meanwhile
 * (its taker's lock or lease looked gone: resumeInterrupted) is that process's now, and what the
 * first taker learnt must not overwrite what the second does with it.
 */
const stillHeld = (db: Kysely<DB>, id: number, leasedBy: number | null) =>
  db
    .updateTable("outbox")
    .where("id", "=", id)
    .where(sql<boolean>`state = 'delivering'`)
    .where("leased_by", leasedBy === null ? "is" : "=", leasedBy)

/**
 * Marks the delivered row sent, with the rows it carried (readFollowers): those waited behind it,
 * so no one else could take them. False, and nothing changed, when the row is no longer the
 * caller's (see stillHeld): whoever holds it now delivers it and its followers again.
 */
export const markSent = async (db: Kysely<DB>, id: number, alsoIds: ReadonlyArray<number>, result: string | null, now: number, leasedBy: number | null = null): Promise<boolean> => {
  const marked = await stillHeld(db, id, leasedBy).set({ state: "sent", finished_at: now, result }).returning("id").execute()
  if (marked.length === 0) return false
  if (alsoIds.length > 0) await db.updateTable("outbox").set({ state: "sent", finished_at: now, result }).where("id", "in", alsoIds).where(sql<boolean>`state = 'pending'`).execute()
  return true
}

/** False, and nothing changed, when the row is no longer the caller's (see stillHeld). */
export const markGivenUp = async (db: Kysely<DB>, id: number, result: string, lastError: string | null, now: number, leasedBy: number | null = null): Promise<boolean> =>
  (await stillHeld(db, id, leasedBy).set({ state: "given-up", finished_at: now, result, last_error: lastError }).returning("id").execute()).length > 0

/**
 * Of the rows `rows` selects, those showing stored state (a coalesce key) that a newer identical
 * row already waits behind are done instead of waiting again: the newer one shows the same state,
 * later. One statement, safe alone whichever process runs it: the waiting row it names is the one
 * pending row of that key (a unique index). Returns the ids it finished.
 */
const supersede = async (rows: UpdateQueryBuilder<DB, "outbox", "outbox", UpdateResult>, lastError: string, now: number): Promise<ReadonlyArray<number>> =>
  (
    await rows
      .set({
        state: "sent",
        finished_at: now,
        result: sql<string>`'superseded by #' || CAST((SELECT newer.id FROM outbox AS newer WHERE newer.coalesce_key = outbox.coalesce_key AND newer.state = 'pending') AS TEXT)`,
        last_error: lastError,
      })
      .where("coalesce_key", "is not", null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("outbox as newer")
            .select("newer.id")
            .whereRef("newer.coalesce_key", "=", "outbox.coalesce_key")
            .where(sql<boolean>`newer.state = 'pending'`),
        ),
      )
      .returning("id")
      .execute()
  ).map((row) => row.id)

/**
 * Puts a row back to wait until `dueAt`, unless a newer identical row waits (see supersede). False,
 * and nothing changed, when the row is no longer the caller's (see stillHeld).
 */
export const scheduleRetry = async (db: Kysely<DB>, id: number, dueAt: number, lastError: string, now: number, leasedBy: number | null = null): Promise<boolean> => {
  if ((await supersede(stillHeld(db, id, leasedBy), lastError, now)).length > 0) return true
  const retried = await stillHeld(db, id, leasedBy)
    .set((eb) => ({ state: "pending", due_at: dueAt, last_error: lastError, attempts: eb("attempts", "+", 1) }))
    .returning("id")
    .execute()
  return retried.length > 0
}

/** Counts one more attempt without changing the state: for a row whose delivery is going on. */
export const countAttempt = async (db: Kysely<DB>, id: number): Promise<void> => {
  await db.updateTable("outbox").set((eb) => ({ attempts: eb("attempts", "+", 1) })).where("id", "=", id).execute()
}

/**
 * Rows left `delivering` by a process that stopped mid-delivery are put back to wait (and so are
 * delivered again: see README for what that means). `everyLease`: all of them, whoever took them,
 * which only a sole process may do (SQLite, at start-up: no other process can be delivering).
 * Otherwise only rows whose lease has passed (or that have none, from a release before leases),
 * or, on PostgreSQL, whose taker's liveness lock is gone (it died: liveness.ts): their taker is
 * gone or far past its attempt's timeout, and any live process takes them over.
 *
 * Two statements, each safe alone whichever process runs them at once: a row a newer identical
 * row already waits behind is done instead (see supersede); the rest wait again, due now.
 */
export const resumeInterrupted = async (db: Kysely<DB>, now: number, everyLease = true): Promise<number> => {
  // `unfinished` first, word for word: SQLite then reads the partial indexes (unfinished rows
  // only) instead of scanning the whole history for the few rows being delivered.
  const lapsed = everyLease
    ? sql<boolean>`${unfinished} AND state = 'delivering'`
    : onPostgres(db)
      ? sql<boolean>`${unfinished} AND state = 'delivering' AND (lease_until IS NULL OR lease_until < ${now} OR leased_by IS NULL OR ${holderGone("leased_by")})`
      : sql<boolean>`${unfinished} AND state = 'delivering' AND (lease_until IS NULL OR lease_until < ${now})`
  const superseded = await supersede(db.updateTable("outbox").where(lapsed), "interrupted by a restart", now)
  const resumed = await db
    .updateTable("outbox")
    .set((eb) => ({ state: "pending", due_at: now, lease_until: null, leased_by: null, last_error: "interrupted by a restart", attempts: eb("attempts", "+", 1) }))
    .where(lapsed)
    .returning("id")
    .execute()
  return superseded.length + resumed.length
}

/** When the next row falls due, so the worker can sleep until then. */
export const nextDueAt = async (db: Kysely<DB>): Promise<number | undefined> => {
  // Rows being delivered count too (their due time has passed): the caller waits at least a moment.
  const row = await db.selectFrom("outbox").select((eb) => eb.fn.min("due_at").as("due")).where(unfinished).executeTakeFirst()
  return row?.due ?? undefined
}

export const readOutcomes = async (db: Kysely<DB>, ids: ReadonlyArray<number>): Promise<ReadonlyArray<DeliveryOutcome>> => {
  if (ids.length === 0) return []
  const rows = await db.selectFrom("outbox").select(["id", "guild_id", "target", "payload_json", "attempts", "created_at", "state", "result"]).where("id", "in", ids).execute()
  return rows.flatMap((row) => {
    const decoded = toRow(row)
    return Either.isRight(decoded) ? [{ id: row.id, followUp: decoded.right.followUp, state: row.state as DeliveryState, attempts: row.attempts, result: row.result }] : []
  })
}

/** Whether other rows of these kinds still wait for the same target (not counting `exceptId`). */
export const othersUnfinished = async (db: Kysely<DB>, target: string, kinds: ReadonlyArray<string>, exceptId: number): Promise<boolean> =>
  (await db.selectFrom("outbox").select("id").where("target", "=", target).where(unfinished).where("kind", "in", kinds).where("id", "!=", exceptId).limit(1).executeTakeFirst()) !== undefined

/** The outbox as it stood before the caller asked Discord: see membersWithWaitingRoleChanges. */
export interface RoleChangesMark {
  /** Members whose role changes were waiting then. */
  readonly waiting: ReadonlySet<string>
  /** The newest outbox row then: every row after it was written since. */
  readonly lastId: number
}

const roleTargets = (guildId: string, memberIds: ReadonlyArray<string>) =>
  memberIds.map((memberId) => targetOf({ _tag: "DriverRole", guildId, eventId: "", memberId, roleId: "", give: true }))

const membersOf = (memberIds: ReadonlyArray<string>, targets: ReadonlyArray<string>, rows: ReadonlyArray<{ readonly target: string }>): Set<string> => {
  const found = new Set(rows.map((row) => row.target))
  return new Set(memberIds.filter((_, i) => found.has(targets[i]!)))
}

/** Read before asking Discord about these members' roles (both reads by index: the partial (target, id) one, the primary key's end). */
export const markRoleChanges = async (db: Kysely<DB>, guildId: string, memberIds: ReadonlyArray<string>): Promise<RoleChangesMark> => {
  const last = await db.selectFrom("outbox").select((eb) => eb.fn.max<number | null>("id").as("id")).executeTakeFirst()
  return { lastId: last?.id ?? 0, waiting: await membersWithWaitingRoleChanges(db, guildId, memberIds) }
}

/**
 * The members among these whose role changes still wait in the outbox (those will set their role
 * anyway), or, given the `mark` taken before the caller asked Discord, that may have gone out
 * while it asked (what Discord said is stale for them: another process may have delivered one
 * meanwhile): those that were waiting then, and those with a role change written since.
 *
 * Each part reads an index (unfinished rows by target; rows after `mark.lastId` by primary key),
 * never the history: a finished_at condition would have scanned the whole outbox.
 */
export const membersWithWaitingRoleChanges = async (db: Kysely<DB>, guildId: string, memberIds: ReadonlyArray<string>, mark?: RoleChangesMark): Promise<ReadonlySet<string>> => {
  if (memberIds.length === 0) return new Set()
  const targets = roleTargets(guildId, memberIds)
  if (mark === undefined) return membersOf(memberIds, targets, await db.selectFrom("outbox").select("target").where("target", "in", targets).where(unfinished).where("kind", "=", "DriverRole").execute())
  // A row waiting now was waiting at the mark or written since: a finished row never waits again.
  const since = await db.selectFrom("outbox").select("target").where("id", ">", mark.lastId).where("target", "in", targets).where("kind", "=", "DriverRole").execute()
  return new Set([...mark.waiting, ...membersOf(memberIds, targets, since)])
}

export interface Backlog {
  readonly pending: number
  readonly retrying: number
  readonly givenUpRecently: number
  readonly oldestPendingAt: number | null
}

/** What waits and what failed lately, for the admin's status view and the logs; `guildId` narrows to one server. */
export const readBacklog = async (db: Kysely<DB>, since: number, guildId?: string): Promise<Backlog> => {
  let waiting = db
    .selectFrom("outbox")
    .select((eb) => [
      eb.fn.countAll<number>().as("pending"),
      eb.fn.sum<number>(sql`CASE WHEN attempts > 0 THEN 1 ELSE 0 END`).as("retrying"),
      eb.fn.min("created_at").as("oldest"),
    ])
    .where(unfinished)
  if (guildId !== undefined) waiting = waiting.where("guild_id", "=", guildId)
  let failed = db.selectFrom("outbox").select((eb) => eb.fn.countAll<number>().as("n")).where(sql<boolean>`state = 'given-up'`).where("finished_at", ">=", since)
  if (guildId !== undefined) failed = failed.where("guild_id", "=", guildId)
  const [w, f] = await Promise.all([waiting.executeTakeFirstOrThrow(), failed.executeTakeFirstOrThrow()])
  return { pending: Number(w.pending), retrying: Number(w.retrying ?? 0), givenUpRecently: Number(f.n), oldestPendingAt: w.oldest ?? null }
}

/** Recent give-ups of a server, newest first: what an admin should look at. */
export const readRecentGiveUps = async (db: Kysely<DB>, guildId: string, limit: number) =>
  db.selectFrom("outbox").select(["id", "kind", "result", "finished_at"]).where("guild_id", "=", guildId).where(sql<boolean>`state = 'given-up'`).orderBy("finished_at", "desc").limit(limit).execute()

/** Finished rows are history; they go after a while so the table stays small. */
export const pruneFinished = async (db: Kysely<DB>, sentBefore: number, givenUpBefore: number): Promise<void> => {
  await db.deleteFrom("outbox").where("state", "=", "sent").where("finished_at", "<", sentBefore).execute()
  await db.deleteFrom("outbox").where("state", "=", "given-up").where("finished_at", "<", givenUpBefore).execute()
}
