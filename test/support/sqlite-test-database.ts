import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, beforeEach } from "vitest"
import { Kysely, sql } from "kysely"
import { sqliteDialect } from "../../src/adapters/sqlite/dialect.js"

/** A fresh folder under os.tmpdir() per test, removed afterwards; call at describe level. */
export const useTempDir = (): (() => string) => {
  let dir: string | undefined
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "pitboard-sqlite-"))
  })
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
    dir = undefined
  })
  return () => {
    if (!dir) throw new Error("useTempDir: only inside a test")
    return dir
  }
}

/** Unmigrated Kysely over our dialect, for driver-level tests with scratch tables. */
export const openScratch = (path: string): Kysely<any> => new Kysely<any>({ dialect: sqliteDialect(path) })

export const createItems = (db: Kysely<any>) =>
  db.schema
    .createTable("items")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("n", "integer")
    .execute()

export const countRows = async (db: Kysely<any>, table: string): Promise<number> => {
  const { rows } = await sql<{ c: number }>`select count(*) as c from ${sql.table(table)}`.execute(db)
  return rows[0]!.c
}

/**
 * Databases a test opens, destroyed after it even when it fails; call at describe level, after
 * useTempDir (after-hooks run in reverse, so they close before their folder goes).
 */
export const useOpenedDatabases = () => {
  const opened: Array<{ destroy(): Promise<void> }> = []
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.destroy()))
  })
  return <D extends { destroy(): Promise<void> }>(db: D): D => (opened.push(db), db)
}
