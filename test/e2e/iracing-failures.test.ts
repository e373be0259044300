// First: discord.js must load its undici before the iRacing adapter loads undici 7 (see iracing.test.ts).
import { claimStatuses, iracingSettingsFrom, isEphemeral, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runDueSyncs } from "../../src/app/iracing/auto-sync.js"
import { Database } from "../../src/adapters/sqlite/database.js"
import { saveLink } from "../../src/adapters/sqlite/repositories/member-links.js"
import { claimNumber } from "../../src/app/numbers/claim-use-cases.js"
import { updateSettings } from "../../src/app/numbers/setup.js"
import type { AppServices } from "../../src/adapters/discord/handler-services.js"
import { member, sampleLeague, SAMPLE_LEAGUE_ID } from "./fake-iracing/fixtures.js"
import { startFakeIracing, type FakeIracing, type FakeMode } from "./fake-iracing/server.js"
import { captureLogs } from "./log-capture.js"

const TIMEOUT_MS = 1_500
const FAILED = "❌ The roster sync did not run, so nothing was changed."

/**
 * Every way iRacing fails, seen from Discord: the reply names the problem, the run is recorded as
 * failed, and no claim changes. Each test first adds a roster entry that a successful sync WOULD
 * confirm, so "nothing changed" is not true by accident.
 */
describe("/sync when iRacing fails", () => {
  let iracing: FakeIracing
  let t: TestBot
  let logs: ReturnType<typeof captureLogs>
  const league = sampleLeague()
  const run = <A>(effect: Effect.Effect<A, unknown, AppServices>) => t.bot.runtime.runPromise(effect)

  beforeAll(async () => {
    logs = captureLogs()
    iracing = await startFakeIracing({ leagues: [league] })
    const settings = iracingSettingsFrom(iracing.env, { timeoutMs: TIMEOUT_MS, maxRateLimitWaitMs: 3_000, rateLimitMarginMs: 50, maintenanceCooldownMs: 0 })
    t = await startTestBot({ iracing: settings, autoSync: false, log: { format: "json" } })
    await run(updateSettings(t.fake.guildId, t.fake.owner.id, { iracingLeagueId: SAMPLE_LEAGUE_ID }))
  })
  afterAll(async () => {
    await t?.stop()
    await iracing?.close()
    logs?.restore()
  })

  /** The Warn lines failed syncs left, oldest first: what an admin reading the log would find. */
  const syncWarnings = () => logs.records().filter((record) => record.logLevel === "WARN" && String(record.message).startsWith("roster sync failed"))

  let added = 0
  /** A linked member whose claim the roster shows: the next successful sync confirms it. */
  const pendingMatch = async () => {
    const i = added++
    const custId = 320_000 + i
    const number = String(100 + i)
    const memberId = String(830_000_000_000_000_000n + BigInt(i))
    league.roster.push(member(custId, `Pending ${i}`, number))
    const guildId = t.fake.guildId
    await run(Effect.flatMap(Database, (db) => db.transaction("test.link", (trx) => saveLink(trx, guildId, { memberId, custId, iracingName: `Pending ${i}`, linkedBy: memberId, linkedAt: 0 }))))
    const { claim } = await run(claimNumber({ guildId, actor: { userId: memberId, roleIds: [], managesServer: false }, number }))
    return claim.id
  }
  const sync = async () => {
    const started = Date.now()
    const reply = await replyOf(t.fake.slash({ user: t.fake.owner, command: "sync" }), 15_000)
    return { reply, text: textOf(reply), ms: Date.now() - started }
  }
  /** Runs /sync with iRacing in `mode` and checks the refusal and that no claim moved. */
  const failingSync = async (mode: FakeMode, options: { resetInSeconds?: number } = {}) => {
    const pending = await pendingMatch()
    const before = await claimStatuses(t)
    expect(before[pending]).toBe("claimed")
    const warned = syncWarnings().length
    iracing.setMode(mode, options)
    try {
      const outcome = await sync()
      expect(isEphemeral(outcome.reply)).toBe(true)
      expect(outcome.text).toContain(FAILED)
      expect(await claimStatuses(t)).toEqual(before)
      const warnings = syncWarnings().slice(warned)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]!.annotations).toMatchObject({ guildId: t.fake.guildId, leagueId: SAMPLE_LEAGUE_ID, trigger: "manual" })
      return { ...outcome, warning: String(warnings[0]!.message), failure: warnings[0]!.annotations.failure }
    } finally {
      if (iracing.mode !== "normal") iracing.setMode("normal")
    }
  }
  const status = async () => textOf(await replyOf(t.fake.slash({ user: t.fake.owner, command: "syncstatus" })))

  it("GIVEN a working iRacing WHEN an admin syncs THEN the pending claim is confirmed (the baseline the failures are measured against)", async () => {
    const pending = await pendingMatch()
    const { text } = await sync()
    expect(text).toContain("(1 newly)")
    expect((await claimStatuses(t))[pending]).toBe("confirmed")
  })

  it("GIVEN iRacing refuses the access token once (401) THEN the bot refreshes it and the sync succeeds", async () => {
    const pending = await pendingMatch()
    const before = iracing.counts
    iracing.setMode("401-once")
    const { text } = await sync()
    expect(text).toContain("(1 newly)")
    expect(iracing.counts.unauthorized).toBe(before.unauthorized + 1)
    expect(iracing.counts.refreshes).toBe(before.refreshes + 1)
    expect(iracing.counts.fullLogins).toBe(before.fullLogins)
    expect((await claimStatuses(t))[pending]).toBe("confirmed")
  })

  it("GIVEN iRacing answers 503 'Site Maintenance' as JSON THEN the admin is told it is in maintenance AND /syncstatus shows the failed run AND a Warn line names the server, league and reason", async () => {
    const { text, warning, failure } = await failingSync("503-json")
    expect(text).toContain("iRacing is in maintenance. Try again once it is back (usually within a few hours).")
    expect(warning).toContain("iRacing is in maintenance")
    expect(failure).toBe("IracingMaintenance")
    const shown = await status()
    expect(shown).toContain("❌ Failed, nothing was changed: iRacing is in maintenance.")
    expect(shown).toContain("run by hand")
  })

  it("GIVEN iRacing answers 503 with its HTML maintenance page THEN the reply is the same maintenance sentence", async () => {
    const { text } = await failingSync("503-html")
    expect(text).toContain("iRacing is in maintenance.")
  })

  it("GIVEN iRacing in maintenance WHEN the automatic sync runs for a server with no admin watching THEN a Warn line names that server, its league and the reason", async () => {
    // A server that has never synced is due at once; the main test server synced a moment ago and is not.
    const quietGuild = "900000000000000001"
    await run(updateSettings(quietGuild, t.fake.owner.id, { iracingLeagueId: SAMPLE_LEAGUE_ID + 1 }))
    const warned = syncWarnings().length
    iracing.setMode("503-json")
    try {
      expect(await run(runDueSyncs)).toBe(1)
    } finally {
      iracing.setMode("normal")
    }
    const warnings = syncWarnings().slice(warned)
    expect(warnings.map((record) => record.annotations)).toEqual([expect.objectContaining({ guildId: quietGuild, leagueId: SAMPLE_LEAGUE_ID + 1, trigger: "auto", failure: "IracingMaintenance" })])
    expect(String(warnings[0]!.message)).toContain("iRacing is in maintenance")
  })

  it("GIVEN a league id iRacing does not know (404) THEN the admin is told to check it AND a Warn line names the league that failed", async () => {
    const unknownLeague = 999_999
    await run(updateSettings(t.fake.guildId, t.fake.owner.id, { iracingLeagueId: unknownLeague }))
    const warned = syncWarnings().length
    try {
      const { text } = await sync()
      expect(text).toContain(FAILED)
      expect(text).toContain("iRacing does not know that (404)")
    } finally {
      await run(updateSettings(t.fake.guildId, t.fake.owner.id, { iracingLeagueId: SAMPLE_LEAGUE_ID }))
    }
    const warnings = syncWarnings().slice(warned)
    expect(warnings.map((record) => record.annotations)).toEqual([expect.objectContaining({ guildId: t.fake.guildId, leagueId: unknownLeague, failure: "IracingUnavailable" })])
    expect(String(warnings[0]!.message)).toContain("404")
  })

  it("GIVEN iRacing answers with a download link but its storage host has no such file (404) THEN the admin is told the download failed, not to check the league id, AND a Warn line says so", async () => {
    const { text, warning, failure } = await failingSync("download-404")
    const leagueCall = iracing.requests.filter((r) => r.url.startsWith("/data/league/get")).at(-1)
    const download = iracing.requests.filter((r) => r.url.startsWith("/s3/")).at(-1)
    expect([leagueCall?.status, download?.status]).toEqual([200, 404])
    expect(text).toContain("iRacing answered, but downloading its data from iRacing's storage failed (HTTP 404). The league and ids are fine; try again in a few minutes.")
    expect(text).not.toContain("check the league or member id")
    expect(failure).toBe("IracingDownloadFailed")
    expect(warning).toContain("storage failed (HTTP 404)")
    expect(await status()).toContain("❌ Failed, nothing was changed: iRacing answered, but downloading its data")
  })

  it("GIVEN iRacing never answers THEN the reply comes once the configured timeout has passed, naming it", async () => {
    const { text, ms, failure } = await failingSync("hang")
    expect(text).toContain(`iRacing did not answer within ${TIMEOUT_MS / 1000} s. Try again later.`)
    expect(failure).toBe("IracingTimeout")
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100)
    expect(ms).toBeLessThan(TIMEOUT_MS + 2_500)
  })

  it("GIVEN a roster entry without cust_id THEN the reply names the endpoint and the field", async () => {
    const { text, warning } = await failingSync("malformed")
    expect(text).toMatch(/iRacing sent an answer to \S*league\/get that Pitboard does not understand: roster\[1\]\.cust_id/)
    expect(warning).toContain("roster[1].cust_id")
  })

  it("GIVEN the request quota is used up until about a second from now THEN the bot waits for the reset and the sync succeeds", async () => {
    const pending = await pendingMatch()
    // The failed syncs above left their matches pending too: this one confirms them all.
    const waiting = Object.values(await claimStatuses(t)).filter((s) => s === "claimed").length
    const limited = iracing.counts.rateLimited
    iracing.setMode("429", { resetInSeconds: 1 })
    const { text } = await sync()
    expect(text).toContain(`(${waiting} newly)`)
    expect(iracing.counts.rateLimited).toBe(limited + 1)
    expect((await claimStatuses(t))[pending]).toBe("confirmed")
  })

  // Last: the adapter rightly remembers the far reset, and would refuse every later call until then.
  it("GIVEN the request quota is used up for a minute THEN the admin is told until when, at once, AND /syncstatus shows it", async () => {
    const { text, ms, failure } = await failingSync("429", { resetInSeconds: 60 })
    expect(text).toMatch(/iRacing's request limit is used up until \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\. Try again after that\./)
    expect(failure).toBe("IracingRateLimited")
    expect(ms).toBeLessThan(3_000)
    expect(await status()).toContain("❌ Failed, nothing was changed: iRacing's request limit is used up until")
  })

  it("GIVEN every failure above THEN each kind left its Warn line AND the log holds no password, client secret, token or download signature", () => {
    const kinds = new Set(syncWarnings().map((record) => record.annotations.failure))
    expect([...kinds].sort()).toEqual(["IracingBadPayload", "IracingDownloadFailed", "IracingMaintenance", "IracingRateLimited", "IracingTimeout", "IracingUnavailable"])
    const raw = logs.raw()
    const secrets = [iracing.credentials.password, iracing.credentials.clientSecret, ...iracing.issued.flatMap((tokens) => [tokens.accessToken, tokens.refreshToken])]
    expect(secrets.length).toBeGreaterThan(2)
    for (const secret of secrets) expect(raw).not.toContain(secret)
    expect(raw).not.toContain("X-Amz-Signature")
  })

  it("GIVEN everything above THEN Discord accepted every reply: none broke a limit or came late", () => {
    expect(t.fake.calls.filter((call) => call.status >= 400).map((call) => `${call.method} ${call.path} ${call.status} ${JSON.stringify(call.response)}`)).toEqual([])
    expect(t.fake.unexpectedCalls()).toEqual([])
  })
})
