import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"

/** The names the README lists, in order of how much they let through. */
export const LOG_LEVEL_NAMES = ["Trace", "Debug", "Info", "Warning", "Error"] as const

/**
 * Every spelling LOG_LEVEL accepts, lower-cased. Effect itself only knows its own labels (WARN,
 * OFF…), so the README's `Warning` and the names other tools taught an admin are mapped here.
 */
const LEVELS_BY_NAME: ReadonlyMap<string, LogLevel.LogLevel> = new Map([
  ["all", LogLevel.All],
  ["trace", LogLevel.Trace],
  ["debug", LogLevel.Debug],
  ["info", LogLevel.Info],
  ["information", LogLevel.Info],
  ["warning", LogLevel.Warning],
  ["warn", LogLevel.Warning],
  ["error", LogLevel.Error],
  ["err", LogLevel.Error],
  ["fatal", LogLevel.Fatal],
  ["none", LogLevel.None],
  ["off", LogLevel.None],
])

export const LOG_LEVEL_HELP = `one of ${LOG_LEVEL_NAMES.join(", ")} (case does not matter; All, Fatal and None, and the short forms warn, err and off, work too)`

export const parseLogLevel = (text: string): LogLevel.LogLevel | undefined => LEVELS_BY_NAME.get(text.trim().toLowerCase())

export const LOG_FORMATS = ["pretty", "logfmt", "json"] as const
export type LogFormat = (typeof LOG_FORMATS)[number]

export const parseLogFormat = (text: string): LogFormat | undefined => {
  const format = text.trim().toLowerCase()
  return (LOG_FORMATS as ReadonlyArray<string>).includes(format) ? (format as LogFormat) : undefined
}

/** A person watching a terminal reads colours; a service manager's journal wants one line per record. */
export const defaultLogFormat = (): LogFormat => (process.stderr.isTTY ? "pretty" : "logfmt")

const loggerFor = (format: LogFormat) =>
  format === "pretty"
    ? Logger.prettyLogger({ stderr: true })
    : Logger.withConsoleError(format === "json" ? Logger.jsonLogger : Logger.logfmtLogger)

/**
 * Logs go to stderr (stdout stays free for anything a tool might pipe). Secrets are Redacted
 * values, so nothing here can print a token.
 */
export const LoggingLive = (level: LogLevel.LogLevel, format: LogFormat = defaultLogFormat()) =>
  Layer.merge(Logger.replace(Logger.defaultLogger, loggerFor(format)), Logger.minimumLogLevel(level))
