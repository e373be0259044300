/** What the command-line tools beside `npm start` (backup, restore) share. */
import { resolve } from "node:path"
import { Cause, Effect, Exit } from "effect"
import { loadDatabasePathFromEnvironment } from "./app-config.js"
import { loadDotEnv } from "./env-file.js"

/** One plain line on stderr and exit 1, as `npm start` does: the admin can fix it, so no stack trace. */
export const failWith =
  (what: string) =>
  (line: string): never => {
    console.error(`Pitboard can't ${what}: ${line}`)
    process.exit(1)
  }

/** DATABASE_PATH exactly as `npm start` would find it, .env included. */
export const databasePathOrFail = (fail: (line: string) => never): string => {
  const unreadableEnv = loadDotEnv()
  if (unreadableEnv !== undefined) fail(unreadableEnv)
  const exit = Effect.runSyncExit(loadDatabasePathFromEnvironment())
  if (Exit.isSuccess(exit)) return exit.value
  const problem = Cause.failureOption(exit.cause)
  return fail(problem._tag === "Some" ? problem.value.line : Cause.pretty(exit.cause))
}

/** npm runs scripts from the package folder; a relative file name means the folder it was typed in. */
export const typedPath = (file: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), file)
