import { sql, type Kysely } from "kysely"
import { instant, growingIdType, growingId } from "./column-types.js"

/**
 * Which iRacing member each Discord member is (one each way per server), and a record of every
 * roster sync for /syncstatus.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("member_links")
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("member_id", "text", (c) => c.notNull())
    .addColumn("cust_id", "integer", (c) => c.notNull().check(sql`cust_id > 0`))
    .addColumn("iracing_name", "text", (c) => c.notNull())
    .addColumn("linked_by", "text", (c) => c.notNull())
    .addColumn("linked_at", instant(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("member_links_pk", ["guild_id", "member_id"])
    .addUniqueConstraint("member_links_one_member_per_customer", ["guild_id", "cust_id"])
    .execute()

  await db.schema
    .createTable("sync_runs")
    .addColumn("id", growingIdType(db), growingId(db))
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("trigger", "text", (c) => c.notNull().check(sql`"trigger" IN ('manual', 'auto')`))
    .addColumn("started_at", instant(db), (c) => c.notNull())
    .addColumn("finished_at", instant(db), (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome IN ('ok', 'failed')`))
    .addColumn("summary_json", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("report_json", "text")
    .addColumn("error", "text")
    .execute()
  await db.schema.createIndex("sync_runs_by_guild").on("sync_runs").columns(["guild_id", "started_at"]).execute()
}
