/**
 * Released: never edit. Fix forward with a new migration.
 *
 * Work that several Pitboard processes on one PostgreSQL database share, each piece done by one of
 * them (see "When one machine is not enough" in the README):
 *
 * - `outbox.lease_until`, `outbox.leased_by`: a follow-up being delivered belongs to the process
 *   that took it until this instant. A process that dies mid-delivery leaves its rows
 *   `delivering`; once the lease has passed, or (PostgreSQL) once the process's liveness lock,
 *   numbered `leased_by`, is gone with its connection, any process puts them back to wait and
 *   delivers them. Rows left `delivering` by a release before this one have neither: expired.
 * - `work_leases`: one row per piece of background work that must not run twice at once (a
 *   server's automatic iRacing sync): who holds it, and until when. A holder that dies simply
 *   stops renewing; the lease runs out and another process may take it.
 *
 * On SQLite (one process) both are written the same way, which costs a column or a row more per
 * write; what reads them differs: the sole process takes every `delivering` row back at start-up
 * and runs no periodic take-over pass (it would only hold the write lock every few seconds).
 * (A comment corrected after release; the migration itself is unchanged.)
 */
import type { Kysely } from "kysely"
import { instant } from "./column-types.js"

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("outbox").addColumn("lease_until", instant(db)).execute()
  await db.schema.alterTable("outbox").addColumn("leased_by", instant(db)).execute()

  await db.schema
    .createTable("work_leases")
    .addColumn("name", "text", (c) => c.primaryKey().notNull())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("until", instant(db), (c) => c.notNull())
    .execute()
}
