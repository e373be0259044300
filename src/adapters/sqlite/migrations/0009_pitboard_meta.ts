/**
 * Released: never edit. Fix forward with a new migration.
 *
 * Facts about the database itself rather than any server's data: for now the release that last
 * opened it, so an older release that meets it can name the newer one it came from.
 */
import type { Kysely } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pitboard_meta")
    .addColumn("key", "text", (c) => c.primaryKey().notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .execute()
}
