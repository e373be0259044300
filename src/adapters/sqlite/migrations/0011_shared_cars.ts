/**
 * Released: never edit. Fix forward with a new migration.
 *
 * Team races: several drivers share one car, each with a result row of their own that carries
 * the car's finish. `entry_id` names the car ("ir-team:<team_id>"), so the stewards classify it
 * once and the team standings count it once. Null for a car driven alone (every row so far).
 *
 * A new migration rather than an edit of 0010, though 0010 is not released yet: databases already
 * made from the main branch have run it and would never get the column.
 */
import type { Kysely } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("championship_results").addColumn("entry_id", "text").execute()
}
