// Load discord.js (and its undici 6) first, as src/app/main.ts does: the first undici loaded
// installs the process-wide dispatcher.
import "discord.js"
import { LogLevel, Option, Redacted } from "effect"
import { defaultIracingSettings } from "../../src/adapters/iracing/index.js"
import { startPitboard } from "../../src/app/pitboard.js"

/**
 * One Pitboard process of several sharing a PostgreSQL database, each running some of the shards
 * (SHARD_IDS), logged in to a fake Discord in the test's process: test/e2e/several-processes.test.ts.
 * Its schedules are test-sized; everything else is the real bot.
 */
export interface ShardBotSpec {
  readonly name: string
  readonly fake: { readonly token: string; readonly applicationId: string; readonly restApi: string }
  readonly databaseUrl: string
  readonly shardCount: number
  readonly shardIds: ReadonlyArray<number>
  /** How long a taken follow-up stays this process's: short, so a killed one's are taken over soon. */
  readonly leaseMs: number
}

const spec = JSON.parse(process.argv[2]!) as ShardBotSpec

const bot = await startPitboard(
  {
    discordToken: Redacted.make(spec.fake.token),
    applicationId: spec.fake.applicationId,
    devGuildId: Option.none(),
    databasePath: spec.databaseUrl,
    databaseUrl: Option.some(Redacted.make(spec.databaseUrl)),
    logLevel: process.env.PITBOARD_TEST_LOG === "1" ? LogLevel.Debug : LogLevel.Warning,
    logFormat: "logfmt",
    discordApiUrl: Option.some(spec.fake.restApi),
    iracing: defaultIracingSettings,
    draftLifetimeMs: 7 * 24 * 60 * 60 * 1000,
    health: Option.none(),
    shards: Option.some(spec.shardCount),
    shardIds: spec.shardIds,
  },
  { autoSync: false, raceNightCheckEvery: "250 millis", liveGridDebounce: "20 millis", followUps: { lease: `${spec.leaseMs} millis`, shutdownGrace: 0 } },
)

process.send!({ type: "ready", name: spec.name })
process.on("message", async (request: { type: string }) => {
  if (request.type !== "stop") return
  await bot.stop()
  process.send!({ type: "stopped" }, () => process.exit(0))
})
