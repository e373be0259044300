/**
 * `npm run backup -- <file> [--force]`: a consistent copy of the database, taken while the bot
 * runs. Prints one line on stdout when it worked (cron mails it), one on stderr when not.
 */
import { resolve } from "node:path"
import { backupDatabase, noteBackupInDatabase, type BackupCopy } from "../adapters/sqlite/backup.js"
import { backupOnPostgres } from "../adapters/postgres/tools.js"
import { databasePathOrFail, failWith, typedPath } from "./tool.js"

const USAGE = "usage: npm run backup -- <file> [--force]   (--force replaces a file already there)"
const fail = failWith("back up")

const size = (bytes: number): string => (bytes < 1_000_000 ? `${Math.ceil(bytes / 1000)} kB` : `${(bytes / 1_000_000).toFixed(1)} MB`)

const args = process.argv.slice(2)
const force = args.includes("--force")
const files = args.filter((arg) => arg !== "--force")
if (files.length !== 1 || files[0]!.startsWith("-")) fail(USAGE)
const destination = typedPath(files[0]!)
const databasePath = databasePathOrFail(fail, (url) => backupOnPostgres(url, destination))

/** The copy is made either way; only /status misses out if the note cannot be written. */
const noteForStatus = (copy: BackupCopy) => {
  try {
    if (!noteBackupInDatabase(databasePath, copy, Date.now())) console.error("(The database is too old to note the backup for /status; start the bot once to upgrade it.)")
  } catch (error) {
    console.error(`(The backup is fine, but noting it for /status failed: ${String((error as { message?: unknown }).message ?? error)}.)`)
  }
}

try {
  const copy = await backupDatabase(databasePath, destination, { overwrite: force })
  console.log(`Backed up ${resolve(databasePath)} to ${copy.path}: ${size(copy.bytes)} in ${Math.round(copy.milliseconds)} ms.`)
  noteForStatus(copy)
} catch (error) {
  const tagged = error as { _tag?: unknown; message?: unknown }
  fail(tagged._tag === "BackupRefused" ? String(tagged.message) : `the copy failed, and nothing was written at ${destination} (${String(tagged.message ?? error)}).`)
}
