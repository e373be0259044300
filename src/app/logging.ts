import { Layer, Logger, type LogLevel } from "effect"

/**
 * Human-readable logs on a terminal, logfmt when piped to a file or a service manager. Secrets are
 * Redacted values in config, so nothing here can print a token by accident.
 */
export const LoggingLive = (level: LogLevel.LogLevel) =>
  Layer.merge(process.stderr.isTTY ? Logger.pretty : Logger.replace(Logger.defaultLogger, Logger.logfmtLogger), Logger.minimumLogLevel(level))
