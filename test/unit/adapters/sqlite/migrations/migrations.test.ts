import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { sql, type Kysely, type Migration, type MigrationProvider } from "kysely"
import { migrateToLatest, openDatabase } from "../../../../../src/adapters/sqlite/database.js"
import { migrations } from "../../../../../src/adapters/sqlite/migrations/index.js"
import * as m0001 from "../../../../../src/adapters/sqlite/migrations/0001_foundation.js"
import type { DB } from "../../../../../src/adapters/sqlite/schema.js"
import { MODULES } from "../../../../../src/domain/permissions.js"
import { openScratch, useTempDir } from "../../../../support/sqlite-test-database.js"

const provider = (all: Record<string, Migration>): MigrationProvider => ({ getMigrations: async () => all })

const schemaOf = async (db: Kysely<any>) =>
  (await sql<{ type: string; name: string; sql: string | null }>`select type, name, sql from sqlite_master order by name`.execute(db)).rows

const appliedMigrations = async (db: Kysely<any>) =>
  (await db.selectFrom("kysely_migration").select("name").orderBy("name").execute()).map((r) => r.name)

describe("migrations", () => {
  const tempDir = useTempDir()
  const opened: Kysely<any>[] = []
  const track = <T extends Kysely<any>>(db: T): T => (opened.push(db), db)
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy()
  })

  it("GIVEN the migration list THEN names are NNNN_snake_case and listed in the order Kysely will run them", async () => {
    const names = Object.keys(await migrations.getMigrations())
    expect(names[0]).toBe("0001_foundation")
    for (const name of names) expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/)
    expect([...names].sort()).toEqual(names)
  })

  it("GIVEN a path in folders that do not exist THEN openDatabase creates them and the foundation tables", async () => {
    const db = track(await openDatabase(join(tempDir(), "a", "b", "pitboard.db")))
    const tables = (await schemaOf(db)).filter((o) => o.type === "table").map((o) => o.name)
    expect(tables).toEqual(expect.arrayContaining(["guild_settings", "module_grants", "audit_log", "command_registrations"]))
    const indexes = (await schemaOf(db)).filter((o) => o.type === "index").map((o) => o.name)
    expect(indexes).toEqual(expect.arrayContaining(["audit_log_guild_at_idx", "audit_log_guild_subject_idx"]))
  })

  it("GIVEN every module the domain knows THEN module_grants accepts it, and refuses anything else", async () => {
    const db: Kysely<DB> = track(await openDatabase(join(tempDir(), "grants.db")))
    const grant = { guild_id: "1", subject_type: "role" as const, subject_id: "2", granted_by: "3", granted_at: 0 }
    for (const module of MODULES) await db.insertInto("module_grants").values({ ...grant, module }).execute()
    await expect(
      db.insertInto("module_grants").values({ ...grant, module: "bogus" as never }).execute(),
    ).rejects.toThrow(/CHECK constraint failed/)
    await expect(
      db.insertInto("module_grants").values({ ...grant, module: "numbers", subject_type: "channel" as never }).execute(),
    ).rejects.toThrow(/CHECK constraint failed/)
  })

  it("GIVEN data WHEN the database is closed and reopened THEN the data is there and migrations do not run again", async () => {
    const path = join(tempDir(), "restart.db")
    const first = track(await openDatabase(path))
    await first.insertInto("guild_settings").values({ guild_id: "42", updated_at: 1 }).execute()
    await first.insertInto("audit_log").values({ guild_id: "42", actor_id: "7", action: "settings.set", at: 1 }).execute()
    const before = await first.selectFrom("kysely_migration" as never).selectAll().execute()
    await first.destroy()

    const second = track(await openDatabase(path))
    expect(await second.selectFrom("guild_settings").selectAll().execute()).toEqual([
      { guild_id: "42", settings_json: "{}", updated_at: 1 },
    ])
    expect(await second.selectFrom("audit_log").select(["id", "details_json"]).execute()).toEqual([{ id: 1, details_json: "{}" }])
    expect(await second.selectFrom("kysely_migration" as never).selectAll().execute()).toEqual(before)
  })

  it("GIVEN an applied migration WHEN the database reopens THEN its up() is not called again", async () => {
    const path = join(tempDir(), "count.db")
    let runs = 0
    const counting = provider({
      "0001_count": {
        up: async (db) => {
          runs++
          await db.schema.createTable("t").addColumn("x", "text").execute()
        },
      },
    })
    for (let i = 0; i < 3; i++) {
      const db = track(openScratch(path))
      await migrateToLatest(db, counting)
      await db.destroy()
    }
    expect(runs).toBe(1)
  })

  it("GIVEN a migration that fails halfway THEN the database is exactly as before and the error names it", async () => {
    const db = track(openScratch(join(tempDir(), "failing.db")))
    await migrateToLatest(db, provider({ "0001_foundation": m0001 }))
    await db.insertInto("guild_settings").values({ guild_id: "1", updated_at: 1 }).execute()
    const schemaBefore = await schemaOf(db)

    const failing: Migration = {
      up: async (trx) => {
        await trx.schema.createTable("numbers").addColumn("number", "integer").execute()
        await trx.deleteFrom("guild_settings").execute()
        throw new Error("boom in the middle")
      },
    }
    const attempt = migrateToLatest(db, provider({ "0001_foundation": m0001, "0002_numbers": failing }))
    await expect(attempt).rejects.toThrow(/"0002_numbers" failed.*boom in the middle/)

    expect(await schemaOf(db)).toEqual(schemaBefore)
    expect(await appliedMigrations(db)).toEqual(["0001_foundation"])
    expect(await db.selectFrom("guild_settings").select("guild_id").execute()).toEqual([{ guild_id: "1" }])
  })

  it("GIVEN several pending migrations WHEN the last fails THEN none of them is applied", async () => {
    const db = track(openScratch(join(tempDir(), "batch.db")))
    const failing: Migration = {
      up: async () => {
        throw new Error("nope")
      },
    }
    await expect(migrateToLatest(db, provider({ "0001_foundation": m0001, "0002_bad": failing }))).rejects.toThrow(/"0002_bad"/)
    expect(await appliedMigrations(db)).toEqual([])
    expect((await schemaOf(db)).map((o) => o.name)).not.toContain("guild_settings")
  })
})
