/**
 * Released: never edit. Fix forward with a new migration.
 *
 * Snowflakes are TEXT (node-sqlite3 loses precision on large integers and binds bigint as
 * NULL); instants are INTEGER epoch milliseconds, UTC. Every table leads with guild_id because
 * no query crosses guilds. Values are spelled out here, not imported from the domain, so that
 * a later change to the domain cannot change what this migration did.
 */
import { sql, type Kysely } from "kysely"
import { instant, growingIdType, growingId } from "./column-types.js"

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("guild_settings")
    .addColumn("guild_id", "text", (c) => c.primaryKey().notNull())
    .addColumn("settings_json", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("updated_at", instant(db), (c) => c.notNull())
    .execute()

  // NOT NULL everywhere: SQLite lets a non-INTEGER primary key column hold NULL.
  await db.schema
    .createTable("module_grants")
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("module", "text", (c) =>
      c.notNull().check(sql`module in ('numbers', 'events', 'tracks', 'championships', 'settings')`),
    )
    .addColumn("subject_type", "text", (c) => c.notNull().check(sql`subject_type in ('role', 'user')`))
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("granted_by", "text", (c) => c.notNull())
    .addColumn("granted_at", instant(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("module_grants_pk", ["guild_id", "module", "subject_type", "subject_id"])
    .execute()

  await db.schema
    .createTable("audit_log")
    .addColumn("id", growingIdType(db), growingId(db))
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("actor_id", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject", "text")
    .addColumn("details_json", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("at", instant(db), (c) => c.notNull())
    .execute()
  await db.schema.createIndex("audit_log_guild_at_idx").on("audit_log").columns(["guild_id", "at"]).execute()
  await db.schema.createIndex("audit_log_guild_subject_idx").on("audit_log").columns(["guild_id", "subject"]).execute()

  // scope is "global" or "guild:<id>"; start-up skips re-registering commands whose hash is unchanged.
  await db.schema
    .createTable("command_registrations")
    .addColumn("scope", "text", (c) => c.primaryKey().notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("registered_at", instant(db), (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("command_registrations").execute()
  await db.schema.dropTable("audit_log").execute()
  await db.schema.dropTable("module_grants").execute()
  await db.schema.dropTable("guild_settings").execute()
}
