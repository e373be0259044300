import { type StoredGrant, isModuleName, type ModuleGrant } from "../../../domain/permissions.js"
import type { Kysely } from "kysely"
import type { DB } from "../schema.js"

export const listGrants = async (db: Kysely<DB>, guildId: string): Promise<ReadonlyArray<StoredGrant>> => {
  const rows = await db
    .selectFrom("module_grants")
    .select(["module", "subject_type", "subject_id", "granted_by", "granted_at"])
    .where("guild_id", "=", guildId)
    .orderBy("module")
    .orderBy("granted_at")
    .execute()
  // A module no longer offered (0.1.0's "settings") stays in old databases but grants nothing.
  return rows.flatMap((row) =>
    isModuleName(row.module)
      ? [{ module: row.module, subjectType: row.subject_type as "role" | "user", subjectId: row.subject_id, grantedBy: row.granted_by, grantedAt: row.granted_at }]
      : [],
  )
}

/** Returns false when the grant already existed, so the reply can say so instead of pretending. */
export const insertGrant = async (db: Kysely<DB>, guildId: string, grant: StoredGrant): Promise<boolean> => {
  const result = await db
    .insertInto("module_grants")
    .values({
      guild_id: guildId,
      module: grant.module,
      subject_type: grant.subjectType,
      subject_id: grant.subjectId,
      granted_by: grant.grantedBy,
      granted_at: grant.grantedAt,
    })
    .onConflict((conflict) => conflict.doNothing())
    .executeTakeFirst()
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n
}

export const deleteGrant = async (db: Kysely<DB>, guildId: string, grant: ModuleGrant): Promise<boolean> => {
  const result = await db
    .deleteFrom("module_grants")
    .where("guild_id", "=", guildId)
    .where("module", "=", grant.module)
    .where("subject_type", "=", grant.subjectType)
    .where("subject_id", "=", grant.subjectId)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}
