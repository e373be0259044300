import type { Kysely } from "kysely"
import { unsafeCarNumber } from "../../../domain/numbers/car-number.js"
import type { Claim } from "../../../domain/numbers/claims.js"
import type { NumberClass } from "../../../domain/numbers/classes.js"
import type { DB } from "../schema.js"
import type { ClaimsTable } from "../tables/numbers.js"

const ACTIVE = ["claimed", "confirmed"] as const

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

export const readClasses = async (db: Kysely<DB>, guildId: string): Promise<ReadonlyArray<NumberClass>> => {
  const rows = await db.selectFrom("number_classes").selectAll().where("guild_id", "=", guildId).orderBy("position").orderBy("min").execute()
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

export const readActiveClaims = async (db: Kysely<DB>, guildId: string): Promise<ReadonlyArray<Claim>> =>
  (
    await db
      .selectFrom("claims")
      .select(["id", "guild_id", "class_id", "number", "holder_id", "status", "claimed_at", "confirmed_at"])
      .where("guild_id", "=", guildId)
      .where("status", "in", ACTIVE)
      .execute()
  ).map(toClaim)

export interface ClaimRecord {
  readonly claim: Claim | null
  readonly id: string
  readonly status: ClaimsTable["status"]
  readonly machineJson: string
}

export const readClaimRecord = async (db: Kysely<DB>, guildId: string, claimId: string): Promise<ClaimRecord | undefined> => {
  const row = await db.selectFrom("claims").selectAll().where("guild_id", "=", guildId).where("id", "=", claimId).executeTakeFirst()
  return row === undefined
    ? undefined
    : { id: row.id, status: row.status, machineJson: row.machine_json, claim: row.status === "claimed" || row.status === "confirmed" ? toClaim(row) : null }
}

/** Every claim ever made on this number string (any class, any status), oldest first: its history. */
export const readNumberHistory = async (db: Kysely<DB>, guildId: string, number: string): Promise<ReadonlyArray<{ status: ClaimsTable["status"]; machineJson: string; classId: string }>> =>
  (
    await db
      .selectFrom("claims")
      .select(["status", "machine_json", "class_id"])
      .where("guild_id", "=", guildId)
      .where("number", "=", number)
      .orderBy("claimed_at")
      .execute()
  ).map((row) => ({ status: row.status, machineJson: row.machine_json, classId: row.class_id }))

export interface ClaimWrite {
  readonly id: string
  readonly guildId: string
  readonly classId: string
  readonly number: string
  readonly holderId: string
  readonly status: ClaimsTable["status"]
  readonly claimedAt: number
  readonly confirmedAt: number | null
  readonly endedAt: number | null
  readonly machineJson: string
}

/** Throws a UNIQUE violation when the number is already held in the class: the final arbiter. */
export const insertClaim = async (db: Kysely<DB>, claim: ClaimWrite): Promise<void> => {
  await db
    .insertInto("claims")
    .values({
      id: claim.id,
      guild_id: claim.guildId,
      class_id: claim.classId,
      number: claim.number,
      holder_id: claim.holderId,
      status: claim.status,
      claimed_at: claim.claimedAt,
      confirmed_at: claim.confirmedAt,
      ended_at: claim.endedAt,
      machine_json: claim.machineJson,
    })
    .execute()
}

/** Writes a claim's new state; `expectedStatus` guards against a concurrent change (returns false). */
export const updateClaim = async (db: Kysely<DB>, claim: ClaimWrite, expectedStatus: ClaimsTable["status"]): Promise<boolean> => {
  const result = await db
    .updateTable("claims")
    .set({
      holder_id: claim.holderId,
      status: claim.status,
      confirmed_at: claim.confirmedAt,
      ended_at: claim.endedAt,
      machine_json: claim.machineJson,
    })
    .where("guild_id", "=", claim.guildId)
    .where("id", "=", claim.id)
    .where("status", "=", expectedStatus)
    .executeTakeFirst()
  return result.numUpdatedRows === 1n
}
