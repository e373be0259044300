/**
 * `npm run restore -- <backup>`: puts a backup in place of DATABASE_PATH while Pitboard is stopped,
 * keeping the file it replaces. One line on stdout when it worked, one on stderr when not.
 */
import { restoreDatabase } from "../adapters/sqlite/restore.js"
import { restoreOnPostgres } from "../adapters/postgres/tools.js"
import { databasePathOrFail, failWith, typedPath } from "./tool.js"

const USAGE = "usage: npm run restore -- <backup file>   (stop Pitboard first)"
const fail = failWith("restore")

const args = process.argv.slice(2)
if (args.length !== 1 || args[0]!.startsWith("-")) fail(USAGE)
const backup = typedPath(args[0]!)
const databasePath = databasePathOrFail(fail, (url) => restoreOnPostgres(url, backup))

try {
  const { database, replaced } = await restoreDatabase(backup, databasePath, new Date())
  const kept = replaced === undefined ? "" : ` The database it replaced is kept as ${replaced}.`
  console.log(`Restored ${backup} to ${database}.${kept} Start Pitboard again.`)
} catch (error) {
  const tagged = error as { _tag?: unknown; message?: unknown }
  fail(tagged._tag === "RestoreRefused" ? String(tagged.message) : `the restore failed (${String(tagged.message ?? error)}); check that ${databasePath} is in place before starting Pitboard.`)
}
