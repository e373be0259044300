/**
 * What replaces the SQLite-only tools on PostgreSQL. `npm run backup` and `npm run restore` copy
 * a SQLite file through SQLite's backup API; PostgreSQL has its own tools for that, and Pitboard
 * tells the admin the exact command instead of doing half of their job.
 */

/** The URL for a command line: no password in it (pg_dump asks, or reads ~/.pgpass or PGPASSWORD). */
export const urlForCommandLine = (url: string): string => {
  try {
    const parsed = new URL(url)
    parsed.password = ""
    parsed.searchParams.delete("password")
    return parsed.toString()
  } catch {
    return "$DATABASE_URL"
  }
}

const quoted = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`

export const pgDumpCommand = (url: string, file: string): string => `pg_dump --format=custom --file=${quoted(file)} ${quoted(urlForCommandLine(url))}`

export const pgRestoreCommand = (url: string, file: string): string =>
  `pg_restore --clean --if-exists --no-owner --single-transaction --dbname=${quoted(urlForCommandLine(url))} ${quoted(file)}`

export const backupOnPostgres = (url: string, file: string): string =>
  `DATABASE_URL points at PostgreSQL, whose backups are pg_dump's job (it takes a consistent copy while the bot runs). Run:\n  ${pgDumpCommand(url, file)}`

export const restoreOnPostgres = (url: string, file: string): string =>
  `DATABASE_URL points at PostgreSQL; restore a pg_dump copy with pg_restore while Pitboard is stopped. Run:\n  ${pgRestoreCommand(url, file)}`
