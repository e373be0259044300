/**
 * Putting a backup back in place of the database, for `npm run restore`. The two mistakes a hand
 * restore invites are refused or undone here: restoring under a running bot, and keeping the old
 * file's -wal, which SQLite would replay onto the restored file (it cannot tell the WAL belongs to
 * another database), mixing the two or corrupting the result.
 */
import { existsSync } from "node:fs"
import { rename, rm } from "node:fs/promises"
import { resolve } from "node:path"
import BetterSqlite3 from "better-sqlite3"
import * as Data from "effect/Data"
import { backupDatabase } from "./backup.js"

export class RestoreRefused extends Data.TaggedError("RestoreRefused")<{ readonly reason: string }> {
  override get message(): string {
    return this.reason
  }
}

export interface Restored {
  readonly database: string
  /** Where the database that was replaced now is; undefined when there was none. */
  readonly replaced: string | undefined
}

const isBusy = (error: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code))

/** Throws unless `path` is a sound database with Pitboard's bookkeeping in it. */
const checkBackup = (path: string): void => {
  const backup = new BetterSqlite3(path, { fileMustExist: true })
  try {
    const integrity = backup.pragma("integrity_check", { simple: true })
    if (integrity !== "ok") throw new RestoreRefused({ reason: `${path} fails SQLite's integrity check (${String(integrity)}); pick another backup` })
    const migrations = backup.prepare("select count(*) as found from sqlite_master where type = 'table' and name = 'kysely_migration'").get() as { found: number }
    if (migrations.found === 0) throw new RestoreRefused({ reason: `${path} is not a Pitboard database` })
  } catch (error) {
    if (error instanceof RestoreRefused) throw error
    throw new RestoreRefused({ reason: `${path} cannot be read as a database (${(error as Error).message})` })
  } finally {
    backup.close()
  }
}

/**
 * Takes the database for ourselves, proving nothing else has it open, and folds any WAL a crash
 * left into the file, so the file set aside is whole on its own.
 */
const settleLiveDatabase = (path: string): void => {
  const live = new BetterSqlite3(path, { fileMustExist: true, timeout: 0 })
  try {
    // In WAL mode only an exclusive-mode connection conflicts with an idle reader such as the bot.
    live.pragma("locking_mode = EXCLUSIVE")
    live.exec("begin exclusive")
    live.exec("commit")
    live.pragma("wal_checkpoint(TRUNCATE)")
  } catch (error) {
    if (isBusy(error)) throw new RestoreRefused({ reason: `the database ${path} is in use; stop Pitboard first, then restore` })
    throw error
  } finally {
    live.close()
  }
}

const stamp = (now: Date): string => `${now.toISOString().slice(0, 19).replaceAll(":", "")}Z`

const removeSidecars = (path: string) => Promise.all(["-wal", "-shm", "-journal"].map((suffix) => rm(`${path}${suffix}`, { force: true })))

/** Replaces the database at `database` with the copy at `backup`, keeping the old file as `<database>.replaced-<time>`. */
export const restoreDatabase = async (backup: string, database: string, now: Date): Promise<Restored> => {
  const from = resolve(backup)
  const to = resolve(database)
  if (!existsSync(from)) throw new RestoreRefused({ reason: `there is no backup at ${from}` })
  if (from === to) throw new RestoreRefused({ reason: `${from} is the database itself; name a backup of it` })
  checkBackup(from)

  let replaced: string | undefined
  if (existsSync(to)) {
    settleLiveDatabase(to)
    replaced = `${to}.replaced-${stamp(now)}`
    await rename(to, replaced)
  }
  // Whatever -wal or -shm is left belongs to the file just set aside, never to the restored one.
  await removeSidecars(to)
  try {
    const restoring = `${to}.restoring`
    await backupDatabase(from, restoring, { overwrite: true })
    await rename(restoring, to)
  } catch (error) {
    // Never leave the bot to start on an empty file: put the old database back.
    if (replaced !== undefined && !existsSync(to)) await rename(replaced, to)
    throw error
  }
  return { database: to, replaced }
}
