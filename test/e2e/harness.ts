// Load discord.js (and its undici 6) before anything pulls in undici 7 (the iRacing adapter):
// whichever undici loads first installs the process-wide dispatcher, and discord.js's file
// uploads fail ("action is not a function") under undici 7's.
import "discord.js"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Effect from "effect/Effect"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { startPitboard, type RunningPitboard, type StartOptions } from "../../src/app/pitboard.js"
import type { HealthListener, PitboardConfig } from "../../src/app/app-config.js"
import { defaultLogFormat, type LogFormat } from "../../src/app/logging.js"
import { defaultIracingSettings, loadIracingSettingsFromEnvironment, type IracingSettings } from "../../src/adapters/iracing/index.js"
import { Database } from "../../src/adapters/sqlite/database.js"
import { isPostgresUrl } from "../../src/adapters/postgres/engine.js"
import { testDatabase } from "../support/test-database.js"
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type InteractionHandle, type SeedUser } from "./fake-discord/index.js"

export interface TestBot {
  readonly fake: FakeDiscord
  readonly databasePath: string
  bot: RunningPitboard
  /** Stops the bot (as SIGTERM would) and starts a new one on the same database file. */
  restart(options?: StartOptions): Promise<void>
  member(username: string, permissions?: "member" | "admin", roles?: string[]): SeedUser
  /** Waits until every Discord follow-up written so far (roles, DMs, cards, the grid…) is sent or given up. */
  delivered(timeoutMs?: number): Promise<void>
  stop(): Promise<void>
}

/** Tests that read the bot's log lines ask for a level and a format they can parse (see log-capture.ts). */
export interface TestLogging {
  readonly level?: LogLevel.LogLevel
  readonly format?: LogFormat
}

export const configFor = (fake: Pick<FakeDiscord, "token" | "applicationId" | "guildId" | "restApi">, databasePath: string, iracing: IracingSettings = defaultIracingSettings, log: TestLogging = {}): PitboardConfig => ({
  discordToken: Redacted.make(fake.token),
  applicationId: fake.applicationId,
  devGuildId: Option.some(fake.guildId),
  databasePath,
  databaseUrl: isPostgresUrl(databasePath) ? Option.some(Redacted.make(databasePath)) : Option.none(),
  logLevel: log.level ?? (process.env.PITBOARD_TEST_LOG === "1" ? LogLevel.Debug : LogLevel.Warning),
  logFormat: log.format ?? defaultLogFormat(),
  discordApiUrl: Option.some(fake.restApi),
  iracing,
  draftLifetimeMs: 7 * 24 * 60 * 60 * 1000,
  health: Option.none(),
  shards: Option.none(),
})

/** The real bot, the real discord.js client, a real SQLite file (a PostgreSQL database on the PostgreSQL run), and the fake Discord. */
export const startTestBot = async (
  options: StartOptions & { fake?: FakeDiscordOptions; databasePath?: string; iracing?: IracingSettings; log?: TestLogging; health?: HealthListener } = {},
): Promise<TestBot> => {
  const fake = await startFakeDiscord(options.fake)
  const folder = mkdtempSync(join(tmpdir(), "pitboard-e2e-"))
  const databasePath = options.databasePath ?? (await testDatabase(join(folder, "pitboard.sqlite")))
  // The live grid's debounce would make every test that checks it wait 2 s; tests that measure it set their own.
  const config = { ...configFor(fake, databasePath, options.iracing, options.log), health: Option.fromNullable(options.health) }
  const start = (startOptions: StartOptions) => startPitboard(config, { liveGridDebounce: "20 millis", ...startOptions })
  const handle: TestBot = {
    fake,
    databasePath,
    bot: await start(options),
    async restart(restartOptions = options) {
      await handle.bot.stop()
      handle.bot = await start(restartOptions)
    },
    member: (username, permissions = "member", roles = []) => fake.addMember(fake.guildId, { username, permissions, roles }),
    async delivered(timeoutMs = 10_000) {
      const unfinished = () =>
        handle.bot.runtime.runPromise(
          Effect.flatMap(Database, (db) =>
            db.query("test.outbox", async (k) => (await k.selectFrom("outbox").select("id").where("state", "in", ["pending", "delivering"]).limit(1).execute()).length),
          ).pipe(Effect.orDie),
        )
      const deadline = Date.now() + timeoutMs
      while ((await unfinished()) > 0) {
        if (Date.now() > deadline) throw new Error(`follow-ups still waiting after ${timeoutMs} ms`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    async stop() {
      await handle.bot.stop().catch(() => undefined)
      await fake.close()
      rmSync(folder, { recursive: true, force: true })
    },
  }
  return handle
}

type Obj = Record<string, any>

/**
 * What the member ends up seeing for an interaction: the immediate reply (type 4), the updated
 * panel (type 7), or the deferred message once edited.
 */
export const replyOf = async (handle: InteractionHandle, timeoutMs = 5000): Promise<Obj> => {
  const first = await handle.firstResponse(timeoutMs)
  if (first.status >= 400) throw new Error(`the bot's first response was refused: ${first.status} ${JSON.stringify(first.response)}`)
  const body = first.body as { type: number; data?: Obj }
  if (body.type === 4 || body.type === 7 || body.type === 9 || body.type === 8) return { ...body.data, callbackType: body.type }
  await handle.waitForResponse((call) => call.method === "PATCH" || (call.method === "POST" && call.path.startsWith("/webhooks")), timeoutMs)
  return { ...(handle.original() ?? handle.followUps()[0] ?? {}), callbackType: body.type }
}

/** Every text a member can read in a message: content, embed titles, descriptions and fields. */
export const textOf = (message: Obj): string =>
  [
    message.content ?? "",
    ...((message.embeds ?? []) as Obj[]).flatMap((embed) => [
      embed.title ?? "",
      embed.description ?? "",
      ...((embed.fields ?? []) as Obj[]).flatMap((field) => [field.name, field.value]),
      embed.footer?.text ?? "",
    ]),
  ].join("\n")

export const isEphemeral = (message: Obj): boolean => ((message.flags ?? 0) & 64) === 64

/** Custom ids of every button and select on a message, in order. */
export const componentsOf = (message: Obj): Array<{ customId: string; label?: string; type: number; disabled?: boolean }> =>
  ((message.components ?? []) as Obj[]).flatMap((row) =>
    ((row.components ?? []) as Obj[]).map((c) => ({ customId: c.custom_id, label: c.label, type: c.type, disabled: c.disabled })),
  )

/** Settings that point the real adapter at a fake iRacing's `env`, with test-sized waits in `overrides`. */
export const iracingSettingsFrom = (env: Record<string, string>, overrides: Partial<IracingSettings> = {}): IracingSettings => ({
  ...Effect.runSync(loadIracingSettingsFromEnvironment(env)),
  ...overrides,
})

/** Every claim's status by id, straight from the database: "no claim changed" compares two of these. */
export const claimStatuses = (t: TestBot): Promise<Record<string, string>> =>
  t.bot.runtime.runPromise(
    Effect.flatMap(Database, (db) => db.query("test.claim-statuses", (k) => k.selectFrom("claims").select(["id", "status"]).where("guild_id", "=", t.fake.guildId).orderBy("id").execute())).pipe(
      Effect.map((rows) => Object.fromEntries(rows.map((row) => [row.id, row.status]))),
      Effect.orDie,
    ),
  )
