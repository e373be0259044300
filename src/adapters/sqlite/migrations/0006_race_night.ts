import { sql, type Kysely } from "kysely"
import { instant } from "./column-types.js"

/**
 * Race night: one participant row per member per event holding the participant machine's
 * persisted state, the failed-registration counters, each event's race-night settings, the
 * scheduler's record of which timed triggers already fired, members' reminder choice, and the
 * live grid message each event keeps in its roster channel.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("participants")
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("member_id", "text", (c) => c.notNull())
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("queue_number", "integer", (c) => c.notNull())
    .addColumn("machine_json", "text", (c) => c.notNull())
    .addColumn("updated_at", instant(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("participants_pk", ["event_id", "member_id"])
    .execute()
  await db.schema.createIndex("participants_by_event_state").on("participants").columns(["event_id", "state"]).execute()

  await db.schema
    .createTable("registration_attempts")
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("member_id", "text", (c) => c.notNull())
    .addColumn("failed_attempts", "integer", (c) => c.notNull().defaultTo(0).check(sql`failed_attempts >= 0`))
    .addPrimaryKeyConstraint("registration_attempts_pk", ["event_id", "member_id"])
    .execute()

  await db.schema
    .createTable("fired_triggers")
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("at", instant(db), (c) => c.notNull())
    .addColumn("fired_at", instant(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("fired_triggers_pk", ["event_id", "kind", "at"])
    .execute()

  await db.schema
    .createTable("member_preferences")
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("reminder_dms", "integer", (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint("member_preferences_pk", ["guild_id", "user_id"])
    .execute()

  await db.schema.alterTable("events").addColumn("race_settings_json", "text", (c) => c.notNull().defaultTo("{}")).execute()
  await db.schema.alterTable("events").addColumn("grid_channel_id", "text").execute()
  await db.schema.alterTable("events").addColumn("grid_message_id", "text").execute()
}
