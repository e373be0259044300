import { sql, type Kysely } from "kysely"
import { type CarNumber, unsafeCarNumber } from "../../../domain/numbers/car-number.js"
import type { Claim, ClaimsBearingOn } from "../../../domain/numbers/claims.js"
import type { ValueWindow } from "../../../domain/numbers/nearby.js"
import type { NumberClass } from "../../../domain/numbers/classes.js"
import type { ClaimSnapshot } from "../../../machines/claim.js"
import { persistClaim, restoreClaim } from "../../../machines/claim-persistence.js"
import type { Restored } from "../../../machines/persisted.js"
import type { DB } from "../schema.js"
import { preparedQuery } from "../prepared-query.js"
import type { ClaimsTable, StoredClaimStatus } from "../tables/numbers.js"

// Literal, not bound parameters: SQLite uses a partial index (the claim indexes are partial over
// active claims) only when the query repeats the index's WHERE term as written.
const isActive = sql<boolean>`status IN ('claimed', 'confirmed')`
const CLAIM_COLUMNS = ["id", "guild_id", "class_id", "number", "holder_id", "status", "claimed_at", "confirmed_at"] as const

const toClaim = (row: Pick<ClaimsTable, "id" | "guild_id" | "class_id" | "number" | "holder_id" | "status" | "claimed_at" | "confirmed_at">): Claim => ({
  id: row.id,
  guildId: row.guild_id,
  classId: row.class_id,
  number: unsafeCarNumber(row.number),
  holderId: row.holder_id,
  status: row.status === "confirmed" ? "confirmed" : "claimed",
  claimedAt: row.claimed_at,
  ...(row.confirmed_at === null ? {} : { confirmedAt: row.confirmed_at }),
})

const classesOf = preparedQuery<{ guildId: string }, DB["number_classes"]>((db, param) =>
  db.selectFrom("number_classes").selectAll().where("guild_id", "=", param("guildId")).orderBy("position").orderBy("min"),
)

export const readClasses = async (db: Kysely<DB>, guildId: string): Promise<ReadonlyArray<NumberClass>> => {
  const { rows } = await classesOf(db, { guildId })
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    min: row.min,
    max: row.max,
    limitPerMember: row.limit_per_member,
    reserved: (JSON.parse(row.reserved_json) as string[]).map(unsafeCarNumber),
  }))
}

/** Replaces the guild's classes wholesale: /setup edits them as one list. */
export const writeClasses = async (db: Kysely<DB>, guildId: string, classes: ReadonlyArray<NumberClass>): Promise<void> => {
  await db.deleteFrom("number_classes").where("guild_id", "=", guildId).execute()
  if (classes.length === 0) return
  await db
    .insertInto("number_classes")
    .values(
      classes.map((c, position) => ({
        guild_id: guildId,
        id: c.id,
        name: c.name.trim(),
        name_key: c.name.trim().toLowerCase(),
        min: c.min,
        max: c.max,
        limit_per_member: c.limitPerMember,
        reserved_json: JSON.stringify(c.reserved),
        position,
      })),
    )
    .execute()
}

/** Every active claim of the guild: for listings (roster, export, sync), never for a decision. */
export const readActiveClaims = async (db: Kysely<DB>, guildId: string): Promise<ReadonlyArray<Claim>> =>
  (await db.selectFrom("claims").select(CLAIM_COLUMNS).where("guild_id", "=", guildId).where(isActive).execute()).map(toClaim)

export const readActiveClaimsInClass = async (db: Kysely<DB>, guildId: string, classId: string): Promise<ReadonlyArray<Claim>> =>
  (await db.selectFrom("claims").select(CLAIM_COLUMNS).where("guild_id", "=", guildId).where("class_id", "=", classId).where(isActive).execute()).map(toClaim)

type BearingValues = { guildId: string; holderId: string; spelling1: string; spelling2: string; spelling3: string }

/** One member and one typed number (its spellings padded to three): every claim and release. */
const bearingOnOneMember = preparedQuery<BearingValues, Pick<ClaimsTable, (typeof CLAIM_COLUMNS)[number]>>((db, param) => {
  const active = db.selectFrom("claims").select(CLAIM_COLUMNS).where("guild_id", "=", param("guildId")).where(isActive)
  return active.where("holder_id", "=", param("holderId")).union(active.where("number", "in", [param("spelling1"), param("spelling2"), param("spelling3")]))
})

/** What a claim, release, revoke or trade decides on: a few index lookups, whatever the roster's size. */
export const readClaimsBearingOn = async (db: Kysely<DB>, guildId: string, scope: ClaimsBearingOn): Promise<ReadonlyArray<Claim>> => {
  const [holderId] = scope.holderIds
  const [first, second = first, third = second] = scope.numbers
  if (scope.holderIds.length === 1 && holderId !== undefined && first !== undefined && scope.numbers.length <= 3) {
    // A repeated spelling in IN (…) changes nothing; it keeps the statement's shape, so it is compiled once.
    return (await bearingOnOneMember(db, { guildId, holderId, spelling1: first, spelling2: second!, spelling3: third! })).rows.map(toClaim)
  }
  const active = db.selectFrom("claims").select(CLAIM_COLUMNS).where("guild_id", "=", guildId).where(isActive)
  const byHolder = scope.holderIds.length === 0 ? undefined : active.where("holder_id", "in", scope.holderIds)
  const byNumber = scope.numbers.length === 0 ? undefined : active.where("number", "in", scope.numbers)
  // One statement; each half searches its own index, and UNION drops a claim both halves found.
  const query = byHolder !== undefined && byNumber !== undefined ? byHolder.union(byNumber) : (byHolder ?? byNumber)
  return query === undefined ? [] : (await query.execute()).map(toClaim)
}

/** The numbers held in a class whose value lies in `window`: what nearby suggestions are made from. */
export const readTakenBetween = async (db: Kysely<DB>, guildId: string, classId: string, window: ValueWindow): Promise<ReadonlyArray<CarNumber>> =>
  (
    await db
      .selectFrom("claims")
      .select("number")
      .where("guild_id", "=", guildId)
      .where("class_id", "=", classId)
      .where(sql<boolean>`CAST(number AS INTEGER) BETWEEN ${window.from} AND ${window.to}`)
      .where(isActive)
      .execute()
  ).map((row) => unsafeCarNumber(row.number))

/** The member's active claims, in every class. */
export const readActiveClaimsOf = async (db: Kysely<DB>, guildId: string, holderId: string): Promise<ReadonlyArray<Claim>> =>
  (await db.selectFrom("claims").select(CLAIM_COLUMNS).where("guild_id", "=", guildId).where("holder_id", "=", holderId).where(isActive).execute()).map(toClaim)

/**
 * Up to `limit` active claims whose number starts with `prefix` (autocomplete), lowest first.
 * `holder` narrows to one member's claims, or to everyone else's.
 */
export const readClaimsStartingWith = async (
  db: Kysely<DB>,
  guildId: string,
  prefix: string,
  holder: { readonly only: string } | { readonly except: string } | null,
  limit: number,
): Promise<ReadonlyArray<Claim>> => {
  let query = db.selectFrom("claims").select(CLAIM_COLUMNS).where("guild_id", "=", guildId).where(isActive)
  // A range on the (guild_id, number) index: every digit string starting with the prefix sorts
  // between it and the prefix followed by ':' (the character after '9').
  if (prefix !== "") query = query.where("number", ">=", prefix).where("number", "<", `${prefix}:`)
  if (holder !== null) query = "only" in holder ? query.where("holder_id", "=", holder.only) : query.where("holder_id", "!=", holder.except)
  // SQLite keeps only the best `limit` rows while it scans, so this stays cheap on a big roster.
  const rows = await query.orderBy(sql`CAST(number AS INTEGER)`).orderBy(sql`length(number)`).orderBy("class_id").limit(limit).execute()
  return rows.map(toClaim)
}

/**
 * The claim's machine, restored from its row (a failure is the caller's to judge: a step on it
 * is a bug to see, a history listing may skip it).
 */
export const readClaimSnapshot = async (db: Kysely<DB>, guildId: string, claimId: string): Promise<Restored<ClaimSnapshot> | undefined> => {
  const row = await db.selectFrom("claims").select("machine_json").where("guild_id", "=", guildId).where("id", "=", claimId).executeTakeFirst()
  return row === undefined ? undefined : restoreClaim(row.machine_json)
}

/** Every claim ever made on this number string (any class, any status), oldest first: its history. */
export const readNumberHistory = async (db: Kysely<DB>, guildId: string, number: string): Promise<ReadonlyArray<Restored<ClaimSnapshot>>> =>
  (await db.selectFrom("claims").select("machine_json").where("guild_id", "=", guildId).where("number", "=", number).orderBy("claimed_at").execute()).map((row) =>
    restoreClaim(row.machine_json),
  )

const statusOf = (snapshot: ClaimSnapshot): StoredClaimStatus => snapshot.value

/** The columns searched by, copied from the snapshot that is stored beside them. */
const changingColumns = (snapshot: ClaimSnapshot) => {
  const { context } = snapshot
  return {
    holder_id: context.holderId,
    status: statusOf(snapshot),
    confirmed_at: context.confirmedAt,
    // A released or revoked claim ended with its last step.
    ended_at: snapshot.status === "done" ? (context.history[context.history.length - 1]?.at ?? null) : null,
    machine_json: JSON.stringify(persistClaim(snapshot)),
  }
}

type ClaimRow = { id: string; guild_id: string; class_id: string; number: string; claimed_at: number } & ReturnType<typeof changingColumns>

const insertClaimRow = preparedQuery<ClaimRow, never>((db, param) =>
  db.insertInto("claims").values({
    id: param("id"),
    guild_id: param("guild_id"),
    class_id: param("class_id"),
    number: param("number"),
    claimed_at: param("claimed_at"),
    holder_id: param("holder_id"),
    status: param("status"),
    confirmed_at: param("confirmed_at"),
    ended_at: param("ended_at"),
    machine_json: param("machine_json"),
  }),
)

/** Throws a UNIQUE violation when the number is already held in the class: the final arbiter. */
export const insertClaim = async (db: Kysely<DB>, snapshot: ClaimSnapshot): Promise<void> => {
  const { context } = snapshot
  await insertClaimRow(db, {
    id: context.claimId,
    guild_id: context.guildId,
    class_id: context.classId,
    number: context.number,
    claimed_at: context.claimedAt,
    ...changingColumns(snapshot),
  })
}

/** Stores the claim's step from `previous` to `next`; false when the row is no longer at `previous` (a concurrent change). */
export const updateClaim = async (db: Kysely<DB>, previous: ClaimSnapshot, next: ClaimSnapshot): Promise<boolean> => {
  const result = await db
    .updateTable("claims")
    .set(changingColumns(next))
    .where("guild_id", "=", next.context.guildId)
    .where("id", "=", next.context.claimId)
    .where("status", "=", statusOf(previous))
    .executeTakeFirst()
  return result.numUpdatedRows === 1n
}
