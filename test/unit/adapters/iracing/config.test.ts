import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Cause from "effect/Cause"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { IRACING_DATA_URL, IRACING_OAUTH_URL, loadIracingSettingsFromEnvironment, type IracingConfigProblem } from "../../../../src/adapters/iracing/config.js"
import { Iracing, IracingLive } from "../../../../src/adapters/iracing/service.js"
import { } from "../../../../src/adapters/sqlite/database.js"
import { TestDatabaseLive } from "../../../support/test-database.js"

const FULL = {
  IRACING_CLIENT_ID: "pitboard",
  IRACING_CLIENT_SECRET: "very-secret-client",
  IRACING_USERNAME: "bot@example.com",
  IRACING_PASSWORD: "very-secret-password",
}

const settingsOf = (env: Record<string, string>) => Effect.runSync(loadIracingSettingsFromEnvironment(env))
const problemOf = (env: Record<string, string>): IracingConfigProblem => {
  const exit = Effect.runSyncExit(loadIracingSettingsFromEnvironment(env))
  if (Exit.isSuccess(exit)) throw new Error("expected a config problem")
  return Option.getOrThrow(Cause.failureOption(exit.cause))
}

describe("iRacing configuration", () => {
  it("GIVEN no iRacing variables THEN iRacing is off and the defaults point at iRacing itself", () => {
    const settings = settingsOf({})
    expect(Option.isNone(settings.credentials)).toBe(true)
    expect(settings).toMatchObject({ dataUrl: IRACING_DATA_URL, oauthUrl: IRACING_OAUTH_URL, timeoutMs: 15_000 })
  })

  it("GIVEN all four THEN the secrets are Redacted and never printed", () => {
    const credentials = Option.getOrThrow(settingsOf(FULL).credentials)
    expect(Redacted.value(credentials.clientSecret)).toBe("very-secret-client")
    expect(Redacted.value(credentials.password)).toBe("very-secret-password")
    expect(`${String(credentials.clientSecret)} ${JSON.stringify(credentials)}`).not.toMatch(/very-secret/)
  })

  it("GIVEN only some credentials THEN one line names exactly the missing ones", () => {
    const problem = problemOf({ IRACING_CLIENT_ID: "pitboard", IRACING_PASSWORD: "very-secret-password" })
    expect(problem.variables).toEqual(["IRACING_CLIENT_SECRET", "IRACING_USERNAME"])
    expect(problem.line).toMatch(/^IRACING_CLIENT_SECRET and IRACING_USERNAME are not set/)
    expect(problem.line).toContain("or none of them to run without iRacing")
    expect(problem.line).not.toContain("\n")
    expect(problem.line).not.toContain("very-secret")
  })

  it("GIVEN blank values THEN they count as unset", () => {
    expect(Option.isNone(settingsOf({ IRACING_CLIENT_ID: " ", IRACING_CLIENT_SECRET: "", IRACING_USERNAME: "", IRACING_PASSWORD: "", IRACING_DATA_URL: "" }).credentials)).toBe(true)
    expect(problemOf({ ...FULL, IRACING_PASSWORD: "   " }).variables).toEqual(["IRACING_PASSWORD"])
  })

  it("GIVEN URL and timeout overrides THEN they are used, and a bad one is named", () => {
    expect(settingsOf({ IRACING_DATA_URL: "http://127.0.0.1:9000/", IRACING_OAUTH_URL: "http://127.0.0.1:9001", IRACING_TIMEOUT_SECONDS: "2.5" })).toMatchObject({
      dataUrl: "http://127.0.0.1:9000",
      oauthUrl: "http://127.0.0.1:9001",
      timeoutMs: 2_500,
    })
    expect(problemOf({ IRACING_OAUTH_URL: "ftp://x" }).line).toMatch(/^IRACING_OAUTH_URL is not valid: must be an http\(s\) URL\. To fix it/)
    expect(problemOf({ IRACING_TIMEOUT_SECONDS: "forever" }).variable).toBe("IRACING_TIMEOUT_SECONDS")
  })

  it("GIVEN no credentials THEN the live layer reports off and every call fails with IracingDisabled naming the variables", async () => {
    const layer = IracingLive.pipe(
      Layer.provide(TestDatabaseLive(":memory:")),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["IRACING_USERNAME", ""]])))),
    )
    const [status, errors] = await Effect.runPromise(
      Effect.flatMap(Iracing, (iracing) =>
        Effect.all([
          Effect.succeed(iracing.status),
          Effect.all([Effect.flip(iracing.leagueRoster(1)), Effect.flip(iracing.lookupDrivers("max")), Effect.flip(iracing.member(1))]),
        ]),
      ).pipe(Effect.provide(layer)),
    )
    expect(status).toBe("off")
    for (const error of errors) {
      expect(error._tag).toBe("IracingDisabled")
      expect(error.message).toBe(
        "iRacing features are off. To turn them on, set IRACING_CLIENT_ID, IRACING_CLIENT_SECRET, IRACING_USERNAME and IRACING_PASSWORD (see .env.example).",
      )
    }
  })

  it("GIVEN all credentials through the live layer THEN status is on", async () => {
    const layer = IracingLive.pipe(
      Layer.provide(TestDatabaseLive(":memory:")),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(FULL))))),
    )
    expect(await Effect.runPromise(Effect.map(Iracing, (i) => i.status).pipe(Effect.provide(layer)))).toBe("on")
  })
})
