import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as LogLevel from "effect/LogLevel"
import { afterAll, afterEach, describe, expect, it } from "vitest"
import { startPitboard, type RunningPitboard, type StartOptions } from "../../src/app/pitboard.js"
import { startFakeDiscord, type FakeDiscord } from "./fake-discord/index.js"
import { configFor, replyOf, textOf } from "./harness.js"
import { captureLogs } from "./log-capture.js"

const folder = mkdtempSync(join(tmpdir(), "pitboard-connection-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

let cleanup: Array<() => Promise<unknown> | void> = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

/** The real bot against a fake that may be set up to misbehave first; its log records are captured as JSON. */
const start = async (arrange: (fake: FakeDiscord) => void = () => undefined, options: StartOptions = {}) => {
  const fake = await startFakeDiscord()
  cleanup.push(() => fake.close())
  arrange(fake)
  const logs = captureLogs()
  cleanup.push(() => logs.restore())
  const bot: RunningPitboard = await startPitboard(configFor(fake, join(folder, `${Math.random().toString(36).slice(2)}.sqlite`), undefined, { level: LogLevel.Info, format: "json" }), options)
  cleanup.push(() => bot.stop())
  const lines = (level: string) => logs.records().filter((record) => record.logLevel === level).map((record) => String(record.message))
  return { fake, bot, lines }
}

const answersHelp = async (fake: FakeDiscord) => {
  const reply = await replyOf(fake.slash({ user: fake.owner, command: "help" }), 10_000)
  return textOf(reply).length > 0
}

describe("connecting to Discord", () => {
  it("GIVEN Discord answers 502 to the gateway lookup at first THEN the failed attempt is logged with the next try, and the bot connects on its own", async () => {
    // discord.js tries a 5xx four times in a row before it gives up: one of our attempts.
    const { fake, lines } = await start((fake) => fake.fail({ route: "GET /gateway/bot", status: 502, times: 4 }))
    expect(lines("WARN")).toContainEqual(expect.stringMatching(/^could not connect to Discord \(attempt 1: Discord answered HTTP 502.*\); trying again in 1 s$/))
    expect(lines("INFO")).toContain("connected to Discord at attempt 2")
    expect(await answersHelp(fake)).toBe(true)
  })
})

describe("a gateway dropped while the bot runs", () => {
  it("GIVEN Discord asks the bot to reconnect THEN the drop is a warning with its close code, the resume is logged, and the bot keeps answering", async () => {
    const { fake, lines } = await start()
    fake.requestReconnect()
    await expect.poll(() => lines("INFO"), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/^reconnected to Discord after [\d.]+ s and 1 try: session resumed/))
    expect(lines("WARN")).toContainEqual(expect.stringMatching(/^the connection to Discord's gateway closed \(code 4200, .*\); reconnecting/))
    expect(await answersHelp(fake)).toBe(true)
  })

  it("GIVEN Discord closes the gateway with 4000 THEN the warning names the code and the bot comes back", async () => {
    const { fake, lines } = await start()
    fake.closeGateway(4000)
    await expect.poll(() => lines("INFO"), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/^reconnected to Discord/))
    expect(lines("WARN")).toContainEqual(expect.stringMatching(/closed \(code 4000, UnknownError\); reconnecting/))
    expect(await answersHelp(fake)).toBe(true)
  })

  it("GIVEN the gateway unreachable for a few seconds THEN the drop is one warning, not one per try, and the way back says how long it took", async () => {
    const { fake, lines } = await start()
    await fake.close()
    await expect.poll(() => lines("WARN"), { timeout: 5000 }).toContainEqual(expect.stringMatching(/^the connection to Discord's gateway closed \(code 1006, .*\); reconnecting/))
    await new Promise((resolve) => setTimeout(resolve, 2500))
    // The same Discord back where it was; it has forgotten the session, so the bot identifies anew.
    const again = await startFakeDiscord({ port: fake.port, token: fake.token, applicationId: fake.applicationId, guilds: [{ id: fake.guildId }] })
    cleanup.push(() => again.close())
    await again.ready()
    await expect.poll(() => lines("INFO"), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/^reconnected to Discord after [\d.]+ s and \d+ tries: a new session/))
    const tries = Number(/and (\d+) tries/.exec(lines("INFO").find((line) => line.startsWith("reconnected"))!)![1])
    expect(tries).toBeGreaterThan(2)
    expect(lines("WARN").filter((line) => line.includes("gateway closed"))).toHaveLength(1)
  })

  it("GIVEN Discord closes the gateway for good because the token was reset THEN it logs the fix as an error and tells the app, which stops", async () => {
    const lost: string[] = []
    const { fake, lines } = await start(undefined, { onDiscordLost: (reason) => lost.push(reason) })
    fake.closeGateway(4004)
    await expect.poll(() => lost, { timeout: 10_000 }).toHaveLength(1)
    expect(lost[0]).toMatch(/^Discord closed the gateway for good \(code 4004, AuthenticationFailed\)\. Discord rejected DISCORD_TOKEN\. Reset it/)
    expect(lines("ERROR")).toContain(lost[0])
  })
})
