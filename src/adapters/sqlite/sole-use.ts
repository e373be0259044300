/**
 * SQLite serves one Pitboard process. Two bots on one file (a second `npm start`, pm2 next to
 * systemd) would both run the scheduler and the follow-up worker: every reminder twice, every
 * follow-up raced. So the bot holds an exclusive lock while it runs, and a second one is refused.
 *
 * The lock is SQLite's own, on a small file beside the database (`<file>-lock`), taken with an
 * exclusive transaction that stays open: the operating system drops it when the process ends,
 * however it ends, so a crash or a power cut never leaves a stale lock to clean up by hand.
 */
import { existsSync, mkdirSync, realpathSync } from "node:fs"
import { basename, dirname, join, resolve } from "node:path"
import BetterSqlite3 from "better-sqlite3"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

export class DatabaseInUse extends Data.TaggedError("DatabaseInUse")<{ readonly path: string }> {
  override get message(): string {
    return (
      `another Pitboard is already running on ${this.path}, and SQLite serves one process at a time. ` +
      "Stop the other one first (systemctl stop pitboard, pm2 stop pitboard, or Ctrl+C in its terminal). " +
      "To run several processes or shards, store the data in PostgreSQL instead: see \"When one machine is not enough\" in the README."
    )
  }
}

/**
 * Beside the file itself, whatever path names it: a second bot started through a symlink, or from
 * another folder with another relative path, meets the same lock (and is refused). Several
 * processes on one database are PostgreSQL's job (README, "When one machine is not enough").
 */
export const lockPathFor = (databasePath: string) => {
  const path = resolve(databasePath)
  const folder = dirname(path)
  const real = existsSync(path) ? realpathSync(path) : existsSync(folder) ? join(realpathSync(folder), basename(path)) : path
  return `${real}-lock`
}

const isBusy = (error: unknown) => (error as { code?: unknown }).code === "SQLITE_BUSY"

/** Takes the lock, or fails with DatabaseInUse when another process (or another bot in this one) holds it. */
export const lockSoleUse = (databasePath: string): { readonly release: () => void } => {
  // The lock comes before the database, so its folder may not exist yet (a first start).
  mkdirSync(dirname(resolve(databasePath)), { recursive: true })
  const lock = new BetterSqlite3(lockPathFor(databasePath), { timeout: 0 })
  try {
    lock.pragma("locking_mode = EXCLUSIVE")
    lock.exec("BEGIN EXCLUSIVE")
  } catch (error) {
    lock.close()
    throw isBusy(error) ? new DatabaseInUse({ path: databasePath }) : error
  }
  return { release: () => lock.close() }
}

/** Held for the scope's life: the bot's whole run. Nothing to hold for an in-memory database. */
export const holdSoleUse = (databasePath: string): Effect.Effect<void, unknown, Scope.Scope> =>
  databasePath === "" || databasePath === ":memory:"
    ? Effect.void
    : Effect.acquireRelease(
        Effect.try({ try: () => lockSoleUse(databasePath), catch: (cause) => cause }),
        (held) => Effect.sync(held.release),
      ).pipe(Effect.asVoid)
