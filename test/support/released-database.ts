/**
 * The database release 0.1.0 wrote, kept as SQL text (`sqlite3 <file> .dump`) so that no binary
 * database file sits in the repository, and rebuilt into a real SQLite file for each test that
 * opens it with today's code.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import BetterSqlite3 from "better-sqlite3"

const RELEASE_0_1_0_DUMP = join(import.meta.dirname, "../fixtures/databases/pitboard-0.1.0.sql")

/** Writes release 0.1.0's database, exactly as it left it, at `path`. */
export const writeRelease010Database = (path: string): void => {
  const db = new BetterSqlite3(path)
  try {
    db.exec(readFileSync(RELEASE_0_1_0_DUMP, "utf8"))
  } finally {
    db.close()
  }
}
