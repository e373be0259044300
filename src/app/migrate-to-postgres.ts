/**
 * `npm run migrate-to-postgres [-- <sqlite file>]`: copies the bot's SQLite file (DATABASE_PATH, or
 * the file given) into the empty PostgreSQL database at DATABASE_URL, in one transaction, and
 * checks every table's row count. Stop Pitboard first. One line on stdout when it worked, one on
 * stderr when not. The URL comes from the environment or .env only, so its password never sits in
 * the shell history or the process list.
 */
import { resolve } from "node:path"
import { copySqliteToPostgres } from "../adapters/postgres/copy-from-sqlite.js"
import { withoutPassword } from "../adapters/postgres/engine.js"
import { databaseSettingsOrFail, failWith, typedPath } from "./tool.js"

const USAGE = "usage: DATABASE_URL=postgres://… npm run migrate-to-postgres [-- <sqlite file>]   (stop Pitboard first; the file defaults to DATABASE_PATH)"
const fail = failWith("migrate to PostgreSQL")

const args = process.argv.slice(2)
if (args.length > 1 || args[0]?.startsWith("-")) fail(USAGE)
const { databasePath, databaseUrl } = databaseSettingsOrFail(fail)
if (databaseUrl === undefined) fail(`DATABASE_URL is not set: it names the PostgreSQL database to copy into (an empty one). ${USAGE}`)
const url = databaseUrl!
const source = args[0] === undefined ? resolve(databasePath) : typedPath(args[0])

try {
  const started = performance.now()
  const copied = await copySqliteToPostgres(source, url)
  const total = copied.reduce((sum, table) => sum + table.rows, 0)
  const tables = copied.filter((table) => table.rows > 0).map((table) => `${table.table} ${table.rows}`).join(", ")
  console.log(
    `Copied ${total} rows from ${source} to ${withoutPassword(url)} in ${Math.round(performance.now() - started)} ms, every table's count checked (${tables || "no rows"}). Keep DATABASE_URL set and start Pitboard.`,
  )
} catch (error) {
  const tagged = error as { _tag?: unknown; message?: unknown }
  fail(tagged._tag === "CopyRefused" ? String(tagged.message) : `the copy failed and nothing was kept in PostgreSQL (${String(tagged.message ?? error)}).`)
}
