/** What the command-line tools beside `npm start` (backup, restore) share. */
import { resolve } from "node:path"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { loadDatabaseSettingsFromEnvironment } from "./app-config.js"
import { loadDotEnv } from "./env-file.js"

/** One plain line on stderr and exit 1, as `npm start` does: the admin can fix it, so no stack trace. */
export const failWith =
  (what: string) =>
  (line: string): never => {
    console.error(`Pitboard can't ${what}: ${line}`)
    process.exit(1)
  }

/** DATABASE_PATH and DATABASE_URL exactly as `npm start` would find them, .env included. */
export const databaseSettingsOrFail = (fail: (line: string) => never): { readonly databasePath: string; readonly databaseUrl: string | undefined } => {
  const unreadableEnv = loadDotEnv()
  if (unreadableEnv !== undefined) fail(unreadableEnv)
  const exit = Effect.runSyncExit(loadDatabaseSettingsFromEnvironment())
  if (Exit.isSuccess(exit)) return { databasePath: exit.value.databasePath, databaseUrl: Option.getOrUndefined(Option.map(exit.value.databaseUrl, Redacted.value)) }
  const problem = Cause.failureOption(exit.cause)
  return fail(problem._tag === "Some" ? problem.value.line : Cause.pretty(exit.cause))
}

/**
 * The SQLite file for a tool that works on SQLite files only; with DATABASE_URL set it fails with
 * `onPostgres`'s line (what to run instead).
 */
export const databasePathOrFail = (fail: (line: string) => never, onPostgres: (url: string) => string): string => {
  const { databasePath, databaseUrl } = databaseSettingsOrFail(fail)
  return databaseUrl === undefined ? databasePath : fail(onPostgres(databaseUrl))
}

/** npm runs scripts from the package folder; a relative file name means the folder it was typed in. */
export const typedPath = (file: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), file)
