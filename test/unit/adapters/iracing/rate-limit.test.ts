import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { SAMPLE_LEAGUE_ID } from "../../../e2e/fake-iracing/fixtures.js"
import { failureOf, roster, runIracing, settingsFor, useWorld } from "./helpers.js"

const twice = roster(SAMPLE_LEAGUE_ID).pipe(Effect.zipRight(roster(SAMPLE_LEAGUE_ID)))

describe("iRacing adapter: rate limits, maintenance and timeouts", () => {
  const world = useWorld()
  const dataRequests = () => world.fake.requests.filter((r) => r.url.startsWith("/data/"))
  const resetOf = (r: { responseHeaders: Record<string, string> }) => Number(r.responseHeaders["x-ratelimit-reset"]) * 1000

  it("GIVEN a 429 with a reset a second ahead THEN it waits until the reset, retries once and succeeds", async () => {
    const program = roster(SAMPLE_LEAGUE_ID).pipe(
      Effect.zipRight(Effect.sync(() => world.fake.setMode("429", { resetInSeconds: 1 }))),
      Effect.zipRight(roster(SAMPLE_LEAGUE_ID)),
    )
    const league = await runIracing(settingsFor(world.fake), world.dbPath, program)
    expect(league.roster).toHaveLength(11)
    const [, limited, retried] = dataRequests()
    expect([limited!.status, retried!.status]).toEqual([429, 200])
    expect(retried!.at).toBeGreaterThanOrEqual(resetOf(limited!))
    expect(world.fake.counts.rateLimited).toBe(1)
  })

  it("GIVEN an answer saying 0 requests remain THEN the next call waits for the reset instead of drawing a 429", async () => {
    world.fake.setRateLimit({ limit: 1, windowSeconds: 1 })
    await runIracing(settingsFor(world.fake), world.dbPath, twice)
    const [first, second] = dataRequests()
    expect(first!.responseHeaders["x-ratelimit-remaining"]).toBe("0")
    expect(second!.status).toBe(200)
    expect(second!.at).toBeGreaterThanOrEqual(resetOf(first!))
    expect(world.fake.counts.rateLimited).toBe(0)
  })

  it("GIVEN a 429 whose reset is beyond the wait bound THEN IracingRateLimited carries the reset time at once", async () => {
    await runIracing(settingsFor(world.fake), world.dbPath, roster(SAMPLE_LEAGUE_ID))
    world.fake.setMode("429", { resetInSeconds: 30 })
    const started = Date.now()
    const error = await failureOf(settingsFor(world.fake, { maxRateLimitWaitMs: 1_000 }), world.dbPath, roster(SAMPLE_LEAGUE_ID))
    expect(Date.now() - started).toBeLessThan(1_000)
    const limited = dataRequests()[1]!
    expect(error).toMatchObject({ _tag: "IracingRateLimited", resetAt: resetOf(limited) })
    expect(error.message).toContain("request limit is used up until")
    expect(dataRequests()).toHaveLength(2)
  })

  for (const mode of ["503-json", "503-html"] as const) {
    it(`GIVEN maintenance (${mode}) THEN IracingMaintenance after one request, and the next call does not ask again`, async () => {
      await runIracing(settingsFor(world.fake), world.dbPath, roster(SAMPLE_LEAGUE_ID))
      world.fake.setMode(mode)
      const [first, second] = await runIracing(
        settingsFor(world.fake),
        world.dbPath,
        Effect.all([Effect.flip(roster(SAMPLE_LEAGUE_ID)), Effect.flip(roster(SAMPLE_LEAGUE_ID))]),
      )
      expect(first._tag).toBe("IracingMaintenance")
      expect(first.message).toContain("iRacing is in maintenance")
      expect(second._tag).toBe("IracingMaintenance")
      expect(dataRequests().map((r) => r.status)).toEqual([200, 503])
      expect(world.fake.counts.tokenRequests).toBe(1)
    })
  }

  it("GIVEN the login page answers maintenance HTML THEN IracingMaintenance, and a second call spends no second login", async () => {
    world.fake.setMode("503-html")
    const errors = await runIracing(
      settingsFor(world.fake),
      world.dbPath,
      Effect.all([Effect.flip(roster(SAMPLE_LEAGUE_ID)), Effect.flip(roster(SAMPLE_LEAGUE_ID))]),
    )
    expect(errors.map((e) => e._tag)).toEqual(["IracingMaintenance", "IracingMaintenance"])
    expect(world.fake.counts).toMatchObject({ tokenRequests: 1, dataRequests: 0 })
  })

  it("GIVEN iRacing never answers a data call THEN IracingTimeout after the configured timeout", async () => {
    await runIracing(settingsFor(world.fake), world.dbPath, roster(SAMPLE_LEAGUE_ID))
    world.fake.setMode("hang")
    const started = Date.now()
    const error = await failureOf(settingsFor(world.fake, { timeoutMs: 300 }), world.dbPath, roster(SAMPLE_LEAGUE_ID))
    expect(error).toMatchObject({ _tag: "IracingTimeout", operation: "GET /data/league/get", afterMs: 300 })
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(dataRequests().at(-1)!.status).toBeNull()
  })

  it("GIVEN the token endpoint never answers THEN the login times out too", async () => {
    world.fake.setMode("hang")
    const error = await failureOf(settingsFor(world.fake, { timeoutMs: 300 }), world.dbPath, roster(SAMPLE_LEAGUE_ID))
    expect(error).toMatchObject({ _tag: "IracingTimeout", operation: "POST /oauth2/token (password_limited)" })
  })
})
