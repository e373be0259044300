/**
 * Released: never edit. Fix forward with a new migration.
 *
 * Championship results and standings: each championship's scoring settings (points system as
 * JSON, the iRacing season it imports from), the rounds whose results are stored (one row per
 * session, keyed by "ir:<subsession_id>" or "manual:<id>", so importing a session twice finds
 * it already there), their results, and the stewards' penalties.
 *
 * The stewards module needs a wider CHECK on module_grants. SQLite cannot alter a CHECK, so the
 * table is rebuilt with the portable create / copy / drop / rename (no foreign key points at it).
 *
 * Types stay portable (text, integer, real); instants are epoch ms, UTC: integer on SQLite, bigint
 * on PostgreSQL (column-types.ts).
 */
import { sql, type Kysely } from "kysely"
import { instant, measure } from "./column-types.js"

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("championship_settings")
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("championship_id", "text", (c) => c.notNull())
    .addColumn("points_json", "text", (c) => c.notNull())
    .addColumn("iracing_league_id", "integer")
    .addColumn("iracing_season_id", "integer")
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addColumn("updated_at", instant(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("championship_settings_pk", ["guild_id", "championship_id"])
    .addForeignKeyConstraint("championship_settings_championship", ["guild_id", "championship_id"], "championships", ["guild_id", "id"], (fk) => fk.onDelete("cascade"))
    .execute()

  await db.schema
    .createTable("championship_sessions")
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("championship_id", "text", (c) => c.notNull())
    .addColumn("round_id", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('iracing', 'manual')`))
    .addColumn("subsession_id", "integer")
    .addColumn("event_id", "text")
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("starts_at", instant(db), (c) => c.notNull())
    .addColumn("imported_by", "text", (c) => c.notNull())
    .addColumn("imported_at", instant(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("championship_sessions_pk", ["guild_id", "championship_id", "round_id"])
    .addForeignKeyConstraint("championship_sessions_championship", ["guild_id", "championship_id"], "championships", ["guild_id", "id"], (fk) => fk.onDelete("cascade"))
    .execute()
  await db.schema.createIndex("championship_sessions_by_event").on("championship_sessions").columns(["guild_id", "event_id"]).execute()

  await db.schema
    .createTable("championship_results")
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("championship_id", "text", (c) => c.notNull())
    .addColumn("round_id", "text", (c) => c.notNull())
    .addColumn("driver_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("member_id", "text")
    .addColumn("car_class", "text", (c) => c.notNull())
    .addColumn("team", "text")
    .addColumn("car_number", "text")
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("class_position", "integer", (c) => c.notNull())
    .addColumn("start_position", "integer")
    .addColumn("laps", "integer", (c) => c.notNull())
    .addColumn("laps_led", "integer", (c) => c.notNull())
    .addColumn("incidents", "integer", (c) => c.notNull())
    .addColumn("fastest_lap_ms", measure(db))
    .addColumn("gap_ms", measure(db))
    .addColumn("pole", "integer", (c) => c.notNull())
    .addColumn("reason_out", "text")
    .addPrimaryKeyConstraint("championship_results_pk", ["guild_id", "championship_id", "round_id", "driver_id"])
    .addForeignKeyConstraint("championship_results_session", ["guild_id", "championship_id", "round_id"], "championship_sessions", ["guild_id", "championship_id", "round_id"], (fk) =>
      fk.onDelete("cascade"),
    )
    .execute()

  await db.schema
    .createTable("championship_penalties")
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("championship_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('time', 'points')`))
    .addColumn("round_id", "text")
    .addColumn("driver_id", "text", (c) => c.notNull())
    .addColumn("amount", measure(db), (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("steward_id", "text", (c) => c.notNull())
    .addColumn("at", instant(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("championship_penalties_pk", ["guild_id", "championship_id", "id"])
    .addForeignKeyConstraint("championship_penalties_championship", ["guild_id", "championship_id"], "championships", ["guild_id", "id"], (fk) => fk.onDelete("cascade"))
    .execute()

  await db.schema
    .createTable("module_grants_next")
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("module", "text", (c) => c.notNull().check(sql`module in ('numbers', 'events', 'tracks', 'championships', 'stewards', 'settings')`))
    .addColumn("subject_type", "text", (c) => c.notNull().check(sql`subject_type in ('role', 'user')`))
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("granted_by", "text", (c) => c.notNull())
    .addColumn("granted_at", instant(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("module_grants_next_pk", ["guild_id", "module", "subject_type", "subject_id"])
    .execute()
  await db
    .insertInto("module_grants_next")
    .columns(["guild_id", "module", "subject_type", "subject_id", "granted_by", "granted_at"])
    .expression(db.selectFrom("module_grants").select(["guild_id", "module", "subject_type", "subject_id", "granted_by", "granted_at"]))
    .execute()
  await db.schema.dropTable("module_grants").execute()
  await db.schema.alterTable("module_grants_next").renameTo("module_grants").execute()
}
