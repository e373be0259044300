/**
 * Kysely's own SqliteDialect over `better-sqlite3`, with the corrections that matter to us below,
 * a prepared-statement cache, and WAL checkpoints moved to a worker thread (checkpointer.ts).
 *
 * better-sqlite3 is synchronous: a statement runs on the calling thread in microseconds, with
 * no thread-pool round trip (the archived async `sqlite3` package spent ~150–200 µs per
 * statement on that). The price is that a transaction blocks the event loop while it runs, so a
 * transaction body must never await Discord, iRacing or a timer: only other queries.
 *
 * The one connection is handed out in arrival order (connection-queue.ts), so a plain query never
 * slips into someone else's open transaction.
 */
import BetterSqlite3 from "better-sqlite3"
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
} from "kysely"
import { ConnectionQueue } from "./connection-queue.js"
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from "./checkpointer.js"

export const BUSY_TIMEOUT_MS = 5000

// All but journal_mode are per connection. foreign_keys is a silent no-op inside a
// transaction, so these run at open, never in a migration.
const CONNECTION_PRAGMAS = ["journal_mode = WAL", "foreign_keys = ON", "synchronous = NORMAL"] as const

/** Opens (creating if missing) the file with the pragmas every Pitboard connection runs with. */
export const openBetterSqlite = (path: string): BetterSqlite3.Database => {
  // `timeout` is SQLite's busy_timeout: wait for another process's lock instead of failing.
  const db = new BetterSqlite3(path, { timeout: BUSY_TIMEOUT_MS })
  try {
    for (const pragma of CONNECTION_PRAGMAS) db.pragma(pragma)
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

const isNoTransactionActive = (error: unknown): boolean =>
  error instanceof Error && /no transaction is active/i.test(error.message)

class PitboardSqliteDriver extends SqliteDriver {
  readonly #beforeClose: () => Promise<void>
  readonly #queue = new ConnectionQueue()
  #connection: DatabaseConnection | undefined

  constructor(config: ConstructorParameters<typeof SqliteDriver>[0], beforeClose: () => Promise<void>) {
    super(config)
    this.#beforeClose = beforeClose
  }

  // Kysely's mutex is taken once, for good, and our queue decides who uses the connection.
  override async init(): Promise<void> {
    await super.init()
    this.#connection = await super.acquireConnection()
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#queue.acquire()
    return this.#connection!
  }

  override async releaseConnection(): Promise<void> {
    this.#queue.release()
  }

  // IMMEDIATE takes the write lock up front: another process (a backup, the sqlite3 shell)
  // makes us wait busy_timeout, instead of failing at once with SQLITE_BUSY when a
  // read-then-write transaction tries to upgrade its lock.
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"))
  }

  // A failed COMMIT (a deferred foreign key, SQLITE_BUSY) leaves the transaction open. The
  // connection is shared, so the next caller would inherit it: roll back here, whoever called.
  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw("commit"))
    } catch (error) {
      await this.rollbackTransaction(connection).catch(() => undefined)
      throw error
    }
  }

  // Nothing to undo when SQLite already rolled back (SQLITE_FULL, a failed commit above);
  // complaining would hide the error that caused the rollback.
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw("rollback"))
    } catch (error) {
      if (!isNoTransactionActive(error)) throw error
    }
  }

  // Kysely closes at once; a transaction in flight would be cut off between two statements.
  // Taking the connection first lets it finish. Later queries fail: the database is closed.
  override async destroy(): Promise<void> {
    await this.acquireConnection()
    try {
      await this.#beforeClose()
      await super.destroy()
    } finally {
      await this.releaseConnection()
    }
  }
}

// Core keeps this false (kysely#56), which would run migrations outside a transaction and
// leave a half-applied schema on failure. SQLite DDL is transactional, so say so.
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

class PitboardSqliteDialect extends SqliteDialect {
  readonly #path: string
  #checkpointer: Checkpointer | undefined

  constructor(path: string) {
    super({ database: async () => withStatementCache(openBetterSqlite(path)) })
    this.#path = path
  }

  override createDriver(): Driver {
    const path = this.#path
    const open = async () => {
      const { db, checkpointer } = openCheckpointed(path)
      this.#checkpointer = checkpointer
      return withStatementCache(db)
    }
    return new PitboardSqliteDriver({ database: open }, async () => {
      await this.#checkpointer?.stop()
      this.#checkpointer = undefined
    })
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter()
  }
}

/**
 * The bot's own connection to a file: the pragmas, a far-off automatic checkpoint, and the
 * checkpointer thread doing the rest (none for ":memory:"). Stop the checkpointer before closing.
 */
export const openCheckpointed = (path: string): { readonly db: BetterSqlite3.Database; readonly checkpointer: Checkpointer | undefined } => {
  const db = openBetterSqlite(path)
  if (isInMemory(path)) return { db, checkpointer: undefined }
  try {
    db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`)
    return { db, checkpointer: startCheckpointer(path, BUSY_TIMEOUT_MS) }
  } catch (error) {
    db.close()
    throw error
  }
}

const STATEMENT_CACHE_SIZE = 256

/**
 * Kysely prepares every query anew; preparing cost as much as running the statement in a claim's
 * profile (~15% of it). Kysely's SQL for a query shape is always the same text, so the prepared
 * statement is kept and reused, least recently used dropped first. Reuse is safe: the single
 * connection is held by one query or stream at a time.
 */
export const withStatementCache = (db: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): BetterSqlite3.Database => {
  const cache = new Map<string, BetterSqlite3.Statement>()
  const prepare = (sql: string): BetterSqlite3.Statement => {
    const cached = cache.get(sql)
    if (cached !== undefined) {
      cache.delete(sql)
      cache.set(sql, cached)
      return cached
    }
    const statement = db.prepare(sql)
    cache.set(sql, statement)
    if (cache.size > size) cache.delete(cache.keys().next().value!)
    return statement
  }
  return new Proxy(db, { get: (target, key) => (key === "prepare" ? prepare : Reflect.get(target, key, target)) })
}

const isInMemory = (path: string): boolean => path === "" || path === ":memory:" || path.startsWith("file::memory:")

/** The dialect for a file path (or ":memory:"); the file is opened when Kysely first needs it. */
export const sqliteDialect = (path: string): SqliteDialect => new PitboardSqliteDialect(path)
