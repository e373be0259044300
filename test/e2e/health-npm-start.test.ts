import { createServer, type Server } from "node:http"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { PITBOARD_VERSION } from "../../src/shared/release-version.js"
import { buildForNpmStart, firstHelpAnswered, spawnBotOnFake } from "../support/npm-start.js"
import { startFakeDiscord, type FakeDiscord } from "./fake-discord/index.js"
import { httpGet, scrape } from "./health-client.js"

const folder = mkdtempSync(join(tmpdir(), "pitboard-health-start-"))
// Found first, so a developer's own .env in the package folder stays out of these runs.
writeFileSync(join(folder, ".env"), "")
afterAll(() => rmSync(folder, { recursive: true, force: true }))
beforeAll(buildForNpmStart, 120_000)

const LISTENING = /health and metrics on http:\/\/127\.0\.0\.1:(\d+) /

/** The compiled bot as `npm start` runs it, with HEALTH_* set the way a league admin sets them: in the environment. */
const startBot = (fake: FakeDiscord, health: Record<string, string>) => {
  const child = spawnBotOnFake({ fake, cwd: folder, databasePath: join(folder, `${Math.random().toString(36).slice(2)}.sqlite`), env: { LOG_LEVEL: "Info", ...health } })
  let stderr = ""
  const waiting = new Set<() => void>()
  child.stderr!.on("data", (chunk) => {
    stderr += chunk
    for (const look of waiting) look()
  })
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve))
  const logged = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const look = () => {
        const match = pattern.exec(stderr)
        if (match === null) return
        waiting.delete(look)
        resolve(match)
      }
      waiting.add(look)
      look()
      void exited.then(() => reject(new Error(`the bot exited before logging ${pattern}:\n${stderr}`)))
    })
  return { child, exited, logged, stderr: () => stderr }
}

describe("npm start with HEALTH_PORT", () => {
  it("GIVEN HEALTH_PORT=0 in the environment THEN the bot logs the port it took, /readyz turns 200, a member's /help is counted in the parsed /metrics, and SIGTERM still exits 0", async () => {
    const fake = await startFakeDiscord()
    const bot = startBot(fake, { HEALTH_PORT: "0" })
    try {
      const port = Number((await bot.logged(LISTENING))[1])
      expect(await httpGet(port, "/healthz")).toMatchObject({ status: 200, body: "ok\n" })
      await bot.logged(/registered \d+ slash commands/)
      const deadline = Date.now() + 10_000
      while ((await httpGet(port, "/readyz")).status !== 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      expect(await httpGet(port, "/readyz")).toMatchObject({ status: 200, body: "ready\n" })

      await firstHelpAnswered(fake, fake.addMember(fake.guildId, { username: "driver" }), 20_000)
      const metrics = await scrape(port)
      expect(metrics.value("pitboard_interactions_total", { route: "/help", kind: "command", outcome: "ok" })).toBeGreaterThanOrEqual(1)
      expect(metrics.matching("pitboard_info").map((sample) => sample.labels.version)).toEqual([PITBOARD_VERSION])
      expect(metrics.value("process_resident_memory_bytes")).toBeGreaterThan(0)

      bot.child.kill("SIGTERM")
      expect(await bot.exited).toBe(0)
      await expect(httpGet(port, "/healthz")).rejects.toThrow(/ECONNREFUSED/)
    } finally {
      bot.child.kill("SIGKILL")
      await fake.close()
    }
  })

  it("GIVEN HEALTH_PORT is a port another program holds THEN start-up stops with one plain line naming the address and the fix", async () => {
    const fake = await startFakeDiscord()
    const taken: Server = createServer()
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve))
    const port = (taken.address() as AddressInfo).port
    try {
      const bot = startBot(fake, { HEALTH_PORT: String(port) })
      expect(await bot.exited).toBe(1)
      expect(bot.stderr()).toContain(
        `Pitboard can't start: the health listener could not open 127.0.0.1:${port} (EADDRINUSE). Choose another HEALTH_PORT, fix HEALTH_HOST, or leave HEALTH_PORT unset.`,
      )
      expect(bot.stderr()).not.toMatch(/\bat .*\.[jt]s:\d+/)
    } finally {
      taken.close()
      await fake.close()
    }
  })
})
