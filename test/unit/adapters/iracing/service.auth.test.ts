import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { Iracing } from "../../../../src/adapters/iracing/service.js"
import { openDatabase } from "../../../../src/adapters/sqlite/database.js"
import { SAMPLE_LEAGUE_ID } from "../../../e2e/fake-iracing/fixtures.js"
import { fakeMask } from "../../../e2e/fake-iracing/oauth.js"
import { captureLogs, failureOf, roster, runIracing, settingsFor, useWorld, withCredentials } from "./helpers.js"
import { testDatabase } from "../../../support/test-database.js"

const bearerOf = (headers: Record<string, unknown>) => String(headers.authorization ?? "").replace(/^Bearer /, "")

describe("iRacing adapter: tokens", () => {
  const world = useWorld()
  const dataRequests = () => world.fake.requests.filter((r) => r.url.startsWith("/data/"))

  it("GIVEN the access token is refused once (401) THEN it refreshes once, retries, and does not log in again", async () => {
    const league = await runIracing(
      settingsFor(world.fake),
      world.dbPath,
      roster(SAMPLE_LEAGUE_ID).pipe(
        Effect.zipRight(Effect.sync(() => world.fake.setMode("401-once"))),
        Effect.zipRight(roster(SAMPLE_LEAGUE_ID)),
      ),
    )
    expect(league.roster).toHaveLength(11)
    expect(world.fake.counts).toMatchObject({ fullLogins: 1, refreshes: 1, unauthorized: 1 })
    expect(dataRequests().map((r) => r.status)).toEqual([200, 401, 200])
  })

  it("GIVEN someone else spent the refresh token WHEN a 401 forces a refresh THEN the refusal falls back to one full login", async () => {
    const { clientId, clientSecret } = world.fake.credentials
    const program = roster(SAMPLE_LEAGUE_ID).pipe(
      Effect.zipRight(
        Effect.promise(async () => {
          // Another holder of the same refresh token uses it first: iRacing's tokens are single-use.
          const form = new URLSearchParams({ grant_type: "refresh_token", client_id: clientId, client_secret: fakeMask(clientSecret, clientId), refresh_token: world.fake.issued[0]!.refreshToken })
          const response = await fetch(`${world.fake.url}/oauth2/token`, { method: "POST", body: form })
          expect(response.status).toBe(200)
          world.fake.setMode("401-once")
        }),
      ),
      Effect.zipRight(roster(SAMPLE_LEAGUE_ID)),
    )
    await runIracing(settingsFor(world.fake), world.dbPath, program)
    expect(world.fake.counts).toMatchObject({ fullLogins: 2, refreshes: 1, refusedRefreshes: 1 })
    expect(dataRequests().map((r) => r.status)).toEqual([200, 401, 200])
  })

  it("GIVEN a restart on the same database file THEN the saved, encrypted tokens are reused without a new login", async () => {
    await runIracing(settingsFor(world.fake), world.dbPath, roster(SAMPLE_LEAGUE_ID))
    const { accessToken, refreshToken } = world.fake.issued[0]!
    const db = await openDatabase(await testDatabase(world.dbPath))
    const rows = await db.selectFrom("iracing_tokens").selectAll().execute()
    await db.destroy()
    expect(rows).toHaveLength(1)
    const stored = JSON.stringify(rows)
    for (const secret of [accessToken, refreshToken, world.fake.credentials.clientSecret, world.fake.credentials.password]) {
      expect(stored).not.toContain(secret)
    }

    await runIracing(settingsFor(world.fake), world.dbPath, roster(SAMPLE_LEAGUE_ID))
    expect(world.fake.counts).toMatchObject({ fullLogins: 1, refreshes: 0 })
    expect(dataRequests().map((r) => bearerOf(r.headers))).toEqual([accessToken, accessToken])
  })

  it("GIVEN a saved token sealed for another client secret THEN it is ignored and a login follows", async () => {
    await runIracing(settingsFor(world.fake), world.dbPath, roster(SAMPLE_LEAGUE_ID))
    const rotated = withCredentials(settingsFor(world.fake), { clientSecret: Redacted.make("rotated") })
    // The fake refuses the rotated secret; what matters is that the old row did not decrypt into a token.
    const error = await failureOf(rotated, world.dbPath, roster(SAMPLE_LEAGUE_ID))
    expect(error).toMatchObject({ _tag: "IracingAuthFailed", variables: ["IRACING_CLIENT_ID", "IRACING_CLIENT_SECRET"] })
    expect(dataRequests()).toHaveLength(1)
  })

  it("GIVEN an access token about to expire WHEN five calls arrive together THEN exactly one refresh happens", async () => {
    world.fake.accessTokenTtlSeconds = 60 // inside the 60 s buffer: stale as soon as it is issued
    const program = roster(SAMPLE_LEAGUE_ID).pipe(
      Effect.zipRight(Effect.sync(() => (world.fake.accessTokenTtlSeconds = 600))),
      Effect.zipRight(Effect.all(Array.from({ length: 5 }, () => roster(SAMPLE_LEAGUE_ID)), { concurrency: "unbounded" })),
    )
    const results = await runIracing(settingsFor(world.fake), world.dbPath, program)
    expect(results).toHaveLength(5)
    expect(world.fake.counts).toMatchObject({ fullLogins: 1, refreshes: 1, refusedRefreshes: 0 })
    const refreshed = world.fake.issued[1]!.accessToken
    expect(dataRequests().slice(1).map((r) => bearerOf(r.headers))).toEqual(Array(5).fill(refreshed))
  })

  it("GIVEN five calls that all get 401 together THEN one refresh serves them all", async () => {
    const program = roster(SAMPLE_LEAGUE_ID).pipe(
      Effect.zipRight(Effect.sync(() => world.fake.expireAccessTokens())),
      Effect.zipRight(Effect.all(Array.from({ length: 5 }, () => roster(SAMPLE_LEAGUE_ID)), { concurrency: "unbounded" })),
    )
    await runIracing(settingsFor(world.fake), world.dbPath, program)
    expect(world.fake.counts).toMatchObject({ fullLogins: 1, refreshes: 1, refusedRefreshes: 0, unauthorized: 5 })
  })

  it("GIVEN logins, refreshes and calls THEN no request and no log line carries the plain secret, password or a token", async () => {
    const logs = captureLogs()
    const { clientId, clientSecret, username, password } = world.fake.credentials
    await runIracing(
      settingsFor(world.fake),
      world.dbPath,
      roster(SAMPLE_LEAGUE_ID).pipe(
        Effect.zipRight(Effect.sync(() => world.fake.setMode("401-once"))),
        Effect.zipRight(Effect.flatMap(Iracing, (i) => i.lookupDrivers("max"))),
      ),
      logs.layer,
    )
    expect(world.fake.counts).toMatchObject({ fullLogins: 1, refreshes: 1 })
    expect(logs.lines.some((line) => line.includes("full login"))).toBe(true)
    const sent = JSON.stringify(world.fake.requests)
    const logged = logs.lines.join("\n")
    for (const plain of [clientSecret, password]) {
      for (const form of [plain, encodeURIComponent(plain), new URLSearchParams({ x: plain }).toString().slice(2)]) {
        expect(sent).not.toContain(form)
        expect(logged).not.toContain(form)
      }
    }
    for (const { accessToken, refreshToken } of world.fake.issued) {
      expect(logged).not.toContain(accessToken)
      expect(logged).not.toContain(refreshToken)
    }
    const login = new URLSearchParams(world.fake.requests.find((r) => r.url === "/oauth2/token")!.body)
    expect(login.get("client_secret")).toBe(fakeMask(clientSecret, clientId))
    expect(login.get("password")).toBe(fakeMask(password, username))
  })

  it("GIVEN the data API refuses every token THEN it refreshes once, logs in once more, then stops with IracingAuthFailed", async () => {
    world.fake.setMode("401-always")
    const [first, second] = await runIracing(
      settingsFor(world.fake),
      world.dbPath,
      Effect.all([Effect.flip(roster(SAMPLE_LEAGUE_ID)), Effect.flip(roster(SAMPLE_LEAGUE_ID))]),
    )
    expect(first).toMatchObject({ _tag: "IracingAuthFailed", variables: ["IRACING_CLIENT_ID", "IRACING_USERNAME"] })
    expect(first.message).toContain("data-server audience")
    expect(second._tag).toBe("IracingAuthFailed")
    // login → 401 → refresh → 401 → login → 401 → stop; the second call asks nothing.
    expect(world.fake.counts).toMatchObject({ fullLogins: 2, refreshes: 1, dataRequests: 3 })
  })

  it("GIVEN a wrong password THEN IracingAuthFailed names the variables without echoing them, and no second login is spent", async () => {
    const wrong = withCredentials(settingsFor(world.fake), { password: Redacted.make("not-the-password") })
    const [first, second] = await runIracing(
      wrong,
      world.dbPath,
      Effect.all([Effect.flip(roster(SAMPLE_LEAGUE_ID)), Effect.flip(roster(SAMPLE_LEAGUE_ID))]),
    )
    expect(first).toMatchObject({ _tag: "IracingAuthFailed", variables: ["IRACING_USERNAME", "IRACING_PASSWORD"] })
    expect(first.message).toBe("iRacing refused the login: the username or password is not accepted. Check IRACING_USERNAME and IRACING_PASSWORD.")
    expect(first.message).not.toContain("not-the-password")
    expect(second._tag).toBe("IracingAuthFailed")
    expect(world.fake.counts).toMatchObject({ tokenRequests: 1, refusedLogins: 1, dataRequests: 0 })
  })
})
