import type { Kysely } from "kysely"
import type { DB } from "../schema.js"

/** The time zone an admin last chose in the event wizard, offered first next time. */
export const readAdminTimezone = async (db: Kysely<DB>, guildId: string, userId: string): Promise<string | null> => {
  const row = await db.selectFrom("admin_preferences").select("timezone").where("guild_id", "=", guildId).where("user_id", "=", userId).executeTakeFirst()
  return row?.timezone ?? null
}

export const writeAdminTimezone = async (db: Kysely<DB>, guildId: string, userId: string, timezone: string): Promise<void> => {
  await db
    .insertInto("admin_preferences")
    .values({ guild_id: guildId, user_id: userId, timezone })
    .onConflict((conflict) => conflict.columns(["guild_id", "user_id"]).doUpdateSet({ timezone }))
    .execute()
}
