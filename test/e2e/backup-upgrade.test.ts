import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import BetterSqlite3 from "better-sqlite3"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { Database, DatabaseLive, openDatabase } from "../../src/adapters/sqlite/database.js"
import { readLastBackup } from "../../src/adapters/sqlite/repositories/meta.js"
import { migrations } from "../../src/adapters/sqlite/migrations/index.js"
import { FollowUpsUndelivered } from "../../src/app/follow-ups.js"
import { claimNumber } from "../../src/app/numbers/claim-use-cases.js"
import { saveClass } from "../../src/app/numbers/setup.js"
import { ModuleAccessLive } from "../../src/app/module-access.js"
import { PITBOARD_VERSION } from "../../src/shared/release-version.js"
import { npmScriptCommand, runPreScript } from "../support/npm-script.js"
import { startFakeDiscord } from "./fake-discord/index.js"

const GUILD = "900000000000000001"
const folder = mkdtempSync(join(tmpdir(), "pitboard-ops-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
beforeAll(() => {
  runPreScript("backup")
  runPreScript("restore")
  runPreScript("start")
}, 120_000)

/** Runs what `npm run <script>` runs, in its own process and a working folder with no .env. */
const run = (script: string, args: string[], env: Record<string, string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const { command, args: scriptArgs } = npmScriptCommand(script)
    const child = spawn(command, [...scriptArgs, ...args], { cwd: folder, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    child.on("exit", (code) => done({ code, stdout, stderr }))
  })

/** A league with a class and three claims, kept open as the running bot keeps it. */
const runningLeague = async (path: string) => {
  const database = DatabaseLive(path)
  const runtime = ManagedRuntime.make(Layer.mergeAll(database, ModuleAccessLive.pipe(Layer.provide(database)), FollowUpsUndelivered))
  await runtime.runPromise(saveClass(GUILD, "800000000000000001", { name: "GT3", range: "1-99", limit: "1", reserved: "" }))
  for (const [i, number] of ["7", "23", "42"].entries()) {
    await runtime.runPromise(claimNumber({ guildId: GUILD, actor: { userId: String(810000000000000000n + BigInt(i)), roleIds: [], managesServer: false }, number }))
  }
  return runtime
}

const claimsIn = (path: string) => {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  try {
    return {
      integrity: db.pragma("integrity_check", { simple: true }),
      numbers: (db.prepare("select number from claims order by cast(number as integer)").all() as Array<{ number: string }>).map((row) => row.number),
    }
  } finally {
    db.close()
  }
}

describe("npm run backup", () => {
  it("GIVEN a league's database in use WHEN an admin backs it up to a file THEN it exits 0 with one line saying where, how big and how long, and the copy opens with every claim", async () => {
    const databasePath = join(folder, "live", "pitboard.sqlite")
    const destination = join(folder, "backups", "nightly.sqlite")
    const league = await runningLeague(databasePath)
    try {
      const { code, stdout, stderr } = await run("backup", [destination], { DATABASE_PATH: databasePath })
      expect(stderr).toBe("")
      expect(code).toBe(0)
      expect(stdout.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`^Backed up ${databasePath} to ${destination}: \\d+ kB in \\d+ ms\\.$`))])
      expect(claimsIn(destination)).toEqual({ integrity: "ok", numbers: ["7", "23", "42"] })
      // Noted in the live database, for /status.
      expect(await league.runPromise(Effect.flatMap(Database, (db) => db.query("test.last-backup", readLastBackup)))).toMatchObject({ path: destination, by: "backup" })
    } finally {
      await league.dispose()
    }
  })

  it("GIVEN a file already at the destination THEN it refuses in one line, exits non-zero and leaves the file alone; --force replaces it", async () => {
    const databasePath = join(folder, "taken", "pitboard.sqlite")
    const destination = join(folder, "taken", "existing.sqlite")
    await (await runningLeague(databasePath)).dispose()
    writeFileSync(destination, "last week's backup")

    const refused = await run("backup", [destination], { DATABASE_PATH: databasePath })
    expect(refused.code).not.toBe(0)
    expect(refused.stderr.trim()).toBe(`Pitboard can't back up: ${destination} already exists; choose another file name, or add --force to replace it`)
    expect(readFileSync(destination, "utf8")).toBe("last week's backup")

    const forced = await run("backup", [destination, "--force"], { DATABASE_PATH: databasePath })
    expect(forced.code).toBe(0)
    expect(claimsIn(destination).numbers).toEqual(["7", "23", "42"])
  })

  it("GIVEN DATABASE_PATH names no database THEN it refuses in one line naming the path, and writes nothing", async () => {
    const databasePath = join(folder, "missing", "pitboard.sqlite")
    const destination = join(folder, "missing-copy.sqlite")
    const { code, stderr } = await run("backup", [destination], { DATABASE_PATH: databasePath })
    expect(code).not.toBe(0)
    expect(stderr.trim()).toBe(`Pitboard can't back up: there is no database at ${databasePath} to back up (check DATABASE_PATH)`)
    expect(existsSync(destination)).toBe(false)
  })
})

describe("npm run restore", () => {
  it("GIVEN the bot stopped WHEN an admin restores a backup THEN it exits 0 with one line naming the file it kept, and the database holds the backup's claims", async () => {
    const databasePath = join(folder, "restore", "pitboard.sqlite")
    const backup = join(folder, "restore", "nightly.sqlite")
    const league = await runningLeague(databasePath)
    expect((await run("backup", [backup], { DATABASE_PATH: databasePath })).code).toBe(0)
    await league.runPromise(claimNumber({ guildId: GUILD, actor: { userId: "810000000000000099", roleIds: [], managesServer: false }, number: "99" }))
    await league.dispose()

    const { code, stdout, stderr } = await run("restore", [backup], { DATABASE_PATH: databasePath })

    expect(stderr).toBe("")
    expect(code).toBe(0)
    const kept = readdirSync(join(folder, "restore")).find((name) => name.startsWith("pitboard.sqlite.replaced-"))
    expect(stdout.trim()).toBe(`Restored ${backup} to ${databasePath}. The database it replaced is kept as ${join(folder, "restore", kept!)}. Start Pitboard again.`)
    expect(claimsIn(databasePath)).toEqual({ integrity: "ok", numbers: ["7", "23", "42"] })
    expect(claimsIn(join(folder, "restore", kept!)).numbers).toEqual(["7", "23", "42", "99"])
  })

  it("GIVEN the bot still running THEN the restore refuses in one line, exits non-zero, and the database is left as it was", async () => {
    const databasePath = join(folder, "restore-running", "pitboard.sqlite")
    const backup = join(folder, "restore-running", "nightly.sqlite")
    const league = await runningLeague(databasePath)
    try {
      expect((await run("backup", [backup], { DATABASE_PATH: databasePath })).code).toBe(0)
      await league.runPromise(claimNumber({ guildId: GUILD, actor: { userId: "810000000000000099", roleIds: [], managesServer: false }, number: "99" }))

      const { code, stderr } = await run("restore", [backup], { DATABASE_PATH: databasePath })

      expect(code).not.toBe(0)
      expect(stderr.trim()).toBe(`Pitboard can't restore: the database ${databasePath} is in use; stop Pitboard first, then restore`)
      expect(readdirSync(join(folder, "restore-running")).filter((name) => name.includes(".replaced-"))).toEqual([])
    } finally {
      await league.dispose()
    }
    expect(claimsIn(databasePath).numbers).toEqual(["7", "23", "42", "99"])
  })
})

describe("npm start with a database from a newer release", () => {
  it("GIVEN a file with a migration this release does not know THEN it prints one line naming both releases, exits 1, and leaves the file as it was", async () => {
    const databasePath = join(folder, "future", "pitboard.sqlite")
    const db = await openDatabase(databasePath, { release: "9.0.0" })
    await db.insertInto("kysely_migration" as never).values({ name: "9999_from_the_future", timestamp: new Date().toISOString() } as never).execute()
    await db.destroy()
    const before = readFileSync(databasePath)
    const lastKnown = Object.keys(await migrations.getMigrations()).at(-1)
    const fake = await startFakeDiscord()
    try {
      const { code, stderr } = await run("start", [], {
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.restApi,
        DATABASE_PATH: databasePath,
      })
      expect(code).toBe(1)
      expect(stderr.trim().split("\n")).toEqual([
        `Pitboard can't start: the database ${databasePath} was written by Pitboard 9.0.0 (it has migration 9999_from_the_future; this release, Pitboard ${PITBOARD_VERSION}, knows up to ${lastKnown}). Upgrade Pitboard, or restore a backup made before that upgrade.`,
      ])
      expect(readFileSync(databasePath).equals(before)).toBe(true)
    } finally {
      await fake.close()
    }
  })
})
