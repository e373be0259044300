import { Layer, Logger, type LogLevel } from "effect"

/**
 * Logs go to stderr (stdout stays free for anything a tool might pipe): readable on a terminal,
 * logfmt under a service manager. Secrets are Redacted values, so nothing here can print a token.
 */
export const LoggingLive = (level: LogLevel.LogLevel) =>
  Layer.merge(
    Logger.replace(
      Logger.defaultLogger,
      process.stderr.isTTY ? Logger.prettyLogger({ stderr: true }) : Logger.withConsoleError(Logger.logfmtLogger),
    ),
    Logger.minimumLogLevel(level),
  )
