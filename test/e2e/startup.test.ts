import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { buildForNpmStart, firstHelpAnswered, npmStartCommand } from "../support/npm-start.js"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { DatabaseLive } from "../../src/adapters/sqlite/database.js"
import { saveClass } from "../../src/app/numbers/setup.js"
import { startFakeDiscord } from "./fake-discord/index.js"
import { replyOf, startTestBot } from "./harness.js"

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

const folder = mkdtempSync(join(tmpdir(), "pitboard-start-"))
// Found first, so a developer's own .env in the package folder (the fallback) stays out of these runs.
writeFileSync(join(folder, ".env"), "")
afterAll(() => rmSync(folder, { recursive: true, force: true }))
// The compiler can take a while on a busy 2-core machine.
beforeAll(buildForNpmStart, 120_000)

/** Runs what `npm start` runs (the compiled entry point) as a newcomer would: its own process, its own working folder. */
const run = (env: Record<string, string>, untilStderr?: RegExp, beforeStopping: () => Promise<unknown> = async () => undefined) =>
  new Promise<{ code: number | null; stderr: string; stdout: string; child: ReturnType<typeof spawn> }>((done) => {
    const { command, args } = npmStartCommand()
    const child = spawn(command, args, { cwd: folder, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let stderr = ""
    let stdout = ""
    let signalled = false
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => {
      stderr += chunk
      // One signal only: a second one means "quit now", as a second Ctrl+C does.
      if (!signalled && untilStderr?.test(stderr)) {
        signalled = true
        void beforeStopping().finally(() => child.kill("SIGTERM"))
      }
    })
    child.on("exit", (code) => done({ code, stderr, stdout, child }))
  })

describe("npm start", () => {
  it("GIVEN no token THEN it prints one plain line saying what is missing and how to get it, and exits non-zero", async () => {
    const { code, stderr } = await run({})
    expect(code).toBe(1)
    const lines = stderr.trim().split("\n")
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Pitboard can't start: DISCORD_TOKEN is not set\. .*Reset Token/)
    expect(stderr).not.toMatch(/\bat .*\.[jt]s:\d+/)
  })

  it("GIVEN a token Discord rejects THEN it says so plainly and exits non-zero without echoing the token", async () => {
    const fake = await startFakeDiscord()
    try {
      const wrong = "d3JvbmctdG9rZW4.fake.not-the-right-one"
      const { code, stderr } = await run({ DISCORD_TOKEN: wrong, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.restApi })
      expect(code).toBe(1)
      expect(stderr).toContain("Discord rejected DISCORD_TOKEN")
      expect(stderr).not.toContain(wrong)
    } finally {
      await fake.close()
    }
  })

  it("GIVEN a valid configuration THEN it connects, creates the database folder, and SIGTERM stops it cleanly with exit 0", async () => {
    const fake = await startFakeDiscord()
    try {
      const { code, stderr } = await run(
        {
          DISCORD_TOKEN: fake.token,
          DISCORD_APPLICATION_ID: fake.applicationId,
          DISCORD_GUILD_ID: fake.guildId,
          DISCORD_API_URL: fake.restApi,
          DATABASE_PATH: join(folder, "nested", "pitboard.sqlite"),
          LOG_LEVEL: "Info",
        },
        /registered \d+ slash commands/,
      )
      expect(stderr).toContain("connected to Discord")
      expect(stderr).toContain("SIGTERM received")
      expect(stderr).not.toContain(fake.token)
      expect(code).toBe(0)
      expect(fake.commands(fake.guildId).length).toBeGreaterThan(0)
    } finally {
      await fake.close()
    }
  })

  it("GIVEN the compiled bot and a league with a class WHEN a member asks for /number available THEN the picture is drawn from dist/ with the bundled fonts", async () => {
    const fake = await startFakeDiscord()
    const databasePath = join(folder, "league.sqlite")
    const seed = ManagedRuntime.make(DatabaseLive(databasePath))
    await seed.runPromise(saveClass(fake.guildId, fake.owner.id, { name: "GT3", range: "1-99", limit: "1", reserved: "" }))
    await seed.dispose()
    const member = fake.addMember(fake.guildId, { username: "driver" })
    let picture: Buffer | undefined
    try {
      const { code } = await run(
        { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_URL: fake.restApi, DATABASE_PATH: databasePath, LOG_LEVEL: "Info" },
        /registered \d+ slash commands/,
        async () => {
          await firstHelpAnswered(fake, member, 20_000)
          const handle = fake.slash({ user: member, command: "number", subcommand: "available", options: { class: "GT3" } })
          await replyOf(handle, 15_000)
          picture = handle.responses().flatMap((call) => call.files)[0]?.data
        },
      )
      expect(code).toBe(0)
      expect(picture?.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
    } finally {
      await fake.close()
    }
  })
  it("GIVEN a bot already running on the database WHEN a second npm start uses the same file THEN it says another Pitboard is running, exits non-zero, and the first keeps answering", async () => {
    const databasePath = join(folder, "shared.sqlite")
    const first = await startTestBot({ databasePath })
    try {
      const { code, stderr } = await run({ DISCORD_TOKEN: first.fake.token, DISCORD_APPLICATION_ID: first.fake.applicationId, DISCORD_API_URL: first.fake.restApi, DATABASE_PATH: databasePath })
      expect(code).toBe(1)
      expect(stderr.trim().split("\n")).toEqual([expect.stringMatching(/^Pitboard can't start: another Pitboard is already running on .*shared\.sqlite, and SQLite serves one process at a time\. Stop the other one first/)])
      const member = first.member("driver")
      expect(await firstHelpAnswered(first.fake, member, 10_000)).toBeGreaterThan(0)
    } finally {
      await first.stop()
    }
  })
})
