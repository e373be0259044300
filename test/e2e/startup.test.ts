import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { startFakeDiscord } from "./fake-discord/index.js"

const ROOT = resolve(import.meta.dirname, "../..")
const TSX = join(ROOT, "node_modules/.bin/tsx")
const MAIN = join(ROOT, "src/app/main.ts")
const folder = mkdtempSync(join(tmpdir(), "pitboard-start-"))
// Found first, so a developer's own .env in the package folder (the fallback) stays out of these runs.
writeFileSync(join(folder, ".env"), "")
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** Runs `npm start`'s entry point as a newcomer would: its own process, its own working folder. */
const run = (env: Record<string, string>, untilStderr?: RegExp) =>
  new Promise<{ code: number | null; stderr: string; stdout: string; child: ReturnType<typeof spawn> }>((done) => {
    const child = spawn(TSX, [MAIN], { cwd: folder, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let stderr = ""
    let stdout = ""
    let signalled = false
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => {
      stderr += chunk
      // One signal only: a second one means "quit now", as a second Ctrl+C does.
      if (!signalled && untilStderr?.test(stderr)) {
        signalled = true
        child.kill("SIGTERM")
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
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/)
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
})
