/** Facts about the database itself kept in `pitboard_meta` (see release-stamp.ts for the release). */
import type { Kysely } from "kysely"
import type { DB } from "../schema.js"

const HEALTH_KEY = "health_checked_at"

/** The health probe's proof that the database takes a write: one row, overwritten each time. */
export const touchHealthCheck = async (db: Kysely<DB>, now: number): Promise<void> => {
  await db
    .insertInto("pitboard_meta")
    .values({ key: HEALTH_KEY, value: String(now) })
    .onConflict((conflict) => conflict.column("key").doUpdateSet({ value: String(now) }))
    .execute()
}
