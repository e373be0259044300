/**
 * Facts about the database itself kept in `pitboard_meta` (see release-stamp.ts for the release):
 * the last backup, so /status can say when and where one was made, and the health probe's write.
 */
import type BetterSqlite3 from "better-sqlite3"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { Kysely } from "kysely"
import type { DB } from "../schema.js"

const LAST_BACKUP_KEY = "last_backup"
const HEALTH_KEY = "health_checked_at"

export const LastBackup = Schema.Struct({
  at: Schema.Number,
  path: Schema.String,
  bytes: Schema.Number,
  /** "npm run backup", or the copy start-up makes before migrating. */
  by: Schema.Literal("backup", "before-migrating"),
})
export type LastBackup = typeof LastBackup.Type

const encode = Schema.encodeSync(Schema.parseJson(LastBackup))
const decode = Schema.decodeUnknownEither(Schema.parseJson(LastBackup))

const UPSERT = `insert into pitboard_meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`

/**
 * From the backup's own connection (the bot may be running, so this is a short write of its own).
 * A database no release has migrated this far has no meta table yet: then nothing is recorded.
 */
export const recordLastBackupOn = (connection: BetterSqlite3.Database, backup: LastBackup): boolean => {
  const table = connection.prepare("select 1 from sqlite_master where type = 'table' and name = 'pitboard_meta'").get()
  if (table === undefined) return false
  connection.prepare(UPSERT).run(LAST_BACKUP_KEY, encode(backup))
  return true
}

export const recordLastBackup = async (db: Kysely<DB>, backup: LastBackup): Promise<void> => {
  await db
    .insertInto("pitboard_meta")
    .values({ key: LAST_BACKUP_KEY, value: encode(backup) })
    .onConflict((conflict) => conflict.column("key").doUpdateSet({ value: encode(backup) }))
    .execute()
}

/** Undefined when no backup was ever recorded (or the record is unreadable, which says the same to an admin). */
export const readLastBackup = async (db: Kysely<DB>): Promise<LastBackup | undefined> => {
  const row = await db.selectFrom("pitboard_meta").select("value").where("key", "=", LAST_BACKUP_KEY).executeTakeFirst()
  if (row === undefined) return undefined
  return Either.getOrUndefined(decode(row.value))
}

/** The health probe's proof that the database takes a write: one row, overwritten each time. */
export const touchHealthCheck = async (db: Kysely<DB>, now: number): Promise<void> => {
  await db
    .insertInto("pitboard_meta")
    .values({ key: HEALTH_KEY, value: String(now) })
    .onConflict((conflict) => conflict.column("key").doUpdateSet({ value: String(now) }))
    .execute()
}
