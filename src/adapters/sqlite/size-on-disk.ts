import { stat } from "node:fs/promises"
import { sql, type Kysely } from "kysely"

export interface SizeOnDisk {
  readonly path: string
  readonly fileBytes: number
  /** Writes not yet folded into the file; it shrinks again at each checkpoint. */
  readonly walBytes: number
}

const sizeOf = (path: string) => stat(path).then((found) => found.size, () => 0)

/** Undefined for an in-memory database. */
export const sizeOnDisk = async (path: string): Promise<SizeOnDisk | undefined> => {
  if (path === "" || path === ":memory:") return undefined
  const [fileBytes, walBytes] = await Promise.all([sizeOf(path), sizeOf(`${path}-wal`)])
  return { path, fileBytes, walBytes }
}

/**
 * PostgreSQL keeps its write-ahead log for the whole server, not per database, so only the
 * database's own size is told; `where` is its URL without the password.
 */
export const postgresSize = async (db: Kysely<any>, where: string): Promise<SizeOnDisk> => {
  const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(db)
  return { path: `PostgreSQL ${where}`, fileBytes: rows[0]!.bytes, walBytes: 0 }
}
