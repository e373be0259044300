// Load discord.js (and its undici 6) first, as src/app/main.ts does: the first undici loaded
// installs the process-wide dispatcher.
import "discord.js"
import { writeFileSync } from "node:fs"
import { Session } from "node:inspector"
import { Client, Events, GatewayIntentBits, MessageFlags } from "discord.js"
import * as LogLevel from "effect/LogLevel"
import { claimedText } from "../../src/adapters/discord/numbers/numbers-view.js"
import { saveClass } from "../../src/app/numbers/setup.js"
import { startPitboard } from "../../src/app/pitboard.js"
import { configFor } from "../e2e/harness.js"
import { openRawClaims } from "./raw-claim.js"
import { OPEN_CLASS } from "./open-class.js"

/**
 * One bot in a process of its own for bench/bursts.ts. Discord is another machine in real life;
 * sharing a thread with the fake would add the fake's work (1,000 payloads built, 1,000 replies
 * parsed) to every bot alike and squeeze their ratios towards 1.
 */
export interface BurstBotSpec {
  readonly kind: "floor" | "raw-claim" | "pitboard"
  readonly fake: { readonly token: string; readonly applicationId: string; readonly guildId: string; readonly restApi: string }
  readonly databasePath: string
  readonly adminId: string
}

export type BurstBotRequest =
  | { readonly type: "stop" }
  | { readonly type: "profile-start" }
  | { readonly type: "profile-stop"; readonly path: string }
  /** Answered with the CPU time (user + system, µs) the whole process has used so far, its threads included. */
  | { readonly type: "cpu" }

const spec = JSON.parse(process.argv[2]!) as BurstBotSpec

/** The floor: what discord.js alone costs to take an interaction and answer it. */
const startFloor = async () => {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: spec.fake.restApi } })
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isRepliable()) void interaction.reply({ content: "pong", flags: MessageFlags.Ephemeral }).catch(() => undefined)
  })
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve))
  await client.login(spec.fake.token)
  await ready
  return () => client.destroy()
}

/**
 * The floor for doing the work: discord.js, the claim's transaction in raw better-sqlite3 on a file
 * opened as Pitboard opens it (raw-claim.ts: the same statements, no rule applied), Pitboard's own
 * answer text, and one log line per interaction, as a bot written by hand without Pitboard's layers.
 */
const startRawClaimBot = async () => {
  const raw = await openRawClaims(spec.databasePath, spec.fake.guildId, spec.adminId)
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: spec.fake.restApi } })
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return
    const startedAt = Date.now()
    const number = interaction.options.getString("number", true)
    let content: string
    try {
      if (interaction.options.getSubcommand() === "claim") {
        content = claimedText({ claim: raw.claims.claim(interaction.user.id, number), numberClass: raw.numberClass, warnings: [] })
      } else {
        content = raw.claims.release(interaction.user.id, number) ? `You released **#${number}**. It is free again.` : `You don't hold **#${number}**.`
      }
    } catch (error) {
      // Counted as an unexpected reply by the bench, rather than a crash that ends it.
      content = `failed: ${error instanceof Error ? error.message : String(error)}`
    }
    void interaction.reply({ content, flags: MessageFlags.Ephemeral }).then(
      () => process.stderr.write(`level=INFO message=interaction userId=${interaction.user.id} route=/number ms=${Date.now() - startedAt}\n`),
      () => undefined,
    )
  })
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve))
  await client.login(spec.fake.token)
  await ready
  return async () => {
    await client.destroy()
    await raw.close()
  }
}

const startPitboardWithClass = async () => {
  // Logging as `npm start` does (Info, logfmt to a pipe, as under a service manager): one line per
  // interaction is part of what a burst costs the bot.
  const level = process.env.PITBOARD_TEST_LOG === "1" ? LogLevel.Debug : LogLevel.Info
  const bot = await startPitboard(configFor(spec.fake, spec.databasePath, undefined, { level, format: "logfmt" }), { autoSync: false })
  await bot.runtime.runPromise(saveClass(spec.fake.guildId, spec.adminId, OPEN_CLASS))
  return bot.stop
}

const profiler = new Session()
const post = (method: string, params?: object) =>
  new Promise<any>((resolve, reject) => profiler.post(method, params, (error, result) => (error ? reject(error) : resolve(result))))

const stop = await (spec.kind === "floor" ? startFloor() : spec.kind === "raw-claim" ? startRawClaimBot() : startPitboardWithClass())

process.on("message", async (request: BurstBotRequest) => {
  if (request.type === "profile-start") {
    profiler.connect()
    await post("Profiler.enable")
    await post("Profiler.start")
  } else if (request.type === "profile-stop") {
    const { profile } = await post("Profiler.stop")
    writeFileSync(request.path, JSON.stringify(profile))
    profiler.disconnect()
  } else if (request.type === "cpu") {
    const { user, system } = process.cpuUsage()
    process.send!({ type: "done", of: request.type, cpuMicros: user + system })
    return
  } else {
    await stop()
    process.send!({ type: "done", of: request.type }, () => process.exit(0))
    return
  }
  process.send!({ type: "done", of: request.type })
})
// A test run that ended (or crashed) without stopping this bot must not leave it running.
process.once("disconnect", () => process.exit(1))
process.send!({ type: "ready" })
