import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { loadIracingSettings, type IracingConfigProblem, type IracingSettings } from "../adapters/iracing/config.js"
import { isPostgresUrl } from "../adapters/postgres/engine.js"
import { defaultLogFormat, LOG_FORMATS, LOG_LEVEL_HELP, parseLogFormat, parseLogLevel, type LogFormat } from "./logging.js"

/**
 * Everything Pitboard reads from its environment. Start-up validates all of it before touching
 * Discord or the database, so a newcomer's first run fails on one readable line, not a trace.
 */
export interface PitboardConfig {
  readonly discordToken: Redacted.Redacted<string>
  readonly applicationId: string
  readonly devGuildId: Option.Option<string>
  readonly databasePath: string
  /** Set: PostgreSQL at this URL, and databasePath is unused. A secret (it may hold a password). */
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  readonly logLevel: LogLevel.LogLevel
  readonly logFormat: LogFormat
  readonly discordApiUrl: Option.Option<string>
  /** iRacing is optional: without credentials the bot runs and iRacing features say they are off. */
  readonly iracing: IracingSettings
  /** How long an untouched event draft lives before it expires. */
  readonly draftLifetimeMs: number
  /** Where /healthz, /readyz and /metrics listen; none unless HEALTH_PORT is set. */
  readonly health: Option.Option<HealthListener>
  /** Gateway shards in all; none = one shard. "auto" = as many as Discord recommends. */
  readonly shards: Option.Option<ShardCount>
  /**
   * The shards this process runs, when several processes share them (SHARD_IDS); unset = every
   * shard. Only with a numeric SHARD_COUNT (the same in every process) and PostgreSQL.
   */
  readonly shardIds?: ReadonlyArray<number>
}

export interface HealthListener {
  /** 0 picks a free port (the log says which). */
  readonly port: number
  readonly host: string
}

/** Loopback only: /metrics tells anyone who can reach it how busy the league is. */
export const DEFAULT_HEALTH_HOST = "127.0.0.1"

export class AppConfig extends Context.Tag("pitboard/AppConfig")<AppConfig, PitboardConfig>() {}

const SNOWFLAKE = /^\d{17,20}$/

/** A word from a short list; the value is quoted back (shortened), since none of these is a secret. */
const oneOf = <A>(name: string, parse: (text: string) => A | undefined, expected: string) =>
  Config.string(name).pipe(
    Config.mapOrFail((text) => {
      const value = parse(text)
      return value === undefined ? Either.left(ConfigError.InvalidData([name], `"${text.slice(0, 20)}" is not ${expected}`)) : Either.right(value)
    }),
  )
const PORTAL = "https://discord.com/developers/applications"

/** How many gateway connections share the bot's servers: Discord requires several from 2,500 servers on. */
export type ShardCount = number | "auto"
/** "0", "0,2", "0-3", "0-1,4": whole numbers and ranges, each once, sorted. */
const parseShardIds = (text: string): ReadonlyArray<number> | undefined => {
  const ids = new Set<number>()
  for (const part of text.split(",").map((p) => p.trim())) {
    const range = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part)
    if (range === null) return undefined
    const [from, to] = [Number(range[1]), Number(range[2] ?? range[1])]
    if (to < from || to > 1023) return undefined
    for (let id = from; id <= to; id++) ids.add(id)
  }
  return [...ids].sort((a, b) => a - b)
}

const parseShardCount = (text: string): ShardCount | undefined => {
  const trimmed = text.trim().toLowerCase()
  if (trimmed === "auto") return "auto"
  const count = Number(trimmed)
  return /^\d+$/.test(trimmed) && count >= 1 && count <= 1024 ? count : undefined
}

/** One entry per variable: how to read it and what to tell someone who got it wrong. */
const variables = {
  DISCORD_TOKEN: {
    config: Config.redacted("DISCORD_TOKEN").pipe(
      Config.validate({
        message: "must be the bot token itself, without spaces or quotes",
        validation: (token) => /^[\w.-]{10,}$/.test(Redacted.value(token).replace(/^Bot /, "")),
      }),
    ),
    help: `open ${PORTAL}, pick your application, then Bot → Reset Token, and put DISCORD_TOKEN=<token> in .env (see .env.example)`,
  },
  DISCORD_APPLICATION_ID: {
    config: Config.string("DISCORD_APPLICATION_ID").pipe(
      Config.validate({ message: "must be a Discord ID (17–20 digits)", validation: (id) => SNOWFLAKE.test(id) }),
    ),
    help: `copy it from ${PORTAL} → your application → General Information → Application ID`,
  },
  DISCORD_GUILD_ID: {
    config: Config.option(
      Config.string("DISCORD_GUILD_ID").pipe(
        Config.validate({ message: "must be a server ID (17–20 digits)", validation: (id) => SNOWFLAKE.test(id) }),
      ),
    ),
    help: "optional; in Discord turn on Settings → Advanced → Developer Mode, then right-click your server → Copy Server ID",
  },
  DATABASE_PATH: {
    config: Config.string("DATABASE_PATH").pipe(
      Config.withDefault("./data/pitboard.sqlite"),
      Config.validate({ message: "must not be empty", validation: (path) => path.trim().length > 0 }),
    ),
    help: "a file path such as ./data/pitboard.sqlite (the folder is created for you)",
  },
  DATABASE_URL: {
    config: Config.option(
      Config.redacted("DATABASE_URL").pipe(
        Config.validate({
          message: "must start with postgres:// or postgresql://",
          validation: (url) => isPostgresUrl(Redacted.value(url)),
        }),
      ),
    ),
    help: "leave it unset for SQLite (DATABASE_PATH), or give postgres://user:password@host:5432/database for a PostgreSQL database that exists (see \"When one machine is not enough\" in the README)",
  },
  LOG_LEVEL: {
    config: oneOf("LOG_LEVEL", parseLogLevel, "a log level").pipe(Config.withDefault(LogLevel.Info)),
    help: `use ${LOG_LEVEL_HELP}`,
  },
  LOG_FORMAT: {
    config: Config.option(oneOf("LOG_FORMAT", parseLogFormat, "a log format")),
    help: `use ${LOG_FORMATS.join(", ")}, or leave it unset for pretty on a terminal and logfmt otherwise`,
  },
  DISCORD_API_URL: {
    config: Config.option(
      Config.url("DISCORD_API_URL").pipe(
        Config.validate({
          message: "must be an http(s) URL",
          validation: (url) => url.protocol === "http:" || url.protocol === "https:",
        }),
        Config.map((url) => url.toString().replace(/\/$/, "")),
      ),
    ),
    help: "leave it unset to use Discord itself; tests set it to a local fake such as http://127.0.0.1:8080/api",
  },
  EVENT_DRAFT_LIFETIME_DAYS: {
    config: Config.integer("EVENT_DRAFT_LIFETIME_DAYS").pipe(
      Config.withDefault(7),
      Config.validate({ message: "must be a whole number of days from 1 to 90", validation: (days) => days >= 1 && days <= 90 }),
    ),
    help: "leave it unset for 7, or give a whole number of days from 1 to 90",
  },
  HEALTH_PORT: {
    config: Config.option(
      Config.integer("HEALTH_PORT").pipe(
        Config.validate({ message: "must be a port number from 0 to 65535", validation: (port) => port >= 0 && port <= 65535 }),
      ),
    ),
    help: "leave it unset for no health endpoints, or give a free port such as 9464 (see Monitor in the README)",
  },
  HEALTH_HOST: {
    config: Config.string("HEALTH_HOST").pipe(
      Config.withDefault(DEFAULT_HEALTH_HOST),
      Config.validate({ message: "must be a host name or an IP address, without a port or spaces", validation: (host) => /^[\w.:-]+$/.test(host) && !/^\d+$/.test(host) }),
    ),
    help: `leave it unset for ${DEFAULT_HEALTH_HOST} (this machine only); 0.0.0.0 lets the whole network read /metrics, so firewall it`,
  },
  SHARD_COUNT: {
    config: Config.option(oneOf("SHARD_COUNT", parseShardCount, "auto or a whole number from 1 to 1024")),
    help: "leave it unset for one shard (enough below 2,500 servers), or set auto for as many as Discord recommends, or a whole number",
  },
  SHARD_IDS: {
    config: Config.option(oneOf("SHARD_IDS", parseShardIds, "shard ids such as 0,1 or 0-3")),
    help: "leave it unset to run every shard in this process; to spread them over several processes on one PostgreSQL database, set SHARD_COUNT to the total (a number, the same everywhere) and give each process its own ids, such as SHARD_IDS=0-1 and SHARD_IDS=2-3 (see \"When one machine is not enough\" in the README)",
  },
} as const

type VariableName = keyof typeof variables

/** The single line printed when a variable is missing or malformed. */
export class ConfigProblem {
  readonly _tag = "ConfigProblem"
  constructor(
    readonly variable: VariableName,
    readonly problem: "missing" | "invalid",
    readonly detail: string,
  ) {}
  get line(): string {
    const what = this.problem === "missing" ? "is not set" : `is not valid: ${this.detail}`
    return `${this.variable} ${what}. To fix it, ${variables[this.variable].help}.`
  }
}

const describe = (variable: VariableName, error: ConfigError.ConfigError): ConfigProblem =>
  new ConfigProblem(
    variable,
    ConfigError.isMissingDataOnly(error) ? "missing" : "invalid",
    ConfigError.reduceWithContext(error, undefined, {
      andCase: (_, l, r) => l ?? r,
      orCase: (_, l, r) => l ?? r,
      invalidDataCase: (_, __, message) => message,
      missingDataCase: (_, __, message) => message,
      sourceUnavailableCase: (_, __, message) => message,
      unsupportedCase: (_, __, message) => message,
    }) ?? "unreadable value",
  )

const read = <A>(variable: VariableName, config: Config.Config<A>) =>
  Effect.mapError(config, (error) => describe(variable, error))

/** Reads and validates every variable, failing on the first problem in the order a newcomer meets them. */
export const loadConfig: Effect.Effect<PitboardConfig, ConfigProblem | IracingConfigProblem> = Effect.gen(function* () {
  const discordToken = yield* read("DISCORD_TOKEN", variables.DISCORD_TOKEN.config)
  const applicationId = yield* read("DISCORD_APPLICATION_ID", variables.DISCORD_APPLICATION_ID.config)
  const devGuildId = yield* read("DISCORD_GUILD_ID", variables.DISCORD_GUILD_ID.config)
  const databasePath = yield* read("DATABASE_PATH", variables.DATABASE_PATH.config)
  const databaseUrl = yield* read("DATABASE_URL", variables.DATABASE_URL.config)
  const logLevel = yield* read("LOG_LEVEL", variables.LOG_LEVEL.config)
  const logFormat = Option.getOrElse(yield* read("LOG_FORMAT", variables.LOG_FORMAT.config), defaultLogFormat)
  const discordApiUrl = yield* read("DISCORD_API_URL", variables.DISCORD_API_URL.config)
  const draftLifetimeDays = yield* read("EVENT_DRAFT_LIFETIME_DAYS", variables.EVENT_DRAFT_LIFETIME_DAYS.config)
  const healthPort = yield* read("HEALTH_PORT", variables.HEALTH_PORT.config)
  const healthHost = yield* read("HEALTH_HOST", variables.HEALTH_HOST.config)
  const health = Option.map(healthPort, (port) => ({ port, host: healthHost }))
  const shards = yield* read("SHARD_COUNT", variables.SHARD_COUNT.config)
  const shardIds = yield* read("SHARD_IDS", variables.SHARD_IDS.config).pipe(Effect.flatMap((ids) => checkShardIds(ids, shards, databaseUrl)))
  const iracing = yield* loadIracingSettings
  return { discordToken, applicationId, devGuildId, databasePath, databaseUrl, logLevel, logFormat, discordApiUrl, iracing, draftLifetimeMs: draftLifetimeDays * 24 * 60 * 60 * 1000, health, shards, ...(shardIds === undefined ? {} : { shardIds }) }
})

/**
 * SHARD_IDS only makes sense against a fixed total that every process shares (with "auto" each
 * would ask Discord and two could hear different answers), and only on PostgreSQL: SQLite serves
 * one process, so a subset of the shards there means the rest run nowhere, or in a second process
 * that the sole-use lock refuses.
 */
const checkShardIds = (ids: Option.Option<ReadonlyArray<number>>, shards: Option.Option<ShardCount>, databaseUrl: Option.Option<unknown>) =>
  Effect.gen(function* () {
    if (Option.isNone(ids)) return undefined
    const count = Option.getOrUndefined(shards)
    const invalid = (detail: string) => Effect.fail(new ConfigProblem("SHARD_IDS", "invalid", detail))
    if (typeof count !== "number") return yield* invalid(`it needs SHARD_COUNT set to the total number of shards (a number, ${count === "auto" ? "not auto" : "it is unset"})`)
    const beyond = ids.value.filter((id) => id >= count)
    if (beyond.length > 0) return yield* invalid(`shard ${beyond[0]} does not exist with SHARD_COUNT=${count} (ids go from 0 to ${count - 1})`)
    if (Option.isNone(databaseUrl) && ids.value.length < count) {
      return yield* invalid("it runs only some of the shards here, so the others must run in other processes, and a SQLite file serves one process; set DATABASE_URL to a PostgreSQL database")
    }
    return ids.value
  })

/**
 * The process environment with blank values treated as unset, so the `NAME=` lines that
 * .env.example ships mean "use the default" rather than "invalid".
 */
export const environmentProvider = (env: NodeJS.ProcessEnv = process.env) =>
  ConfigProvider.fromMap(
    new Map(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== "")),
  )

export const loadConfigFromEnvironment = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig.pipe(Effect.withConfigProvider(environmentProvider(env)))

/** Where the bot keeps its data: the PostgreSQL URL when DATABASE_URL is set, else the SQLite path. */
export const databaseLocation = (config: Pick<PitboardConfig, "databasePath" | "databaseUrl">): string =>
  Option.match(config.databaseUrl, { onNone: () => config.databasePath, onSome: Redacted.value })

/**
 * DATABASE_PATH and DATABASE_URL alone, read and checked as the bot reads them, for tools (backup,
 * restore, migrate-to-postgres) that need nothing else.
 */
export const loadDatabaseSettingsFromEnvironment = (env: NodeJS.ProcessEnv = process.env) =>
  Effect.all({
    databasePath: read("DATABASE_PATH", variables.DATABASE_PATH.config),
    databaseUrl: read("DATABASE_URL", variables.DATABASE_URL.config),
  }).pipe(Effect.withConfigProvider(environmentProvider(env)))



