// PostgreSQL run only: it copies into a real PostgreSQL database (on the SQLite run it is skipped).
import { spawnSync } from "node:child_process"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { Database, DatabaseLive } from "../../src/adapters/sqlite/database.js"
import { FollowUpsUndelivered } from "../../src/app/follow-ups.js"
import { readDraftPanel } from "../../src/app/events/wizard.js"
import { claimNumber } from "../../src/app/numbers/claim-use-cases.js"
import { myNumbers } from "../../src/app/numbers/queries.js"
import { ModuleAccessLive } from "../../src/app/module-access.js"
import { readEntryList } from "../../src/app/race-night/entries.js"
import { testDatabase, TEST_ON_POSTGRES } from "../support/test-database.js"
import { useTempDir } from "../support/sqlite-test-database.js"
import { writeRelease010Database } from "../support/released-database.js"

const ROOT = resolve(import.meta.dirname, "../..")
const GUILD = "900000000000000001"
const ADMIN = "800000000000000001"
const memberId = (i: number) => String(810000000000000000n + BigInt(i))
const actor = (userId: string) => ({ userId, roleIds: [], managesServer: false })

// The location as it is: a real SQLite file on one side, the PostgreSQL test database on the other.
const runtimeOn = (location: string) => {
  const database = DatabaseLive(location)
  return ManagedRuntime.make(Layer.mergeAll(database, ModuleAccessLive.pipe(Layer.provide(database)), FollowUpsUndelivered))
}

/** What the bot shows from the data: members' numbers, the draft's panel, the event's entry list, and the raw rows of the tables without a reader. */
const whatTheBotReads = async (runtime: ReturnType<typeof runtimeOn>) => {
  const numbers = await Promise.all([0, 20, 61].map((i) => runtime.runPromise(myNumbers(GUILD, memberId(i)))))
  const rows = await runtime.runPromise(
    Effect.flatMap(Database, (db) =>
      db.query("rows", async (k) => ({
        draft: await k.selectFrom("event_drafts").select(["id", "revision"]).executeTakeFirstOrThrow(),
        outbox: await k.selectFrom("outbox").selectAll().orderBy("id").execute(),
        audit: await k.selectFrom("audit_log").selectAll().orderBy("id").execute(),
        claims: await k.selectFrom("claims").selectAll().orderBy("id").execute(),
      })),
    ),
  )
  const { panel } = await runtime.runPromise(readDraftPanel({ guildId: GUILD, draftId: rows.draft.id, actorId: ADMIN, revision: rows.draft.revision }))
  const entries = await runtime.runPromise(readEntryList(GUILD, "fixture-event-1"))
  return { numbers: numbers.map((mine) => mine.claims.map((claim) => claim.number)), panel: panel.view, entries, ...rows }
}

const migrateToPostgres = (sqlitePath: string, url: string) =>
  spawnSync(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "src/app/migrate-to-postgres.ts")], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_PATH: sqlitePath, DATABASE_URL: url, INIT_CWD: ROOT },
  })

describe.runIf(TEST_ON_POSTGRES)("npm run migrate-to-postgres", () => {
  const tempDir = useTempDir()

  it("GIVEN a SQLite file with claims, trades, an event's grid, a draft and waiting follow-ups WHEN it is copied THEN the bot on PostgreSQL reads exactly the same, and new rows continue after the copied ids", async () => {
    const sqlitePath = join(tempDir(), "pitboard.sqlite")
    writeRelease010Database(sqlitePath)
    const onSqlite = runtimeOn(sqlitePath)
    // A claim made by this release leaves follow-ups waiting in the outbox.
    expect(Either.isRight(await onSqlite.runPromise(Effect.either(claimNumber({ guildId: GUILD, actor: actor(memberId(61)), number: "05" }))))).toBe(true)
    const before = await whatTheBotReads(onSqlite)
    await onSqlite.dispose()
    expect(before.outbox.length).toBeGreaterThan(0)
    expect(before.numbers).toEqual([["02"], ["23"], ["05"]])

    const url = await testDatabase(join(tempDir(), "target"))
    const copy = migrateToPostgres(sqlitePath, url)
    expect(copy.stderr).toBe("")
    expect(copy.status).toBe(0)
    expect(copy.stdout).toMatch(/^Copied \d+ rows from .+pitboard\.sqlite to postgres:\/\/.+ every table's count checked \(.*claims 34.*\)/)

    const onPostgres = runtimeOn(url)
    try {
      expect(await whatTheBotReads(onPostgres)).toEqual(before)
      const next = await onPostgres.runPromise(Effect.either(claimNumber({ guildId: GUILD, actor: actor(memberId(62)), number: "35" })))
      expect(Either.isRight(next) || next.left.message).toBe(true)
      const newest = await onPostgres.runPromise(
        Effect.flatMap(Database, (db) => db.query("newest", (k) => k.selectFrom("audit_log").select("id").orderBy("id", "desc").executeTakeFirstOrThrow())),
      )
      expect(newest.id).toBe(before.audit.at(-1)!.id + 1)
    } finally {
      await onPostgres.dispose()
    }
  })

  it("GIVEN a PostgreSQL database that already holds a league's data WHEN a copy is asked THEN it is refused, saying why, and nothing is added", async () => {
    const sqlitePath = join(tempDir(), "pitboard.sqlite")
    writeRelease010Database(sqlitePath)
    const url = await testDatabase(join(tempDir(), "target"))
    expect(migrateToPostgres(sqlitePath, url).status).toBe(0)

    const again = migrateToPostgres(sqlitePath, url)
    expect(again.status).toBe(1)
    expect(again.stderr).toMatch(/^Pitboard can't migrate to PostgreSQL: postgres:\/\/.+ already holds data \(\d+ rows in guild_settings\)/)
    const onPostgres = runtimeOn(url)
    try {
      const claims = await onPostgres.runPromise(Effect.flatMap(Database, (db) => db.query("count", (k) => k.selectFrom("claims").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow())))
      expect(claims.n).toBe(33)
    } finally {
      await onPostgres.dispose()
    }
  })

  it("GIVEN no DATABASE_URL WHEN a copy is asked THEN it says what to set", () => {
    const result = spawnSync(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "src/app/migrate-to-postgres.ts")], {
      cwd: tempDir(),
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "", DATABASE_PATH: join(tempDir(), "x.sqlite") },
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain("DATABASE_URL is not set: it names the PostgreSQL database to copy into")
  })
})
