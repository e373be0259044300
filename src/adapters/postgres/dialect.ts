/**
 * Kysely's own PostgresDialect over a `pg` Pool. What differs from `pg`'s defaults:
 *
 * - `int8` comes back as a number. Instants are epoch milliseconds in BIGINT columns (they do not
 *   fit int4), and `count(*)` is int8 too; `pg` returns int8 as a string by default, which would
 *   compare and add wrongly everywhere the repositories expect numbers. Epoch milliseconds stay far
 *   below 2^53; a value beyond it throws rather than come back rounded.
 * - The parser is the pool's own, not `pg.types` (process-wide), so nothing else in the process
 *   that uses `pg` is changed.
 */
import pg from "pg"
import { PostgresDialect } from "kysely"

const INT8_OID = 20

const exactNumber = (text: string): number => {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new RangeError(`the int8 ${text} does not fit a JavaScript number exactly`)
  return value
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === INT8_OID ? exactNumber : pg.types.getTypeParser(oid, format))) as pg.CustomTypesConfig["getTypeParser"],
}

/** Ten connections: reads run side by side; transactions take turns (see makeDatabase). */
export const DEFAULT_POOL_SIZE = 10

export const postgresPool = (url: string, max = DEFAULT_POOL_SIZE): pg.Pool => {
  // allowExitOnIdle: idle connections alone do not keep a finished process (a tool, a test) alive.
  const pool = new pg.Pool({ connectionString: url, max, types, allowExitOnIdle: true })
  // An idle connection the server drops (a restart, a failover) is reported here; without a
  // listener Node would end the process. The pool replaces it, and the next query says what failed.
  pool.on("error", () => undefined)
  // The same for a connection that is checked out but idle (the liveness lock's, which waits between
  // its queries): its next query fails instead, and the pool drops it when it comes back.
  pool.on("connect", (client) => void client.on("error", () => undefined))
  return pool
}

/** The pool is made when Kysely first needs it. */
export const postgresDialect = (url: string, poolSize?: number): PostgresDialect => new PostgresDialect({ pool: async () => postgresPool(url, poolSize) })

/** SQLSTATE for a UNIQUE or PRIMARY KEY violation. */
export const POSTGRES_UNIQUE_VIOLATION = "23505"
