import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openDatabase } from "../../src/adapters/sqlite/database.js"
import { migrations } from "../../src/adapters/sqlite/migrations/index.js"
import { PITBOARD_VERSION } from "../../src/app/release.js"
import { npmScriptCommand, runPreScript } from "../support/npm-script.js"
import { startFakeDiscord } from "./fake-discord/index.js"

const folder = mkdtempSync(join(tmpdir(), "pitboard-ops-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
beforeAll(() => {
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
