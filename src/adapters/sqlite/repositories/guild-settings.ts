import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { Kysely } from "kysely"
import { GuildSettings } from "../../../domain/server-settings.js"
import type { DB } from "../schema.js"

const decode = Schema.decodeUnknownEither(Schema.parseJson(GuildSettings))

/** A row that fails to decode (hand-edited, or from a buggy build) reads as defaults, never as a crash. */
export const readGuildSettings = async (db: Kysely<DB>, guildId: string): Promise<GuildSettings> => {
  const row = await db.selectFrom("guild_settings").select("settings_json").where("guild_id", "=", guildId).executeTakeFirst()
  if (row === undefined) return {}
  return Either.getOrElse(decode(row.settings_json), () => ({}))
}

export const writeGuildSettings = async (db: Kysely<DB>, guildId: string, settings: GuildSettings, at: number): Promise<void> => {
  const settings_json = JSON.stringify(Schema.encodeSync(GuildSettings)(settings))
  await db
    .insertInto("guild_settings")
    .values({ guild_id: guildId, settings_json, updated_at: at })
    .onConflict((conflict) => conflict.column("guild_id").doUpdateSet({ settings_json, updated_at: at }))
    .execute()
}

/** Every server's settings, for schedulers that act on all of them (auto-sync). */
export const readAllGuildSettings = async (db: Kysely<DB>): Promise<ReadonlyArray<{ guildId: string; settings: GuildSettings }>> =>
  (await db.selectFrom("guild_settings").select(["guild_id", "settings_json"]).execute()).map((row) => ({
    guildId: row.guild_id,
    settings: Either.getOrElse(decode(row.settings_json), () => ({})),
  }))
