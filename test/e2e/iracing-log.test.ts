// First: the harness loads discord.js (and its undici 6) before the iRacing adapter loads undici 7 (see iracing.test.ts).
import { iracingSettingsFrom, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"
import * as LogLevel from "effect/LogLevel"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { updateSettings } from "../../src/app/numbers/setup.js"
import { SAMPLE_LEAGUE_ID } from "./fake-iracing/fixtures.js"
import { startFakeIracing, type FakeIracing } from "./fake-iracing/server.js"
import { captureLogs } from "./log-capture.js"

/** What LOG_LEVEL=Debug adds about iRacing: each call and its answer, and never a secret. */
describe("iRacing calls in a Debug log", () => {
  let iracing: FakeIracing
  let t: TestBot
  let logs: ReturnType<typeof captureLogs>
  beforeAll(async () => {
    logs = captureLogs()
    iracing = await startFakeIracing()
    t = await startTestBot({ iracing: iracingSettingsFrom(iracing.env), autoSync: false, log: { level: LogLevel.Debug, format: "json" } })
    await t.bot.runtime.runPromise(updateSettings(t.fake.guildId, t.fake.owner.id, { iracingLeagueId: SAMPLE_LEAGUE_ID }))
  })
  afterAll(async () => {
    await t?.stop()
    await iracing?.close()
    logs?.restore()
  })

  const iracingLines = () => logs.records().filter((record) => record.logLevel === "DEBUG" && String(record.message).startsWith("iRacing: ")).map((record) => String(record.message))

  it("GIVEN a member links and an admin syncs THEN each iRacing call is a Debug line with its method, path, status and time", async () => {
    expect(textOf(await replyOf(t.fake.slash({ user: t.member("linker"), command: "number", subcommand: "link", options: { query: "473030" } })))).toContain("Linked you")
    expect(textOf(await replyOf(t.fake.slash({ user: t.fake.owner, command: "sync" }), 15_000))).toContain("iRacing")
    const lines = iracingLines()
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^iRacing: POST \/oauth2\/token \(password_limited\) answered 200 in \d+ ms$/),
        expect.stringMatching(/^iRacing: GET \/data\/member\/get answered 200 in \d+ ms$/),
        expect.stringMatching(/^iRacing: GET \/data\/league\/get answered 200 in \d+ ms$/),
      ]),
    )
  })

  it("GIVEN everything logged above THEN no password, client secret, token or query string is in it", () => {
    const raw = logs.raw()
    const secrets = [iracing.credentials.password, iracing.credentials.clientSecret, ...iracing.issued.flatMap((tokens) => [tokens.accessToken, tokens.refreshToken])]
    expect(secrets.length).toBeGreaterThan(2)
    for (const secret of secrets) expect(raw).not.toContain(secret)
    expect(raw).not.toContain("league_id=")
    expect(raw).not.toContain("X-Amz-Signature")
  })
})
