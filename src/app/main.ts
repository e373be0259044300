// Load discord.js (and its undici 6) before anything pulls in undici 7 (the iRacing adapter):
// whichever undici loads first installs the process-wide dispatcher, and discord.js's file
// uploads fail ("action is not a function") under undici 7's.
import "discord.js"
import { Cause, Effect, Exit } from "effect"
import { loadConfigFromEnvironment } from "./config.js"
import { loadDotEnv } from "./env-file.js"
import { startPitboard, type RunningPitboard } from "./pitboard.js"

/**
 * `npm start`. Anything a league admin can fix is reported as one plain sentence and a non-zero
 * exit; stack traces are for bugs only.
 */
const fail = (line: string): never => {
  console.error(`Pitboard can't start: ${line}`)
  process.exit(1)
}

const unreadableEnv = loadDotEnv()
if (unreadableEnv !== undefined) fail(unreadableEnv)

const configExit = await Effect.runPromiseExit(loadConfigFromEnvironment())
if (Exit.isFailure(configExit)) {
  const problem = Cause.failureOption(configExit.cause)
  fail(problem._tag === "Some" ? problem.value.line : Cause.pretty(configExit.cause))
}
const config = (configExit as Exit.Success<Effect.Effect.Success<ReturnType<typeof loadConfigFromEnvironment>>, never>).value

const explainStartupFailure = (error: unknown): string => {
  const message = (error as { message?: unknown }).message
  const squashed = Cause.isCause(error) ? Cause.squash(error) : error
  const tagged = squashed as { _tag?: string; message?: string }
  if (tagged._tag === "StartupError" && tagged.message) return tagged.message
  const databaseCause = (tagged as { cause?: { _tag?: unknown; message?: string } }).cause
  // Permissions have nothing to do with it: the fix is the other release, or the copy from before the upgrade.
  if (tagged._tag === "DatabaseError" && databaseCause?._tag === "NewerDatabase" && databaseCause.message) return databaseCause.message
  if (tagged._tag === "DatabaseError") return `the database at ${config.databasePath} could not be opened (${String((tagged as { cause?: unknown }).cause)}). Check DATABASE_PATH and the folder's permissions.`
  return typeof message === "string" ? message : String(error)
}

// Handlers go in before start-up, so Ctrl+C while connecting still shuts down cleanly.
let stopping = false
let running: RunningPitboard | undefined
const shutdown = async (signal: string) => {
  if (stopping) return
  stopping = true
  console.error(`${signal} received: finishing interactions in flight, then closing the database.`)
  try {
    await (running ?? (await starting))?.stop()
    process.exit(0)
  } catch (error) {
    console.error("shutdown did not finish cleanly:", error)
    process.exit(1)
  }
}
process.once("SIGINT", () => void shutdown("SIGINT"))
process.once("SIGTERM", () => void shutdown("SIGTERM"))

// A handler's mistake must never take the bot down for the whole league.
process.on("unhandledRejection", (reason) => console.error("unhandled rejection (Pitboard keeps running):", reason))
process.on("uncaughtException", (error) => console.error("uncaught exception (Pitboard keeps running):", error))

const starting = startPitboard(config).catch((error: unknown) => {
  const cause = (error as { [key: symbol]: unknown })[Symbol.for("effect/Runtime/FiberFailure/Cause")]
  return fail(explainStartupFailure(cause ?? error))
})
running = await starting
