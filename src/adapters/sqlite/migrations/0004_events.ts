import { sql, type Kysely } from "kysely"
import { instant } from "./column-types.js"

/**
 * Race events: the guild's tracks and championships, wizard drafts (one row per draft, holding
 * the machine's persisted state), published events, and each admin's remembered time zone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("tracks")
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("layout", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_key", "text", (c) => c.notNull())
    .addColumn("pit_slots", "integer", (c) => c.notNull().check(sql`pit_slots BETWEEN 1 AND 200`))
    .addColumn("broadcast_slots", "integer", (c) => c.notNull().defaultTo(0).check(sql`broadcast_slots >= 0`))
    .addColumn("details", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("image_url", "text")
    .addColumn("created_at", instant(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("tracks_pk", ["guild_id", "id"])
    .addUniqueConstraint("tracks_unique_name", ["guild_id", "name_key"])
    .execute()

  await db.schema
    .createTable("championships")
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_key", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("archived", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", instant(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("championships_pk", ["guild_id", "id"])
    .addUniqueConstraint("championships_unique_name", ["guild_id", "name_key"])
    .execute()

  await db.schema
    .createTable("event_drafts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("state_json", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("title", "text")
    .addColumn("editing_event_id", "text")
    .addColumn("updated_at", instant(db), (c) => c.notNull())
    .addColumn("expires_at", instant(db), (c) => c.notNull())
    .execute()
  await db.schema.createIndex("event_drafts_by_owner").on("event_drafts").columns(["guild_id", "owner_id"]).execute()

  await db.schema
    .createTable("events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('published', 'cancelled')`))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("details_json", "text", (c) => c.notNull())
    .addColumn("starts_at", instant(db), (c) => c.notNull())
    .addColumn("ends_at", instant(db), (c) => c.notNull())
    .addColumn("track_id", "text", (c) => c.notNull())
    .addColumn("championship_id", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", instant(db), (c) => c.notNull())
    .addColumn("updated_at", instant(db), (c) => c.notNull())
    .addColumn("card_channel_id", "text")
    .addColumn("card_message_id", "text")
    .addColumn("scheduled_event_id", "text")
    .execute()
  await db.schema.createIndex("events_by_start").on("events").columns(["guild_id", "status", "starts_at"]).execute()
  await db.schema.createIndex("events_by_track").on("events").columns(["guild_id", "track_id"]).execute()
  await db.schema.createIndex("events_by_championship").on("events").columns(["guild_id", "championship_id"]).execute()

  await db.schema
    .createTable("admin_preferences")
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("timezone", "text")
    .addPrimaryKeyConstraint("admin_preferences_pk", ["guild_id", "user_id"])
    .execute()
}
