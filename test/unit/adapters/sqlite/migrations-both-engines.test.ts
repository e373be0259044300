// Runs on both engines: on SQLite in `npm test`'s first run, on PostgreSQL in its second.
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { sql, type Kysely, type Migration, type MigrationProvider } from "kysely"
import { isUniqueViolation, migrateToLatest, migratorFor, openDatabase } from "../../../../src/adapters/sqlite/database.js"
import { migrations } from "../../../../src/adapters/sqlite/migrations/index.js"
import * as m0001 from "../../../../src/adapters/sqlite/migrations/0001_foundation.js"
import { openUnmigrated, testDatabase, TEST_ON_POSTGRES } from "../../../support/test-database.js"
import { useTempDir } from "../../../support/sqlite-test-database.js"

const engine = TEST_ON_POSTGRES ? "PostgreSQL" : "SQLite"
const provider = (all: Record<string, Migration>): MigrationProvider => ({ getMigrations: async () => all })
// On PostgreSQL, introspection lists every schema's tables; a test database is one schema.
const tablesOf = async (db: Kysely<any>) => {
  const schema = TEST_ON_POSTGRES ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]!.schema : undefined
  return (await db.introspection.getTables())
    .filter((table) => schema === undefined || table.schema === schema)
    .map((table) => table.name)
    .sort()
}

describe(`every migration, on ${engine}`, () => {
  const tempDir = useTempDir()
  const opened: Kysely<any>[] = []
  const open = async (name: string) => {
    const db = openUnmigrated(await testDatabase(join(tempDir(), name)))
    opened.push(db)
    return db
  }
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy()
  })

  it("GIVEN an empty database WHEN the migrations run one at a time THEN each one succeeds, in order", async () => {
    const db = await open("steps.sqlite")
    const migrator = await migratorFor(db)
    const names = Object.keys(await migrations.getMigrations())
    for (const name of names) {
      const { error, results } = await migrator.migrateUp()
      expect(error).toBeUndefined()
      expect(results).toEqual([{ migrationName: name, direction: "Up", status: "Success" }])
    }
    expect(await tablesOf(db)).toEqual(
      expect.arrayContaining(["audit_log", "claims", "events", "outbox", "participants", "pitboard_meta", "sync_runs", "trade_offers"]),
    )
  })

  it("GIVEN each migration that has a down() WHEN it is undone right after running THEN the tables are what they were before it", async () => {
    const all = await migrations.getMigrations()
    const names = Object.keys(all)
    const reversible = names.filter((name) => all[name]!.down !== undefined)
    expect(reversible.length).toBeGreaterThan(0)
    for (const name of reversible) {
      const db = await open(`down-${name}.sqlite`)
      const migrator = await migratorFor(db)
      const previous = names[names.indexOf(name) - 1]
      if (previous !== undefined) expect((await migrator.migrateTo(previous)).error).toBeUndefined()
      const before = (await tablesOf(db)).filter((table) => !table.startsWith("kysely_"))
      expect((await migrator.migrateTo(name)).error).toBeUndefined()
      expect((await tablesOf(db)).length).toBeGreaterThan(before.length)
      const down = await migrator.migrateDown()
      expect(down.error).toBeUndefined()
      expect(down.results).toEqual([{ migrationName: name, direction: "Down", status: "Success" }])
      expect((await tablesOf(db)).filter((table) => !table.startsWith("kysely_"))).toEqual(before)
    }
  })

  it("GIVEN a batch whose second migration fails THEN neither is applied: the engine's DDL rolls back with the batch", async () => {
    const db = await open("batch.sqlite")
    const failing: Migration = {
      up: async (trx) => {
        await trx.schema.createTable("half_made").addColumn("x", "text").execute()
        throw new Error("boom in the middle")
      },
    }
    await expect(migrateToLatest(db, provider({ "0001_foundation": m0001, "0002_bad": failing }))).rejects.toThrow(`${engine} migration "0002_bad" failed`)
    expect((await tablesOf(db)).filter((table) => !table.startsWith("kysely_"))).toEqual([])
  })

  it("GIVEN an instant past 2038 and past 2^31 milliseconds THEN it is stored and read back exactly, as a number", async () => {
    const db = await openDatabase(await testDatabase(join(tempDir(), "instants.sqlite")))
    opened.push(db)
    const in2100 = Date.UTC(2100, 0, 1, 12, 0, 0, 123)
    await db.insertInto("audit_log").values({ guild_id: "1", actor_id: "2", action: "settings.set", at: in2100 }).execute()
    const row = await db.selectFrom("audit_log").select(["id", "at"]).executeTakeFirstOrThrow()
    expect(row).toEqual({ id: 1, at: in2100 })
    const count = await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()
    expect(count.n).toBe(1)
  })

  it("GIVEN a car number THEN the schema takes one to three digits only, and one active holder per number", async () => {
    const db = await openDatabase(await testDatabase(join(tempDir(), "numbers.sqlite")))
    opened.push(db)
    const claim = (id: string, number: string) =>
      db.insertInto("claims").values({ id, guild_id: "1", class_id: "gt3", number, holder_id: id, status: "claimed", claimed_at: 1, machine_json: "{}" }).execute()
    await claim("a", "007")
    for (const bad of ["", "1a", "1234", "-1"]) await expect(claim(`bad-${bad}`, bad)).rejects.toThrow(/check/i)
    const duplicate = await claim("b", "007").then(() => undefined, (error: unknown) => error)
    expect(isUniqueViolation(duplicate)).toBe(true)
  })
})
