import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { startFakeDiscord, type FakeDiscord } from "./fake-discord/index.js"

const ROOT = resolve(import.meta.dirname, "../..")
const MAIN = join(ROOT, "src/app/main.ts")
const folder = mkdtempSync(join(tmpdir(), "pitboard-envfile-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/**
 * How it stops is the shutdown tests' business (startup.test.ts); here only what it read counts.
 * Starts the entry point as `npm start` does (the package folder as working directory, the folder
 * the admin typed it in as INIT_CWD), waits until the bot has registered its commands with the
 * fake, then stops it.
 */
const runUntilRegistered = (fake: FakeDiscord, startedIn: string, env: Record<string, string>) =>
  new Promise<{ stderr: string }>((done, fail) => {
    // node itself with tsx's loader, not the tsx wrapper: a SIGKILL to the wrapper would orphan the bot.
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", INIT_CWD: startedIn, ...env }, stdio: ["ignore", "ignore", "pipe"] })
    let stderr = ""
    child.stderr.on("data", (chunk) => (stderr += chunk))
    const poll = setInterval(() => {
      if (fake.commands(fake.guildId).length > 0) {
        clearInterval(poll)
        child.kill("SIGTERM")
      }
    }, 50)
    const giveUp = setTimeout(() => child.kill("SIGKILL"), 20_000)
    child.on("error", fail)
    child.on("exit", () => {
      clearInterval(poll)
      clearTimeout(giveUp)
      done({ stderr })
    })
  })

const fakeSettings = (fake: FakeDiscord, databaseName: string) => ({
  DISCORD_TOKEN: fake.token,
  DISCORD_APPLICATION_ID: fake.applicationId,
  DISCORD_GUILD_ID: fake.guildId,
  DISCORD_API_URL: fake.restApi,
  DATABASE_PATH: join(folder, databaseName),
})

describe("npm start reads .env and the log settings as the README says", () => {
  it("GIVEN a .env in the folder npm start was typed in, with LOG_LEVEL=Warning as the README spells it THEN the bot starts from it and logs nothing below Warning", async () => {
    const fake = await startFakeDiscord()
    try {
      const startedIn = mkdtempSync(join(folder, "start-"))
      const lines = Object.entries({ ...fakeSettings(fake, "warning.sqlite"), LOG_LEVEL: "Warning" }).map(([name, value]) => `${name}=${value}`)
      writeFileSync(join(startedIn, ".env"), `${lines.join("\n")}\n`)
      const { stderr } = await runUntilRegistered(fake, startedIn, {})
      expect(fake.commands(fake.guildId).length).toBeGreaterThan(0)
      expect(stderr).not.toContain("connected to Discord")
      expect(stderr).not.toContain("level=INFO")
    } finally {
      await fake.close()
    }
  })

  it("GIVEN LOG_FORMAT=json THEN every log line is one JSON object on stderr", async () => {
    const fake = await startFakeDiscord()
    try {
      // An empty .env where it was started: nothing from a developer's own .env may leak in.
      const startedIn = mkdtempSync(join(folder, "start-"))
      writeFileSync(join(startedIn, ".env"), "")
      const { stderr } = await runUntilRegistered(fake, startedIn, { ...fakeSettings(fake, "json.sqlite"), LOG_LEVEL: "info", LOG_FORMAT: "json" })
      const records = stderr
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { message: unknown; logLevel: string })
      expect(records.map((record) => String(record.message))).toEqual(expect.arrayContaining([expect.stringContaining("connected to Discord")]))
      expect(new Set(records.map((record) => record.logLevel))).toEqual(new Set(["INFO"]))
    } finally {
      await fake.close()
    }
  })
})
