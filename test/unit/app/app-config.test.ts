import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Cause from "effect/Cause"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as LogLevel from "effect/LogLevel"
import { describe, expect, it } from "vitest"
import { databaseLocation, loadConfigFromEnvironment } from "../../../src/app/app-config.js"
import { defaultLogFormat } from "../../../src/app/logging.js"

const TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAx.GhIjKl.abcdefghijklmnopqrstuvwxyz012345"
const APP = "100000000000000001"

const problemOf = (env: Record<string, string>) => {
  const exit = Effect.runSyncExit(loadConfigFromEnvironment(env))
  if (Exit.isSuccess(exit)) throw new Error("expected a config problem")
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure)) throw new Error(Cause.pretty(exit.cause))
  return failure.value
}

describe("configuration", () => {
  it("GIVEN DATABASE_URL with another scheme THEN it is refused without echoing it (it may hold a password)", () => {
    const problem = problemOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DATABASE_URL: "mysql://pitboard:s3cret@db/pitboard" })
    expect(problem.variable).toBe("DATABASE_URL")
    expect(problem.line).toContain("postgres://")
    expect(problem.line).not.toContain("s3cret")
  })

  it("GIVEN DATABASE_URL=postgres://… THEN the bot's data lives there, not at DATABASE_PATH", () => {
    const url = "postgresql://pitboard:s3cret@127.0.0.1:5432/pitboard"
    const config = Effect.runSync(loadConfigFromEnvironment({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DATABASE_URL: url, DATABASE_PATH: "./x.sqlite" }))
    expect(databaseLocation(config)).toBe(url)
    expect(String(config.databaseUrl)).not.toContain("s3cret")
  })

  it("GIVEN no DATABASE_URL THEN the bot's data lives in the SQLite file at DATABASE_PATH", () => {
    const config = Effect.runSync(loadConfigFromEnvironment({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DATABASE_PATH: "./x.sqlite" }))
    expect(databaseLocation(config)).toBe("./x.sqlite")
  })

  it("GIVEN no token THEN the one line names DISCORD_TOKEN and where to get it", () => {
    const problem = problemOf({})
    expect(problem.variable).toBe("DISCORD_TOKEN")
    expect(problem.line).toContain("DISCORD_TOKEN is not set")
    expect(problem.line).toContain("Bot → Reset Token")
    expect(problem.line).not.toContain("\n")
  })

  it("GIVEN a token but no application id THEN it asks for DISCORD_APPLICATION_ID", () => {
    const problem = problemOf({ DISCORD_TOKEN: TOKEN })
    expect(problem.variable).toBe("DISCORD_APPLICATION_ID")
    expect(problem.line).toContain("General Information")
  })

  it("GIVEN a malformed guild id THEN it says the value is invalid and how to copy a server id", () => {
    const problem = problemOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_GUILD_ID: "my-server" })
    expect(problem.variable).toBe("DISCORD_GUILD_ID")
    expect(problem.problem).toBe("invalid")
    expect(problem.line).toContain("Copy Server ID")
  })

  it("GIVEN a token with a space THEN it is refused without echoing the token", () => {
    const problem = problemOf({ DISCORD_TOKEN: "abc def ghi jkl mno", DISCORD_APPLICATION_ID: APP })
    expect(problem.variable).toBe("DISCORD_TOKEN")
    expect(problem.line).not.toContain("abc def")
  })

  it("GIVEN a bad LOG_LEVEL or API URL THEN each is named", () => {
    expect(problemOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, LOG_LEVEL: "loud" }).variable).toBe("LOG_LEVEL")
    expect(problemOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: "ftp://x" }).variable).toBe("DISCORD_API_URL")
  })

  it("GIVEN each LOG_LEVEL name the README lists THEN it starts, whatever its case", () => {
    const levelOf = (LOG_LEVEL: string) => Effect.runSync(loadConfigFromEnvironment({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, LOG_LEVEL })).logLevel
    expect(["Trace", "Debug", "Info", "Warning", "Error"].map(levelOf)).toEqual([LogLevel.Trace, LogLevel.Debug, LogLevel.Info, LogLevel.Warning, LogLevel.Error])
    expect(["WARNING", "warning", " Warning "].map(levelOf)).toEqual([LogLevel.Warning, LogLevel.Warning, LogLevel.Warning])
  })

  it("GIVEN a common alias for a log level THEN it means the same level", () => {
    const levelOf = (LOG_LEVEL: string) => Effect.runSync(loadConfigFromEnvironment({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, LOG_LEVEL })).logLevel
    expect(Object.fromEntries(["warn", "WARN", "err", "information", "off", "None", "all", "fatal"].map((name) => [name, levelOf(name).label]))).toEqual({
      warn: "WARN",
      WARN: "WARN",
      err: "ERROR",
      information: "INFO",
      off: "OFF",
      None: "OFF",
      all: "ALL",
      fatal: "FATAL",
    })
  })

  it("GIVEN a LOG_LEVEL that is no level THEN the line quotes it and lists every README name", () => {
    const problem = problemOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, LOG_LEVEL: "Warnings" })
    expect(problem.variable).toBe("LOG_LEVEL")
    expect(problem.line).toContain('"Warnings" is not a log level')
    for (const name of ["Trace", "Debug", "Info", "Warning", "Error"]) expect(problem.line).toContain(name)
    expect(problem.line).not.toContain("\n")
  })

  it("GIVEN LOG_FORMAT pretty, logfmt or json THEN it is kept; anything else is named with the choices", () => {
    const formatOf = (LOG_FORMAT: string) => Effect.runSync(loadConfigFromEnvironment({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, LOG_FORMAT })).logFormat
    expect(["pretty", "logfmt", "JSON"].map(formatOf)).toEqual(["pretty", "logfmt", "json"])
    const problem = problemOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, LOG_FORMAT: "xml" })
    expect(problem.variable).toBe("LOG_FORMAT")
    expect(problem.line).toContain("pretty, logfmt, json")
  })

  it("GIVEN the blank lines of .env.example THEN defaults apply", () => {
    const config = Effect.runSync(
      loadConfigFromEnvironment({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_GUILD_ID: "", DATABASE_PATH: "", DISCORD_API_URL: " ", LOG_FORMAT: "" }),
    )
    expect(config.databasePath).toBe("./data/pitboard.sqlite")
    expect(Option.isNone(config.devGuildId)).toBe(true)
    expect(Option.isNone(config.discordApiUrl)).toBe(true)
    expect(config.logLevel).toBe(LogLevel.Info)
    expect(config.logFormat).toBe(defaultLogFormat())
    expect(Redacted.value(config.discordToken)).toBe(TOKEN)
    expect(String(config.discordToken)).not.toContain(TOKEN)
  })

  it("GIVEN only some iRacing credentials THEN the missing ones are named and iRacing can still be left off entirely", () => {
    const problem = problemOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, IRACING_CLIENT_ID: "pitboard", IRACING_USERNAME: "me@example.com" })
    expect(problem.line).toContain("IRACING_CLIENT_SECRET")
    expect(problem.line).toContain("IRACING_PASSWORD")
    const off = Effect.runSync(loadConfigFromEnvironment({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, IRACING_CLIENT_ID: "" }))
    expect(Option.isNone(off.iracing.credentials)).toBe(true)
  })

  it("GIVEN a draft lifetime out of range THEN it is named; unset means 7 days", () => {
    expect(problemOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, EVENT_DRAFT_LIFETIME_DAYS: "365" }).variable).toBe("EVENT_DRAFT_LIFETIME_DAYS")
    expect(Effect.runSync(loadConfigFromEnvironment({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP })).draftLifetimeMs).toBe(7 * 86_400_000)
  })

  it("GIVEN no HEALTH_PORT THEN there is no health listener; GIVEN one THEN it listens on 127.0.0.1 unless HEALTH_HOST says otherwise", () => {
    const healthOf = (env: Record<string, string>) => Effect.runSync(loadConfigFromEnvironment({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, ...env })).health
    expect(Option.isNone(healthOf({}))).toBe(true)
    expect(Option.isNone(healthOf({ HEALTH_PORT: "", HEALTH_HOST: "0.0.0.0" }))).toBe(true)
    expect(Option.getOrThrow(healthOf({ HEALTH_PORT: "9464" }))).toEqual({ port: 9464, host: "127.0.0.1" })
    expect(Option.getOrThrow(healthOf({ HEALTH_PORT: "9464", HEALTH_HOST: "0.0.0.0" }))).toEqual({ port: 9464, host: "0.0.0.0" })
  })

  it("GIVEN a HEALTH_PORT that is no port, or a HEALTH_HOST with a port in it THEN each is named with how to fix it", () => {
    for (const HEALTH_PORT of ["70000", "-1", "metrics"]) {
      const problem = problemOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, HEALTH_PORT })
      expect(problem.variable).toBe("HEALTH_PORT")
      expect(problem.line).toContain("9464")
    }
    const host = problemOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, HEALTH_PORT: "9464", HEALTH_HOST: "localhost 9464" })
    expect(host.variable).toBe("HEALTH_HOST")
    expect(host.line).toContain("0.0.0.0 lets the whole network read /metrics")
  })

  it("GIVEN SHARD_COUNT unset, auto or a number THEN the shards follow; GIVEN anything else THEN it is named with how to fix it", () => {
    const shardsOf = (env: Record<string, string>) => Effect.runSync(loadConfigFromEnvironment({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, ...env })).shards
    expect(Option.isNone(shardsOf({}))).toBe(true)
    expect(Option.getOrThrow(shardsOf({ SHARD_COUNT: "AUTO" }))).toBe("auto")
    expect(Option.getOrThrow(shardsOf({ SHARD_COUNT: "4" }))).toBe(4)
    for (const SHARD_COUNT of ["0", "2.5", "many", "-1"]) {
      const problem = problemOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, SHARD_COUNT })
      expect(problem.variable).toBe("SHARD_COUNT")
      expect(problem.line).toContain("2,500 servers")
    }
  })

  it("GIVEN SHARD_IDS with a numeric SHARD_COUNT on PostgreSQL THEN this process runs those shards; GIVEN it with auto, no total, an id beyond the total, or a subset on SQLite THEN it is refused with the fix", () => {
    const PG = { DATABASE_URL: "postgres://pitboard@127.0.0.1:5432/pitboard" }
    const idsOf = (env: Record<string, string>) => Effect.runSync(loadConfigFromEnvironment({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, ...env })).shardIds
    expect(idsOf({ SHARD_COUNT: "4" })).toBeUndefined()
    expect(idsOf({ ...PG, SHARD_COUNT: "4", SHARD_IDS: "2-3" })).toEqual([2, 3])
    expect(idsOf({ ...PG, SHARD_COUNT: "6", SHARD_IDS: "4, 0-1,1" })).toEqual([0, 1, 4])
    // Every shard in one process is no split: SQLite may do that.
    expect(idsOf({ SHARD_COUNT: "2", SHARD_IDS: "0-1" })).toEqual([0, 1])
    const refusals: Array<[Record<string, string>, string]> = [
      [{ ...PG, SHARD_COUNT: "auto", SHARD_IDS: "0" }, "not auto"],
      [{ ...PG, SHARD_IDS: "0" }, "it is unset"],
      [{ ...PG, SHARD_COUNT: "2", SHARD_IDS: "0,2" }, "shard 2 does not exist"],
      [{ ...PG, SHARD_COUNT: "2", SHARD_IDS: "zero" }, "0,1 or 0-3"],
      [{ SHARD_COUNT: "2", SHARD_IDS: "1" }, "set DATABASE_URL to a PostgreSQL database"],
    ]
    for (const [env, says] of refusals) {
      const problem = problemOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, ...env })
      expect(problem.variable).toBe("SHARD_IDS")
      expect(problem.line).toContain(says)
    }
  })

  it("GIVEN a local API URL THEN it is kept without a trailing slash", () => {
    const config = Effect.runSync(
      loadConfigFromEnvironment({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: "http://127.0.0.1:9999/api/" }),
    )
    expect(Option.getOrThrow(config.discordApiUrl)).toBe("http://127.0.0.1:9999/api")
  })
})
