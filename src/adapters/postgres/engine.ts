/**
 * Which engine a database is on. The repositories and migrations are plain Kysely shared by both
 * engines; the few places where SQLite and PostgreSQL spell something differently ask here.
 */
import { PostgresAdapter, type Kysely } from "kysely"

/** DATABASE_URL's schemes; anything else given as a location is a SQLite file path. */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location)

/** Works on a `Transaction` too (it is a Kysely). */
export const onPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof PostgresAdapter

/** The URL as it may appear in a log line or a refusal: the password never does. */
export const withoutPassword = (url: string): string => {
  try {
    const parsed = new URL(url)
    if (parsed.password !== "") parsed.password = "***"
    if (parsed.searchParams.has("password")) parsed.searchParams.set("password", "***")
    return parsed.toString()
  } catch {
    return "the PostgreSQL database in DATABASE_URL"
  }
}

/** How an admin is told where the database is: a file's path, or the server without its password. */
export const describeLocation = (location: string): string => (isPostgresUrl(location) ? withoutPassword(location) : location)
