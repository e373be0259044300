/**
 * The release that last opened the file, kept in `pitboard_meta` (migration 0009), so that an
 * older release meeting the file can name the newer one that wrote it.
 */
import { sql, type Kysely } from "kysely"
import type { DB } from "./schema.js"
import { onPostgres } from "../postgres/engine.js"

const RELEASE_KEY = "release"

/** On PostgreSQL, in the schema the connection works in (the first on its search_path). */
export const hasTable = async (db: Kysely<any>, name: string): Promise<boolean> => {
  const found = onPostgres(db)
    ? sql<{ found: number }>`select count(*) as found from information_schema.tables where table_schema = current_schema() and table_name = ${name}`
    : sql<{ found: number }>`select count(*) as found from sqlite_master where type = 'table' and name = ${name}`
  return (await found.execute(db)).rows[0]!.found > 0
}

/** Undefined for a file no release stamped yet (0.1.0 predates the stamp). */
export const recordedRelease = async (db: Kysely<any>): Promise<string | undefined> => {
  if (!(await hasTable(db, "pitboard_meta"))) return undefined
  const row = await db.selectFrom("pitboard_meta").select("value").where("key", "=", RELEASE_KEY).executeTakeFirst()
  return row?.value as string | undefined
}

export const recordRelease = async (db: Kysely<DB>, release: string): Promise<void> => {
  await db
    .insertInto("pitboard_meta")
    .values({ key: RELEASE_KEY, value: release })
    .onConflict((conflict) => conflict.column("key").doUpdateSet({ value: release }))
    .execute()
}
