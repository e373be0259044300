import { format } from "node:util"
import { vi } from "vitest"

/** One record of the bot's `LOG_FORMAT=json` output, as Effect's JSON logger writes it. */
export interface LogRecord {
  readonly message: unknown
  readonly logLevel: string
  readonly annotations: Record<string, unknown>
  readonly cause?: string
}

/**
 * Catches what the bot logs (Effect's loggers write to stderr through console.error) while a test
 * runs; start the bot with `log: { format: "json" }` so every record parses. `raw` is all of it as
 * text, for checking what must never be logged.
 */
export const captureLogs = () => {
  const spy = vi.spyOn(console, "error").mockImplementation(() => undefined)
  const lines = () => spy.mock.calls.map((args) => format(...args))
  return {
    raw: () => lines().join("\n"),
    records: (): ReadonlyArray<LogRecord> => lines().filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as LogRecord),
    restore: () => spy.mockRestore(),
  }
}
