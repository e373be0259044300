import { sql, type Kysely } from "kysely"
import { instant } from "./column-types.js"
import { onPostgres } from "../../postgres/engine.js"

// GLOB is SQLite's; PostgreSQL says the same with a regular expression.
const oneToThreeDigits = (db: Kysely<any>) =>
  onPostgres(db) ? sql`length(number) BETWEEN 1 AND 3 AND number !~ '[^0-9]'` : sql`length(number) BETWEEN 1 AND 3 AND number NOT GLOB '*[^0-9]*'`

/**
 * Car numbers. `claims` keeps every claim ever made (released and revoked ones too, for history);
 * the partial unique index over active ones is what settles two members claiming the same number
 * at the same instant.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("number_classes")
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_key", "text", (c) => c.notNull())
    .addColumn("min", "integer", (c) => c.notNull().check(sql`min BETWEEN 0 AND 999`))
    .addColumn("max", "integer", (c) => c.notNull().check(sql`max BETWEEN 0 AND 999`))
    .addColumn("limit_per_member", "integer", (c) => c.notNull().defaultTo(1).check(sql`limit_per_member >= 1`))
    .addColumn("reserved_json", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("number_classes_pk", ["guild_id", "id"])
    .addUniqueConstraint("number_classes_unique_name", ["guild_id", "name_key"])
    .addCheckConstraint("number_classes_range", sql`min <= max`)
    .execute()

  await db.schema
    .createTable("claims")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("class_id", "text", (c) => c.notNull())
    .addColumn("number", "text", (c) => c.notNull().check(oneToThreeDigits(db)))
    .addColumn("holder_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('claimed', 'confirmed', 'released', 'revoked')`))
    .addColumn("claimed_at", instant(db), (c) => c.notNull())
    .addColumn("confirmed_at", instant(db))
    .addColumn("ended_at", instant(db))
    .addColumn("machine_json", "text", (c) => c.notNull())
    .execute()
  await sql`CREATE UNIQUE INDEX claims_one_holder_per_number ON claims (guild_id, class_id, number) WHERE status IN ('claimed', 'confirmed')`.execute(db)
  await sql`CREATE INDEX claims_active_by_holder ON claims (guild_id, holder_id) WHERE status IN ('claimed', 'confirmed')`.execute(db)
  await db.schema.createIndex("claims_by_number").on("claims").columns(["guild_id", "number"]).execute()

  await db.schema
    .createTable("trade_offers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("class_id", "text", (c) => c.notNull())
    .addColumn("proposer_id", "text", (c) => c.notNull())
    .addColumn("target_id", "text", (c) => c.notNull())
    .addColumn("proposer_number", "text", (c) => c.notNull())
    .addColumn("target_number", "text", (c) => c.notNull())
    .addColumn("created_at", instant(db), (c) => c.notNull())
    .addColumn("expires_at", instant(db), (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("open").check(sql`status IN ('open', 'accepted', 'declined', 'withdrawn', 'expired', 'voided')`),
    )
    .addColumn("resolved_at", instant(db))
    .execute()
  await db.schema.createIndex("trade_offers_by_status").on("trade_offers").columns(["guild_id", "status"]).execute()
}
