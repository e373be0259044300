/** Released: never edit. Fix forward with a new migration. */
import { sql, type Kysely } from "kysely"
import { instant } from "./column-types.js"

export async function up(db: Kysely<any>): Promise<void> {
  // The check makes "one row" a rule of the schema rather than of the code that writes it.
  await db.schema
    .createTable("iracing_tokens")
    .addColumn("id", "integer", (c) => c.primaryKey().notNull().check(sql`id = 1`))
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("updated_at", instant(db), (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("iracing_tokens").execute()
}
