// Load discord.js (and its undici 6) before anything pulls in undici 7 (the iRacing adapter):
// whichever undici loads first installs the process-wide dispatcher, and discord.js's file
// uploads fail ("action is not a function") under undici 7's.
import "discord.js"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import { DatabaseLive } from "../adapters/sqlite/database.js"
import { FollowUpsLive } from "../adapters/discord/follow-ups/follow-up-delivery.js"
import type { WorkerOptions } from "../adapters/discord/follow-ups/follow-up-worker.js"
import { AvailabilityPicturesLive, type AvailabilityPicturesOptions } from "../adapters/discord/render/availability-pictures.js"
import { remindersFeature } from "../adapters/discord/race-night/reminders-command.js"
import { RaceNightSchedulerLive } from "./race-night/scheduler.js"
import { ReconcileLive } from "./race-night/discord-reconcile.js"
import { MemberRolesLive } from "../adapters/discord/member-roles.js"
import { numbersFeature } from "../adapters/discord/numbers/numbers-feature.js"
import type { AppServices } from "../adapters/discord/handler-services.js"
import { DiscordClientLive, serveInteractions } from "../adapters/discord/discord-client.js"
import { registerCommands } from "../adapters/discord/command-registration.js"
import { makeRouter } from "../adapters/discord/router.js"
import type { Feature, SlashCommand } from "../adapters/discord/command.js"
import { helpFeature } from "../adapters/discord/help/help-command.js"
import { permissionsFeature } from "../adapters/discord/permissions/permissions-command.js"
import { tracksFeature } from "../adapters/discord/tracks/track-commands.js"
import { championshipsFeature } from "../adapters/discord/championships/championship-commands.js"
import { eventsFeature } from "../adapters/discord/events/event-feature.js"
import { AppConfig, databaseLocation, type PitboardConfig } from "./app-config.js"
import { inviteUrl } from "./invite.js"
import { LoggingLive } from "./logging.js"
import { STOP_SHARES } from "./stopping.js"
import { ModuleAccessLive } from "./module-access.js"
import { AutoSyncLive } from "./iracing/auto-sync.js"
import { ResultsImportLive } from "./championships/auto-import.js"
import { StandingsPicturesLive } from "../adapters/discord/championships/standings-pictures.js"
import { IracingFromSettings } from "../adapters/iracing/index.js"
import { statusFeature } from "../adapters/discord/status/status-command.js"
import { GatewayStateLive } from "../adapters/discord/gateway-state.js"
import { HealthServerLive } from "../adapters/monitoring/health-server.js"
import { PrometheusLive } from "../adapters/monitoring/prometheus.js"
import { BotStatus, BotStatusLive } from "./bot-status.js"
import { OutboxWatchLive } from "./outbox-watch.js"
import { PITBOARD_VERSION } from "../shared/release-version.js"
import { oneAtATime } from "./work-lease.js"

export type { AppServices } from "../adapters/discord/handler-services.js"

/** The features Pitboard ships, in /help order. */
export const productFeatures: ReadonlyArray<Feature<AppServices>> = [numbersFeature, eventsFeature, remindersFeature, tracksFeature, championshipsFeature, permissionsFeature, statusFeature]

export interface StartOptions {
  /** Extra features for tests (e.g. a command that throws, to prove the error boundary). */
  readonly extraFeatures?: ReadonlyArray<Feature<AppServices>>
  /** How often Discord is made to match the store (driver roles, the live grid); always at start-up. Default 10 minutes. */
  readonly reconcileEvery?: Duration.DurationInput
  /** Tests that drive /sync by hand turn the background auto-sync off. Default: on. */
  readonly autoSync?: boolean
  /** How often the race-night scheduler checks for due triggers (default 20 s); it always checks at start-up. */
  readonly raceNightCheckEvery?: Duration.DurationInput
  /** How long live-grid changes are gathered into one edit (default 2 s); tests shorten it. */
  readonly liveGridDebounce?: Duration.DurationInput
  /** How long a handler may take before the router acknowledges for it (default 2 s); tests lower it. */
  readonly deferAfter?: Duration.DurationInput
  /** The follow-up worker's retry policy; `paused` is the tests' fault hook (see WorkerOptions). */
  readonly followUps?: WorkerOptions
  /** Tests point the picture worker at one that crashes; default: the real worker, one or two of them. */
  readonly pictures?: AvailabilityPicturesOptions
  /** Told when Discord closes the gateway for good (a token reset meanwhile, say); `npm start` then stops. */
  readonly onDiscordLost?: (reason: string) => void
  /** Told the health listener's port once it listens (HEALTH_PORT=0 picks a free one). */
  readonly onHealthListening?: (port: number) => void
}

/** The whole application as one layer: config → database → Discord → commands → interactions. */
export const pitboardLayer = (config: PitboardConfig, options: StartOptions = {}) => {
  let commands: ReadonlyArray<SlashCommand<AppServices>> = []
  const router = makeRouter<AppServices>([helpFeature(() => commands), ...productFeatures, ...(options.extraFeatures ?? [])], { deferAfter: options.deferAfter })
  commands = router.commands

  // Metrics first: the database, the iRacing adapter, the worker and the router all record into them.
  const base = Layer.mergeAll(Layer.succeed(AppConfig, config), DatabaseLive(databaseLocation(config))).pipe(Layer.provideMerge(Layer.merge(PrometheusLive(PITBOARD_VERSION), BotStatusLive)))
  // Listening before the bot logs in: "alive, not ready yet" is what start-up looks like from outside.
  const watched = Option.match(config.health, {
    onNone: () => base,
    onSome: (listener) => Layer.merge(base, HealthServerLive(listener, options.onHealthListening).pipe(Layer.provide(base))),
  })
  // Built after the database, though it needs nothing from it: a file this release cannot use
  // (one from a newer release, say) stops start-up before the bot logs in to Discord.
  const discord = DiscordClientLive(
    { token: config.discordToken, apiUrl: config.discordApiUrl, inviteUrl: inviteUrl(config.applicationId), shards: config.shards, ...(config.shardIds === undefined ? {} : { shardIds: config.shardIds }) },
    { disconnectWithin: STOP_SHARES.discord, onLostForGood: options.onDiscordLost },
  ).pipe(Layer.provide(watched))
  const connected = Layer.mergeAll(watched, ModuleAccessLive.pipe(Layer.provide(base)), IracingFromSettings(config.iracing).pipe(Layer.provide(base)), discord)
  const followUps = FollowUpsLive({ shutdownGrace: STOP_SHARES.followUps, ...options.followUps, liveGridDebounce: options.liveGridDebounce })
  // One standings worker for the command and the post the follow-ups make after an import.
  const standingsPictures = StandingsPicturesLive()
  const services = Layer.mergeAll(
    connected,
    followUps.pipe(Layer.provide(Layer.merge(connected, standingsPictures))),
    AvailabilityPicturesLive(options.pictures),
    standingsPictures,
    GatewayStateLive.pipe(Layer.provide(connected)),
  )
  // Processes starting together on one PostgreSQL take turns here: the first registers, the others
  // find the hash it saved and leave Discord alone, whichever shards each runs.
  const registration = Layer.effectDiscard(
    registerCommands(commands.map((command) => command.data), config.devGuildId).pipe(
      oneAtATime("commands", 2 * 60_000),
      Effect.orDie,
      Effect.zipRight(Effect.flatMap(BotStatus, (status) => Effect.sync(status.markCommandsRegistered))),
    ),
  )
  const scheduler = RaceNightSchedulerLive(options.raceNightCheckEvery)
  const reconcile = ReconcileLive(options.reconcileEvery).pipe(Layer.provide(MemberRolesLive))
  // autoSync: false turns off all background iRacing work: the roster sync and the results import.
  const iracingWork = options.autoSync === false ? Layer.empty : Layer.merge(AutoSyncLive(), ResultsImportLive())
  const background = Layer.mergeAll(iracingWork, scheduler, reconcile, OutboxWatchLive())
  const serving = Layer.merge(serveInteractions(router, STOP_SHARES.interactions), background).pipe(Layer.provide(registration), Layer.provideMerge(services))
  return serving.pipe(Layer.provide(Layer.merge(LoggingLive(config.logLevel, config.logFormat), TracingOff)))
}

/**
 * No tracer is installed (nothing would receive a span), yet every withSpan would still build
 * one: measured ~15–60 µs each on a claim whose SQL takes ~160 µs. Off, they cost a no-op span.
 * Use cases are `Effect.fnUntraced`, not `Effect.fn`: even with tracing off, `Effect.fn` captures
 * a stack and wraps a span on every call, ~15 µs here against ~0.5 µs (test/unit/app/pitboard.test.ts
 * keeps it out of src).
 */
export const TracingOff = Layer.setTracerEnabled(false)

export interface RunningPitboard {
  readonly runtime: ManagedRuntime.ManagedRuntime<AppServices, unknown>
  /** Stops taking interactions, finishes those in flight, disconnects, closes the database. */
  readonly stop: () => Promise<void>
}

export interface StartingPitboard extends RunningPitboard {
  /** Resolves once connected and serving; rejects if start-up fails or is stopped first. */
  readonly started: Promise<void>
}

/** Starts the bot and hands back `stop` at once, so a Ctrl+C while connecting stops it there and then. */
export const launchPitboard = (config: PitboardConfig, options: StartOptions = {}): StartingPitboard => {
  const runtime = ManagedRuntime.make(pitboardLayer(config, options))
  // Disposing while the layer builds interrupts the build first (connecting is interruptible), then releases what was acquired.
  return { runtime, started: runtime.runtime().then(() => undefined), stop: () => runtime.dispose() }
}

export const startPitboard = async (config: PitboardConfig, options: StartOptions = {}): Promise<RunningPitboard> => {
  const { started, ...running } = launchPitboard(config, options)
  await started
  return running
}
