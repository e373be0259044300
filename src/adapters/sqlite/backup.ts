/**
 * A consistent copy of a live database, taken through SQLite's backup API from a connection of
 * its own, so the bot (or any other process) keeps reading and writing while it runs.
 */
import { existsSync } from "node:fs"
import { mkdir, rename, rm, stat } from "node:fs/promises"
import { dirname, resolve } from "node:path"
import BetterSqlite3 from "better-sqlite3"
import * as Data from "effect/Data"
import { BUSY_TIMEOUT_MS } from "./dialect.js"
import { recordLastBackupOn } from "./repositories/meta.js"

/** Something the person asking for the copy can fix; `message` is the whole story. */
export class BackupRefused extends Data.TaggedError("BackupRefused")<{ readonly reason: string }> {
  override get message(): string {
    return this.reason
  }
}

export interface BackupCopy {
  readonly path: string
  readonly bytes: number
  readonly milliseconds: number
}

export interface BackupOptions {
  /** Replace a file already at the destination (default: refuse). */
  readonly overwrite?: boolean
  /** Pages copied per turn of the event loop; tests lower it so writes land between steps. */
  readonly pagesPerStep?: number
}

// 1000 pages of 4 KiB: a step takes a few milliseconds, and a league's database is a few steps.
const DEFAULT_PAGES_PER_STEP = 1000

const removeWithSidecars = (path: string) =>
  Promise.all(["", "-journal", "-wal", "-shm"].map((suffix) => rm(`${path}${suffix}`, { force: true })))

/**
 * Copies `source` to `destination`. The copy is written next to the destination under a
 * `.partial` name, checked with `PRAGMA integrity_check`, and only then renamed into place, so a
 * file at `destination` is always a whole, sound database.
 */
export const backupDatabase = async (source: string, destination: string, options: BackupOptions = {}): Promise<BackupCopy> => {
  const started = performance.now()
  const from = resolve(source)
  const to = resolve(destination)
  if (!existsSync(from)) throw new BackupRefused({ reason: `there is no database at ${from} to back up (check DATABASE_PATH)` })
  if (to === from) throw new BackupRefused({ reason: `the backup must go to another file than the database itself (${from})` })
  if (!options.overwrite && existsSync(to)) throw new BackupRefused({ reason: `${to} already exists; choose another file name, or add --force to replace it` })

  await mkdir(dirname(to), { recursive: true })
  const partial = `${to}.partial`
  await removeWithSidecars(partial)
  try {
    await copyOnce(from, partial, options.pagesPerStep ?? DEFAULT_PAGES_PER_STEP)
    checkAndSettle(partial)
    await rename(partial, to)
  } catch (error) {
    await removeWithSidecars(partial)
    throw error
  }
  return { path: to, bytes: (await stat(to)).size, milliseconds: performance.now() - started }
}

/**
 * Notes the copy in the database it came from, for /status. Called by `npm run backup` only: a
 * restore copies from a backup file, and writing into that would change the backup itself.
 * Returns false when the database predates the note's table (no release has opened it since).
 */
export const noteBackupInDatabase = (source: string, copy: BackupCopy, at: number): boolean => {
  const database = new BetterSqlite3(resolve(source), { fileMustExist: true, timeout: BUSY_TIMEOUT_MS })
  try {
    return recordLastBackupOn(database, { at, path: copy.path, bytes: copy.bytes, by: "backup" })
  } finally {
    database.close()
  }
}

const copyOnce = async (from: string, to: string, pagesPerStep: number): Promise<void> => {
  // Only ever read, never migrated. Not opened read-only all the same: a read-only connection
  // cannot tidy the WAL away when it closes, so with the bot stopped it would leave empty -wal and
  // -shm files behind. The busy timeout waits out a checkpoint in progress instead of failing.
  const source = new BetterSqlite3(from, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS })
  try {
    // One read transaction for the whole copy: every step reads the same snapshot. Without it each
    // step opens its own, and SQLite restarts the copy whenever another connection has committed
    // in between, which under a steady stream of claims means it never finishes. In WAL mode an
    // open reader blocks no writer.
    source.exec("begin")
    source.prepare("select count(*) from sqlite_master").get()
    await source.backup(to, { progress: () => pagesPerStep })
    source.exec("commit")
  } finally {
    source.close()
  }
}

/** Refuses a copy that fails integrity_check, and makes it one self-contained file. */
const checkAndSettle = (path: string): void => {
  const copy = new BetterSqlite3(path, { fileMustExist: true })
  try {
    const problems = copy.pragma("integrity_check", { simple: false }) as Array<{ integrity_check: string }>
    const report = problems.map((row) => row.integrity_check)
    if (report.length !== 1 || report[0] !== "ok") {
      throw new Error(`the copy failed SQLite's integrity check: ${report.slice(0, 3).join("; ")}`)
    }
    // The live file is in WAL mode and the copy inherits the flag; in rollback mode a backup is
    // one file that opening it (say, with the sqlite3 shell) does not grow -wal/-shm beside.
    copy.pragma("journal_mode = DELETE")
  } finally {
    copy.close()
  }
}
