// PostgreSQL run only (skipped on the SQLite run): what only PostgreSQL's side of the storage does.
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import * as Effect from "effect/Effect"
import { isUniqueViolation, makeDatabase, openDatabase } from "../../../../src/adapters/sqlite/database.js"
import { onPostgres } from "../../../../src/adapters/postgres/engine.js"
import { appendAudit, readAudit } from "../../../../src/adapters/sqlite/repositories/audit-log.js"
import { testDatabase, TEST_ON_POSTGRES } from "../../../support/test-database.js"
import { useTempDir, useOpenedDatabases } from "../../../support/sqlite-test-database.js"

describe.runIf(TEST_ON_POSTGRES)("the storage on PostgreSQL", () => {
  const tempDir = useTempDir()
  const closing = useOpenedDatabases()
  const open = async () => closing(await openDatabase(await testDatabase(join(tempDir(), "pg.sqlite"))))

  it("GIVEN a postgres:// location THEN Kysely runs on PostgreSQL, with instants as bigint and growing ids as identities", async () => {
    const kysely = await open()
    expect(onPostgres(kysely)).toBe(true)
    const { rows } = await import("kysely").then(({ sql }) =>
      sql<{ column_name: string; data_type: string; is_identity: string }>`select column_name, data_type, is_identity from information_schema.columns where table_schema = current_schema() and table_name = 'audit_log' order by column_name`.execute(kysely),
    )
    expect(rows.find((row) => row.column_name === "at")).toMatchObject({ data_type: "bigint" })
    expect(rows.find((row) => row.column_name === "id")).toMatchObject({ data_type: "bigint", is_identity: "YES" })
  })

  it("GIVEN a duplicate key THEN PostgreSQL's 23505 is told apart as a unique violation, like SQLite's", async () => {
    const kysely = await open()
    await kysely.insertInto("guild_settings").values({ guild_id: "1", updated_at: 1 }).execute()
    const duplicate = await kysely.insertInto("guild_settings").values({ guild_id: "1", updated_at: 2 }).execute().then(() => undefined, (error: unknown) => error)
    expect((duplicate as { code?: string }).code).toBe("23505")
    expect(isUniqueViolation(duplicate)).toBe(true)
  })

  it("GIVEN three read-then-write transactions at once in one process THEN each starts after the one before commits, as on SQLite", async () => {
    const kysely = await open()
    const database = makeDatabase(kysely)
    await kysely.insertInto("guild_settings").values({ guild_id: "1", settings_json: "0", updated_at: 1 }).execute()
    // Each reads the counter, yields to the event loop, then writes it plus one: interleaved, one increment would be lost.
    const increment = database.transaction("increment", async (trx) => {
      const { settings_json } = await trx.selectFrom("guild_settings").select("settings_json").where("guild_id", "=", "1").executeTakeFirstOrThrow()
      await new Promise((resolve) => setTimeout(resolve, 20))
      await trx.updateTable("guild_settings").set({ settings_json: String(Number(settings_json) + 1) }).where("guild_id", "=", "1").execute()
    })
    await Effect.runPromise(Effect.all([increment, increment, increment], { concurrency: "unbounded" }))
    expect((await kysely.selectFrom("guild_settings").select("settings_json").executeTakeFirstOrThrow()).settings_json).toBe("3")
  })

  it("GIVEN audit lines THEN searching by member and by number reads inside the JSON details as on SQLite", async () => {
    const kysely = await open()
    const line = (action: string, subject: string, details: Record<string, unknown>) => appendAudit(kysely, { guildId: "9", actorId: "1", action, subject, details, at: 5 })
    await line("number.claim", "7", { holderId: "42" })
    await line("number.trade", "8", { targetId: "43", targetNumber: "12" })
    await line("number.class.save", "gt3", { numbers: ["55", "56"] })
    const search = (query: { member?: string; number?: string }) => readAudit(kysely, { guildId: "9", limit: 10, offset: 0, ...query })
    expect((await search({ member: "42" })).entries.map((entry) => entry.subject)).toEqual(["7"])
    expect((await search({ member: "43" })).entries.map((entry) => entry.subject)).toEqual(["8"])
    expect((await search({ number: "12" })).entries.map((entry) => entry.subject)).toEqual(["8"])
    expect((await search({ number: "56" })).entries.map((entry) => entry.subject)).toEqual(["gt3"])
  })
})
