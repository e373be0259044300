import { createHash } from "node:crypto"
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import BetterSqlite3 from "better-sqlite3"
import { describe, expect, it } from "vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import { DatabaseLive, openDatabase } from "../../../../src/adapters/sqlite/database.js"
import { migrations } from "../../../../src/adapters/sqlite/migrations/index.js"
import { PITBOARD_VERSION } from "../../../../src/shared/release-version.js"
import { useTempDir } from "../../../support/sqlite-test-database.js"
import { writeRelease010Database } from "../../../support/released-database.js"

// Made by release 0.1.0: see test/fixtures/databases/README.md.
const lastKnown = Object.keys(await migrations.getMigrations()).at(-1)
const RELEASE_0_1_0_MIGRATIONS = ["0001_foundation", "0002_numbers", "0003_iracing", "0004_events", "0005_member_links", "0006_race_night"]

/** Schema and every row of every table, in a stable order: what a database holds, whatever its page layout. */
const contentsOf = (path: string) => {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  try {
    const schema = db.prepare("select type, name, sql from sqlite_master where name not like 'sqlite_%' order by type, name").all() as Array<{ type: string; name: string }>
    const rows = Object.fromEntries(
      schema.filter((entry) => entry.type === "table").map((table) => [table.name, db.prepare(`select * from "${table.name}" order by 1, 2`).all()]),
    )
    return { schema, rows, integrity: db.pragma("integrity_check", { simple: true }) }
  } finally {
    db.close()
  }
}

const appliedIn = (path: string): string[] => {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  try {
    return (db.prepare("select name from kysely_migration order by name").all() as Array<{ name: string }>).map((row) => row.name)
  } finally {
    db.close()
  }
}

describe("upgrading a database", () => {
  const tempDir = useTempDir()

  /** The 0.1.0 file where a league would keep it, and an untouched second copy to compare with. */
  const release010 = () => {
    const path = join(tempDir(), "pitboard.sqlite")
    const original = join(tempDir(), "original-0.1.0.sqlite")
    writeRelease010Database(path)
    writeRelease010Database(original)
    return { path, original }
  }

  it("GIVEN the release 0.1.0 database WHEN this release opens it THEN a copy beside it is still that 0.1.0 database, and the opened one is migrated", async () => {
    const { path, original } = release010()
    const copies: string[] = []
    const db = await openDatabase(path, { onCopiedBeforeMigrating: (copy) => copies.push(copy) })
    await db.destroy()

    expect(copies).toEqual([`${path}.before-0007_claim_lookups.bak`])
    expect(appliedIn(copies[0]!)).toEqual(RELEASE_0_1_0_MIGRATIONS)
    const copy = contentsOf(copies[0]!)
    expect(copy.integrity).toBe("ok")
    expect(copy).toEqual(contentsOf(original))
    expect(appliedIn(path)).toEqual(Object.keys(await migrations.getMigrations()))
  })

  it("GIVEN the release 0.1.0 database WHEN the bot's database layer opens it THEN it logs where the copy went", async () => {
    const { path } = release010()
    const lines: string[] = []
    const logs = Layer.merge(Logger.replace(Logger.defaultLogger, Logger.map(Logger.logfmtLogger, (line) => void lines.push(line))), Logger.minimumLogLevel(LogLevel.All))
    await Effect.runPromise(Effect.void.pipe(Effect.provide(DatabaseLive(path)), Effect.provide(logs)))
    expect(lines.join("\n")).toContain(`copied the database to ${path}.before-0007_claim_lookups.bak`)
  })

  it("GIVEN a new database, or one already up to date, WHEN it is opened THEN no copy is made", async () => {
    const path = join(tempDir(), "fresh.sqlite")
    const copies: string[] = []
    for (let i = 0; i < 2; i++) await (await openDatabase(path, { onCopiedBeforeMigrating: (copy) => copies.push(copy) })).destroy()
    expect(copies).toEqual([])
    expect(readdirSync(tempDir())).toEqual(["fresh.sqlite"])
  })

  it("GIVEN three earlier pre-migration copies WHEN another is made THEN the three newest stay and other files are left alone", async () => {
    const { path } = release010()
    const folder = tempDir()
    for (const name of ["pitboard.sqlite.before-0002_numbers.bak", "pitboard.sqlite.before-0004_events.bak", "pitboard.sqlite.before-0005_member_links.bak", "pitboard.sqlite.nightly.bak", "league-b.sqlite.before-0001_foundation.bak"]) {
      writeFileSync(join(folder, name), "an earlier copy")
    }
    await (await openDatabase(path)).destroy()
    expect(readdirSync(folder).filter((name) => name.endsWith(".bak")).sort()).toEqual([
      "league-b.sqlite.before-0001_foundation.bak",
      "pitboard.sqlite.before-0004_events.bak",
      "pitboard.sqlite.before-0005_member_links.bak",
      "pitboard.sqlite.before-0007_claim_lookups.bak",
      "pitboard.sqlite.nightly.bak",
    ])
  })
})

describe("a database from a newer release", () => {
  const tempDir = useTempDir()

  /** A file a later Pitboard migrated and stamped: everything we know, plus one migration we do not. */
  const fromTheFuture = async () => {
    const path = join(tempDir(), "pitboard.sqlite")
    const db = await openDatabase(path, { release: "9.0.0" })
    await db.insertInto("kysely_migration" as never).values({ name: "9999_from_the_future", timestamp: new Date().toISOString() } as never).execute()
    await db.destroy()
    return path
  }
  const fingerprint = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex")

  it("GIVEN a file with a migration this release does not know WHEN it is opened THEN it is refused in one sentence naming both releases and migrations, and nothing in the folder changes", async () => {
    const path = await fromTheFuture()
    const before = { bytes: fingerprint(path), files: readdirSync(tempDir()) }

    const refusal = await openDatabase(path).then(() => undefined, (error: unknown) => error as Error & { _tag?: string })

    expect(refusal?._tag).toBe("NewerDatabase")
    expect(refusal?.message).toBe(
      `the database ${path} was written by Pitboard 9.0.0 (it has migration 9999_from_the_future; this release, Pitboard ${PITBOARD_VERSION}, knows up to ${lastKnown}). Upgrade Pitboard, or restore a backup made before that upgrade.`,
    )
    expect({ bytes: fingerprint(path), files: readdirSync(tempDir()) }).toEqual(before)
  })

  it("GIVEN the copy the newer release made before migrating is still beside the file THEN the refusal names it", async () => {
    const path = await fromTheFuture()
    const copy = `${path}.before-9999_from_the_future.bak`
    writeFileSync(copy, "the way back")
    await expect(openDatabase(path)).rejects.toThrow(`restore the backup made before that upgrade (${copy}).`)
  })
})
