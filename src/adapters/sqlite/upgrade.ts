/**
 * What start-up does before it runs migrations: makes sure there is a copy to go back to before
 * a release upgrades an existing database.
 */
import { readdir, rm } from "node:fs/promises"
import { basename, dirname, join, resolve } from "node:path"
import type { Kysely } from "kysely"
import { backupDatabase } from "./backup.js"
import { hasTable } from "./release-stamp.js"

/** How many automatic pre-migration copies stay beside the database; older ones are deleted. */
export const PRE_MIGRATION_COPIES_KEPT = 3

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
 * If migrations are pending on a database that already has some applied, copies it beside
 * itself first. Returns the copy's path, if one was made.
 */
export const prepareToMigrate = async (db: Kysely<any>, path: string, known: ReadonlyArray<string>): Promise<string | undefined> => {
  const applied = await appliedMigrations(db)
  const pending = known.filter((name) => !applied.includes(name))
  if (applied.length === 0 || pending.length === 0) return undefined
  const copy = await backupDatabase(path, preMigrationCopyPath(path, pending[0]!), { overwrite: true })
  await dropOldCopies(path)
  return copy.path
}
