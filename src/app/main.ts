// Load discord.js (and its undici 6) before anything pulls in undici 7 (the iRacing adapter):
// whichever undici loads first installs the process-wide dispatcher, and discord.js's file
// uploads fail ("action is not a function") under undici 7's.
import "discord.js"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import { databaseLocation, loadConfigFromEnvironment } from "./app-config.js"
import { describeLocation } from "../adapters/postgres/engine.js"
import { loadDotEnv } from "./env-file.js"
import { launchPitboard } from "./pitboard.js"
import { onStopSignals, STOP_WITHIN_MS, stopWhenParentExits, stopWithin } from "./stopping.js"

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
  // Nor with another bot on the same file: the fix is stopping it, or PostgreSQL.
  if (tagged._tag === "DatabaseError" && (databaseCause?._tag === "NewerDatabase" || databaseCause?._tag === "DatabaseInUse") && databaseCause.message) return databaseCause.message
  if (tagged._tag === "DatabaseError" && Option.isSome(config.databaseUrl)) return `the PostgreSQL database at ${describeLocation(databaseLocation(config))} could not be opened (${String((tagged as { cause?: unknown }).cause)}). Check DATABASE_URL, that the server is up, and that the database exists.`
  if (tagged._tag === "DatabaseError") return `the database at ${config.databasePath} could not be opened (${String((tagged as { cause?: unknown }).cause)}). Check DATABASE_PATH and the folder's permissions.`
  return typeof message === "string" ? message : String(error)
}

const pitboard = launchPitboard(config, { onDiscordLost: () => stopAndExit("Discord closed the connection for good", 1) })

let stopping = false
/** Stops cleanly and exits: `exitCode` if the stop finished in time, 1 if it failed or ran over. */
const stopAndExit = async (reason: string, exitCode = 0) => {
  if (stopping) return
  stopping = true
  const began = Date.now()
  console.error(`${reason}: finishing interactions in flight, then closing the database (at most ${STOP_WITHIN_MS / 1000} s).`)
  const outcome = await stopWithin(pitboard.stop, STOP_WITHIN_MS)
  switch (outcome._tag) {
    case "Stopped":
      console.error(`Pitboard stopped in ${((Date.now() - began) / 1000).toFixed(1)} s.`)
      return process.exit(exitCode)
    case "Failed":
      console.error("Pitboard's stop did not finish cleanly:", outcome.error)
      return process.exit(1)
    case "TimedOut":
      console.error(
        `Pitboard's stop took longer than ${STOP_WITHIN_MS / 1000} s; exiting anyway. The step after the last one logged above did not finish (after "disconnected from Discord": closing the database); SQLite replays its -wal at the next start, so nothing it acknowledged is lost.`,
      )
      return process.exit(1)
  }
}

// In place in the same tick as the launch, so Ctrl+C while connecting stops at once (nothing is in flight yet).
onStopSignals({
  stop: (reason) => void stopAndExit(reason),
  quitNow: (signal) => {
    console.error(`${signal} again: exiting without waiting. SQLite replays its -wal at the next start.`)
    process.exit(signal === "SIGINT" ? 130 : 143)
  },
})
stopWhenParentExits((reason) => void stopAndExit(reason))

// A handler's mistake must never take the bot down for the whole league.
process.on("unhandledRejection", (reason) => console.error("unhandled rejection (Pitboard keeps running):", reason))
process.on("uncaughtException", (error) => console.error("uncaught exception (Pitboard keeps running):", error))

await pitboard.started.catch(async (error: unknown) => {
  // Stopped while starting: the stop itself exits.
  if (stopping) return
  stopping = true
  const cause = (error as { [key: symbol]: unknown })[Symbol.for("effect/Runtime/FiberFailure/Cause")]
  const line = explainStartupFailure(cause ?? error)
  // Closing what start-up opened (the database) leaves no -wal behind for the admin to wonder about.
  await stopWithin(pitboard.stop, 2000)
  fail(line)
})
