import { sql, type Kysely } from "kysely"
import { instant, growingIdType, growingId } from "./column-types.js"

/**
 * The outbox: every follow-up a change makes happen on Discord (a role, a DM, an announcement,
 * an event card, a scheduled event, a live-grid edit), written in the change's own transaction
 * and delivered afterwards (src/app/follow-ups.ts). Rows are kept once sent or given up, for
 * the admin's status view, and pruned after a while.
 *
 * Events get `publication`: 'pending' from the moment they are stored until their card and
 * Discord scheduled event have been delivered (or given up), then 'complete'.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("id", growingIdType(db), growingId(db))
    .addColumn("guild_id", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload_json", "text", (c) => c.notNull())
    .addColumn("coalesce_key", "text")
    .addColumn("state", "text", (c) => c.notNull().defaultTo("pending").check(sql`state IN ('pending', 'delivering', 'sent', 'given-up')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("due_at", instant(db), (c) => c.notNull())
    .addColumn("created_at", instant(db), (c) => c.notNull())
    .addColumn("finished_at", instant(db))
    .addColumn("last_error", "text")
    .addColumn("result", "text")
    .execute()
  // The worker's question: the oldest unfinished row of each target.
  await sql`CREATE INDEX outbox_unfinished_by_target ON outbox (target, id) WHERE state IN ('pending', 'delivering')`.execute(db)
  await sql`CREATE INDEX outbox_unfinished_by_due ON outbox (due_at) WHERE state IN ('pending', 'delivering')`.execute(db)
  // One waiting row per piece of shown state is enough: its deliverer reads the state when it sends.
  await sql`CREATE UNIQUE INDEX outbox_one_pending_per_state ON outbox (coalesce_key) WHERE state = 'pending' AND coalesce_key IS NOT NULL`.execute(db)
  // Only given-up rows, which are few: what an admin's status view lists.
  await sql`CREATE INDEX outbox_given_up ON outbox (guild_id, finished_at) WHERE state = 'given-up'`.execute(db)

  await db.schema
    .alterTable("events")
    .addColumn("publication", "text", (c) => c.notNull().defaultTo("complete").check(sql`publication IN ('pending', 'complete')`))
    .execute()
}
