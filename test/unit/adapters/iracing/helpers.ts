import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import { afterEach, beforeEach } from "vitest"
import { makeIracingClient, type QueryParams } from "../../../../src/adapters/iracing/client.js"
import { defaultIracingSettings, type IracingCredentials, type IracingSettings } from "../../../../src/adapters/iracing/config.js"
import { Iracing, IracingFromSettings } from "../../../../src/adapters/iracing/service.js"
import { Database } from "../../../../src/adapters/sqlite/database.js"
import { startFakeIracing, type FakeIracing, type FakeIracingOptions } from "../../../e2e/fake-iracing/server.js"
import { TestDatabaseLive } from "../../../support/test-database.js"

/** A fresh fake and temp folder per test; `dbPath` is a real SQLite file inside it. */
export const useWorld = (options: FakeIracingOptions = {}) => {
  let fake: FakeIracing | undefined
  let dir: string | undefined
  beforeEach(async () => {
    fake = await startFakeIracing(options)
    dir = await mkdtemp(join(tmpdir(), "pitboard-iracing-"))
  })
  afterEach(async () => {
    await fake?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
    fake = dir = undefined
  })
  return {
    get fake(): FakeIracing {
      if (!fake) throw new Error("useWorld: only inside a test")
      return fake
    },
    get dbPath(): string {
      if (!dir) throw new Error("useWorld: only inside a test")
      return join(dir, "pitboard.sqlite")
    },
  }
}

/** Fast, bounded waits so rate-limit tests take about a second, not a minute. */
export const settingsFor = (fake: FakeIracing, overrides: Partial<IracingSettings> = {}): IracingSettings => ({
  ...defaultIracingSettings,
  credentials: Option.some({
    clientId: fake.credentials.clientId,
    clientSecret: Redacted.make(fake.credentials.clientSecret),
    username: fake.credentials.username,
    password: Redacted.make(fake.credentials.password),
  }),
  dataUrl: fake.url,
  oauthUrl: fake.url,
  timeoutMs: 3_000,
  rateLimitMarginMs: 50,
  maxRateLimitWaitMs: 5_000,
  ...overrides,
})

/** `settings` with some credential fields replaced (a wrong password, a rotated secret). */
export const withCredentials = (settings: IracingSettings, patch: Partial<IracingCredentials>): IracingSettings => ({
  ...settings,
  credentials: Option.map(settings.credentials, (credentials) => ({ ...credentials, ...patch })),
})

/** Every log line the adapter writes, at every level, rendered as logfmt. */
export const captureLogs = () => {
  const lines: string[] = []
  const layer = Layer.merge(
    Logger.replace(Logger.defaultLogger, Logger.map(Logger.logfmtLogger, (line) => void lines.push(line))),
    Logger.minimumLogLevel(LogLevel.All),
  )
  return { lines, layer }
}

const quiet = Logger.minimumLogLevel(LogLevel.None)

/** Runs `program` against a freshly built adapter (its own agent and DB connection), then closes both. */
export const runIracing = <A, E>(
  settings: IracingSettings,
  dbPath: string,
  program: Effect.Effect<A, E, Iracing>,
  logs: Layer.Layer<never> = quiet,
): Promise<A> =>
  Effect.runPromise(program.pipe(Effect.provide(IracingFromSettings(settings).pipe(Layer.provide(TestDatabaseLive(dbPath)))), Effect.provide(logs)))

/** The failure of `program`, for asserting on tagged errors. */
export const failureOf = <A, E>(settings: IracingSettings, dbPath: string, program: Effect.Effect<A, E, Iracing>, logs?: Layer.Layer<never>) =>
  runIracing(settings, dbPath, Effect.flip(program), logs)

/** The generic client, for endpoints the narrow service does not expose (data_url, chunks). */
export const runClientGet = <A, I>(settings: IracingSettings, dbPath: string, endpoint: string, params: QueryParams, schema: Schema.Schema<A, I>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const db = yield* Database
      const client = yield* makeIracingClient(settings, Option.getOrThrow(settings.credentials), db)
      return yield* client.get(endpoint, params, schema)
    }).pipe(Effect.scoped, Effect.provide(TestDatabaseLive(dbPath)), Effect.provide(quiet)),
  )

export const roster = (leagueId: number) => Effect.flatMap(Iracing, (iracing) => iracing.leagueRoster(leagueId))
