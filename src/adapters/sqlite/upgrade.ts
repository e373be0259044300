/**
 * What start-up checks before it runs migrations: that this release knows every migration the
 * database has run (else the file came from a newer release), and that there is a copy to go
 * back to before a release upgrades an existing database.
 */
import { existsSync } from "node:fs"
import { readdir, rm } from "node:fs/promises"
import { basename, dirname, join, resolve } from "node:path"
import * as Data from "effect/Data"
import type { Kysely } from "kysely"
import { backupDatabase } from "./backup.js"
import { hasTable, recordedRelease } from "./release-stamp.js"

/** How many automatic pre-migration copies stay beside the database; older ones are deleted. */
export const PRE_MIGRATION_COPIES_KEPT = 3

/** The database has run migrations this release does not have: a newer Pitboard wrote it. */
export class NewerDatabase extends Data.TaggedError("NewerDatabase")<{
  readonly path: string
  /** This release's version. */
  readonly release: string
  /** The version the file records as the last to open it, when it records one. */
  readonly writtenBy: string | undefined
  readonly newestApplied: string
  readonly newestKnown: string
  /** The copy made just before the newer release migrated this file, when it is still there. */
  readonly backup: string | undefined
}> {
  override get message(): string {
    const writer = this.writtenBy !== undefined && this.writtenBy !== this.release ? `Pitboard ${this.writtenBy}` : "a newer Pitboard"
    const restore = this.backup === undefined ? "restore a backup made before that upgrade" : `restore the backup made before that upgrade (${this.backup})`
    return `the database ${this.path} was written by ${writer} (it has migration ${this.newestApplied}; this release, Pitboard ${this.release}, knows up to ${this.newestKnown}). Upgrade Pitboard, or ${restore}.`
  }
}

/** Names in Kysely's bookkeeping table, sorted; none for a new file (the table comes with the first migration). */
export const appliedMigrations = async (db: Kysely<any>): Promise<string[]> =>
  (await hasTable(db, "kysely_migration"))
    ? (await db.selectFrom("kysely_migration").select("name").orderBy("name").execute()).map((row) => row.name as string)
    : []

/** Named after the first migration it precedes, so the copies sort in the order they were made. */
export const preMigrationCopyPath = (path: string, firstPending: string): string => `${resolve(path)}.before-${firstPending}.bak`

const dropOldCopies = async (path: string): Promise<void> => {
  const folder = dirname(resolve(path))
  const prefix = `${basename(path)}.before-`
  const copies = (await readdir(folder)).filter((name) => name.startsWith(prefix) && name.endsWith(".bak")).sort()
  for (const old of copies.slice(0, -PRE_MIGRATION_COPIES_KEPT)) await rm(join(folder, old), { force: true })
}

/**
 * Refuses a database from a newer release: it has run migrations this one lacks. `where` names it
 * in the refusal (a path, or a PostgreSQL URL without its password); `copyBefore` says where the
 * copy made before that migration would be, if the engine makes one.
 */
export const refuseNewerDatabase = async (
  db: Kysely<any>,
  where: string,
  known: ReadonlyArray<string>,
  release: string,
  copyBefore: (migration: string) => string | undefined = () => undefined,
): Promise<ReadonlyArray<string>> => {
  const applied = await appliedMigrations(db)
  const unknown = applied.filter((name) => !known.includes(name))
  if (unknown.length > 0) {
    const backup = copyBefore(unknown[0]!)
    throw new NewerDatabase({
      path: where,
      release,
      writtenBy: await recordedRelease(db),
      newestApplied: unknown.at(-1)!,
      newestKnown: known.at(-1) ?? "none",
      backup: backup !== undefined && existsSync(backup) ? backup : undefined,
    })
  }
  return applied
}

/** Migrations `known` to this release that the database has not run yet. */
export const pendingMigrations = (applied: ReadonlyArray<string>, known: ReadonlyArray<string>): ReadonlyArray<string> =>
  known.filter((name) => !applied.includes(name))

/**
 * Refuses a file from a newer release, then, if migrations are pending on a database that already
 * has some applied, copies it beside itself. Returns the copy's path, if one was made.
 */
export const prepareToMigrate = async (db: Kysely<any>, path: string, known: ReadonlyArray<string>, release: string): Promise<string | undefined> => {
  const applied = await refuseNewerDatabase(db, path, known, release, (migration) => preMigrationCopyPath(path, migration))
  const pending = pendingMigrations(applied, known)
  if (applied.length === 0 || pending.length === 0) return undefined
  const copy = await backupDatabase(path, preMigrationCopyPath(path, pending[0]!), { overwrite: true })
  await dropOldCopies(path)
  return copy.path
}
