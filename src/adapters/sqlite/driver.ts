/**
 * A Kysely 0.28 dialect over the async `sqlite3` package (Kysely core only drives better-sqlite3).
 *
 * One connection for the whole process. Kysely asks for a connection per query and holds it
 * for the whole of a transaction or stream; the mutex makes every other caller wait, so a
 * plain query can never slip into someone else's open transaction. Re-check this file when
 * moving to Kysely 0.29, which moved single-connection serialisation into the adapter.
 */
import {
  CompiledQuery,
  IdentifierNode,
  RawNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  createQueryId,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from "kysely"
import { Sqlite3Connection, closeSqlite3, openSqlite3 } from "./connection.js"

export const BUSY_TIMEOUT_MS = 5000

// busy_timeout goes first so the WAL switch itself waits for another process's lock.
// All four must run outside a transaction (foreign_keys is a silent no-op inside one), and all
// but journal_mode are per connection, hence init rather than a migration.
const CONNECTION_PRAGMAS = [
  `busy_timeout = ${BUSY_TIMEOUT_MS}`,
  "journal_mode = WAL",
  "foreign_keys = ON",
  "synchronous = NORMAL",
] as const

/** FIFO, so a burst of transactions is served in arrival order. */
class Mutex {
  #locked = false
  readonly #waiters: Array<() => void> = []

  lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true
      return Promise.resolve()
    }
    return new Promise((resolve) => this.#waiters.push(resolve))
  }

  unlock(): void {
    const next = this.#waiters.shift()
    if (next) next()
    else this.#locked = false
  }
}

const raw = (connection: DatabaseConnection, sql: string) => connection.executeQuery(CompiledQuery.raw(sql))

const isNoTransactionActive = (error: unknown): boolean =>
  error instanceof Error && /no transaction is active/i.test(error.message)

export class Sqlite3Driver implements Driver {
  readonly #path: string
  readonly #mutex = new Mutex()
  #connection: Sqlite3Connection | undefined

  constructor(path: string) {
    this.#path = path
  }

  async init(): Promise<void> {
    const db = await openSqlite3(this.#path)
    const connection = new Sqlite3Connection(db)
    try {
      for (const pragma of CONNECTION_PRAGMAS) await raw(connection, `pragma ${pragma}`)
    } catch (error) {
      await closeSqlite3(db).catch(() => undefined)
      throw error
    }
    this.#connection = connection
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock()
    if (this.#connection === undefined) {
      this.#mutex.unlock()
      throw new Error(`sqlite3 driver: database ${this.#path} is closed`)
    }
    return this.#connection
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock()
  }

  // IMMEDIATE takes the write lock up front: another process makes us wait busy_timeout
  // instead of deadlocking us when a read-then-write transaction tries to upgrade its lock.
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await raw(connection, "begin immediate")
  }

  // COMMIT can fail and leave the transaction open (SQLITE_BUSY, a deferred foreign key
  // violation). This connection is shared, so the next caller would inherit it: roll back here.
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await raw(connection, "commit")
    } catch (error) {
      await raw(connection, "rollback").catch(() => undefined)
      throw error
    }
  }

  // Nothing to undo when SQLite already rolled back (SQLITE_FULL, a failed commit above);
  // complaining would hide the error that caused the rollback.
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await raw(connection, "rollback")
    } catch (error) {
      if (!isNoTransactionActive(error)) throw error
    }
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]): Promise<void> {
    await connection.executeQuery(compile(savepointCommand("savepoint", name), createQueryId()))
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]): Promise<void> {
    await connection.executeQuery(compile(savepointCommand("rollback to", name), createQueryId()))
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]): Promise<void> {
    await connection.executeQuery(compile(savepointCommand("release", name), createQueryId()))
  }

  // Waits for the current holder (an in-flight transaction finishes rather than being cut
  // off by close). A controlled transaction that is never committed would make this wait forever.
  async destroy(): Promise<void> {
    if (this.#connection === undefined) return
    await this.#mutex.lock()
    const connection = this.#connection
    this.#connection = undefined
    try {
      if (connection) await closeSqlite3(connection.db)
    } finally {
      this.#mutex.unlock()
    }
  }
}

// The identifier node makes the compiler quote the name, as Kysely's own SqliteDriver does.
const savepointCommand = (command: string, name: string): RawNode =>
  RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)])

// Core keeps this false (kysely#56), which would run migrations outside a transaction and
// leave a half-applied schema on failure. SQLite DDL is transactional, so say so.
export class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

export const sqlite3Dialect = (path: string): Dialect => ({
  createDriver: (): Driver => new Sqlite3Driver(path),
  createAdapter: (): DialectAdapter => new TransactionalDdlSqliteAdapter(),
  createQueryCompiler: (): QueryCompiler => new SqliteQueryCompiler(),
  createIntrospector: (db: Kysely<any>): DatabaseIntrospector => new SqliteIntrospector(db),
})
