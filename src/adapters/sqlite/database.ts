import { mkdir, stat } from "node:fs/promises"
import { dirname, resolve } from "node:path"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as FiberRef from "effect/FiberRef"
import { Kysely, Migrator, sql, type MigrationProvider, type Transaction } from "kysely"
import { sqliteDialect } from "./dialect.js"
import { ConnectionQueue } from "./connection-queue.js"
import { migrations } from "./migrations/index.js"
import type { DB } from "./schema.js"
import { recordRelease } from "./release-stamp.js"
import { holdSoleUse } from "./sole-use.js"
import { recordLastBackup } from "./repositories/meta.js"
import { pendingMigrations, prepareToMigrate, refuseNewerDatabase } from "./upgrade.js"
import { postgresDialect, POSTGRES_UNIQUE_VIOLATION } from "../postgres/dialect.js"
import { describeLocation, isPostgresUrl, onPostgres, withoutPassword } from "../postgres/engine.js"
import { stackless } from "../../shared/stackless.js"
import { PITBOARD_VERSION } from "../../shared/release-version.js"
import { Metrics, NO_METRICS, type MetricsService } from "../../shared/metrics.js"

// Tagged errors usually have an empty message; their tag says what happened.
const describe = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error)
  const tag = (error as { _tag?: unknown })._tag
  return error.message || (typeof tag === "string" ? tag : error.name)
}

/**
 * The storage of both engines: a location that is a `postgres://` URL (DATABASE_URL) opens
 * PostgreSQL; anything else is a SQLite file path. Repositories, migrations and use cases are
 * the same Kysely code on both.
 *
 * `cause` is whatever was thrown: a better-sqlite3 `SqliteError` or a `pg` error, or the caller's own value when a
 * `transaction` callback throws to abort (that rolls back and is handed back untouched, so
 * `error.cause instanceof NumberTaken` works).
 */
export class DatabaseError extends Data.TaggedError("DatabaseError")<{
  readonly cause: unknown
  readonly operation: string
}> {
  // Logs otherwise show an empty message for tagged errors.
  override get message(): string {
    return `${this.operation}: ${describe(this.cause)}`
  }
}

export interface DatabaseService {
  /** For code that needs Kysely directly (streams, controlled transactions). Prefer query/transaction. */
  readonly kysely: Kysely<DB>
  readonly query: <A>(operation: string, f: (db: Kysely<DB>) => Promise<A>) => Effect.Effect<A, DatabaseError>
  /**
   * Runs `f` in a `begin immediate` transaction on SQLite; on PostgreSQL in a READ COMMITTED one
   * that first takes the lock the fiber's TransactionScope names (set it with `inGuild`). Commits
   * if it resolves, rolls back if it throws. Throw a tagged domain error to abort; it comes back as `DatabaseError.cause`.
   * The transaction finishes even if the calling fiber is interrupted.
   */
  readonly transaction: <A>(operation: string, f: (trx: Transaction<DB>) => Promise<A>) => Effect.Effect<A, DatabaseError>
}

export class Database extends Context.Tag("pitboard/Database")<Database, DatabaseService>() {}

// better-sqlite3 reports SQLite's extended result code (a rowid table's duplicate key is
// _PRIMARYKEY); pg reports the SQLSTATE.
const UNIQUE_CODES = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", POSTGRES_UNIQUE_VIOLATION])

/** True for a UNIQUE or PRIMARY KEY violation, looking through `DatabaseError` and other `cause` wrappers. */
export const isUniqueViolation = (cause: unknown): boolean => {
  for (let current = cause, depth = 0; current !== null && typeof current === "object" && depth < 8; depth++) {
    if (UNIQUE_CODES.has((current as { code?: unknown }).code as string)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

/**
 * On PostgreSQL, Kysely's bookkeeping tables are looked for in every schema unless one is named,
 * so a database where another schema has them (another app, another Pitboard) would fool it.
 * Named: the schema Pitboard's own tables go to.
 */
const migrationTableSchema = async (db: Kysely<any>): Promise<{ migrationTableSchema?: string }> => {
  if (!onPostgres(db)) return {}
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  return { migrationTableSchema: rows[0]!.schema }
}

/** Kysely's Migrator as Pitboard runs it, on either engine. */
export const migratorFor = async (db: Kysely<any>, provider: MigrationProvider = migrations): Promise<Migrator> =>
  new Migrator({ db, provider, ...(await migrationTableSchema(db)) })

/** Runs every pending migration in one transaction; throws an Error naming the one that failed. */
export const migrateToLatest = async (db: Kysely<any>, provider: MigrationProvider = migrations): Promise<void> => {
  const { error, results } = await (await migratorFor(db, provider)).migrateToLatest()
  if (error === undefined) return
  const failed = results?.find((result) => result.status === "Error")?.migrationName
  const engine = onPostgres(db) ? "PostgreSQL" : "SQLite"
  const what = failed === undefined ? `${engine} migrations failed` : `${engine} migration "${failed}" failed`
  throw new Error(`${what} (all pending migrations were rolled back): ${describe(error)}`, { cause: error })
}

const isInMemory = (path: string): boolean => path === "" || path === ":memory:"

export interface OpenOptions {
  /** The version stamped into the file and named in refusals; default: this package's. */
  readonly release?: string
  /** Told where the copy made before migrating went, so the caller can log it. */
  readonly onCopiedBeforeMigrating?: (copy: string) => void
  /** PostgreSQL only: told which migrations are about to run on a database that has data, with no copy made. */
  readonly onMigratingWithoutCopy?: (pending: ReadonlyArray<string>) => void
}

/**
 * Opens a SQLite file or ":memory:", or a `postgres://` URL (see openPostgres), migrated to the
 * latest schema.
 */
export const openDatabase = (location: string, options: OpenOptions = {}): Promise<Kysely<DB>> =>
  isPostgresUrl(location) ? openPostgres(location, options) : openSqlite(location, options)

/**
 * Opens (creating the file and its folder if needed), refuses a file from a newer release, copies
 * an existing file aside when migrations are pending (see upgrade.ts), migrates to the latest
 * schema, and stamps the release.
 */
const openSqlite = async (path: string, options: OpenOptions): Promise<Kysely<DB>> => {
  const release = options.release ?? PITBOARD_VERSION
  if (!isInMemory(path)) await mkdir(dirname(resolve(path)), { recursive: true })
  const db = new Kysely<DB>({ dialect: sqliteDialect(path) })
  try {
    const copy = isInMemory(path) ? undefined : await prepareToMigrate(db, path, Object.keys(await migrations.getMigrations()), release)
    if (copy !== undefined) options.onCopiedBeforeMigrating?.(copy)
    await migrateToLatest(db)
    await recordRelease(db, release)
    // Noted only now: the table for it may have come with the migrations just run.
    if (copy !== undefined) await recordLastBackup(db, { at: Date.now(), path: copy, bytes: (await stat(copy)).size, by: "before-migrating" })
  } catch (error) {
    await db.destroy().catch(() => undefined)
    throw error
  }
  return db
}

/**
 * The same steps on a PostgreSQL database, which must exist (the admin creates it; Pitboard
 * creates its tables). No copy is made before migrating: pg_dump is PostgreSQL's way back, and the
 * caller is told so it can say it. Migrations run under Kysely's advisory lock, so two processes
 * starting at once do not both run them.
 */
const openPostgres = async (url: string, options: OpenOptions): Promise<Kysely<DB>> => {
  const release = options.release ?? PITBOARD_VERSION
  const db = new Kysely<DB>({ dialect: postgresDialect(url) })
  try {
    const known = Object.keys(await migrations.getMigrations())
    const applied = await refuseNewerDatabase(db, withoutPassword(url), known, release)
    const pending = pendingMigrations(applied, known)
    if (applied.length > 0 && pending.length > 0) options.onMigratingWithoutCopy?.(pending)
    await migrateToLatest(db)
    await recordRelease(db, release)
  } catch (error) {
    await db.destroy().catch(() => undefined)
    throw error
  }
  return db
}

/**
 * What a transaction must be kept apart from, on PostgreSQL, when several processes (or several
 * connections of one process) write at once. The caller's fiber says it; `database.transaction`
 * reads it, so the use cases themselves do not change.
 *
 * - `Guild`: the transaction reads a server's rows and writes from what it read (a claim checks the
 *   number is free, registration counts the grid against its capacity, a trade checks both numbers,
 *   the check-in closing reads who checked in). It first takes that server's lock (below).
 * - `Rows`: each statement is safe on its own (a conditional UPDATE, INSERT … ON CONFLICT), so it
 *   takes no server lock: the follow-up worker's bookkeeping, the health check, the commands hash.
 * - `Whole` (the default, for anything that did not say): excludes every server's transactions.
 *   Safe if slow; nothing busy runs this way.
 *
 * Why a lock per server rather than row locks or SERIALIZABLE: the use cases were written for
 * SQLite's BEGIN IMMEDIATE (nobody writes between my read and my write), and they read-then-write
 * in many shapes: counts against capacity, "is any spelling of this number held", waitlist order,
 * machine snapshots. Row locks would have to be placed by hand in each of them, and a missed one is
 * a silent double claim; SERIALIZABLE would need every use case to be safely re-runnable after a
 * 40001 (they draw ids and collect follow-ups as they go) and retries under a 200-member burst on
 * one number. A transaction-scoped advisory lock on the server, taken first thing, makes every
 * read-then-write of that server behave as on SQLite across any number of processes, with no retry
 * loop; servers still run side by side, and the lock goes with the transaction (commit, rollback,
 * or a dead connection), so it can never be left behind. The unique indexes stay as the last word.
 */
type TransactionScope =
  | { readonly _tag: "Guild"; readonly guildId: string }
  | { readonly _tag: "Rows" }
  | { readonly _tag: "Whole" }

const TransactionScopeRef: FiberRef.FiberRef<TransactionScope> = FiberRef.unsafeMake<TransactionScope>({ _tag: "Whole" })

/** Runs `effect` with its transactions kept apart per server: everything done for one Discord server. */
export const inGuild =
  (guildId: string | null | undefined) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    guildId ? Effect.locally(effect, TransactionScopeRef, { _tag: "Guild", guildId }) : effect

/** Runs `effect` with transactions whose every statement is safe alone (see TransactionScope). */
export const rowByRow = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => Effect.locally(effect, TransactionScopeRef, { _tag: "Rows" })

// Advisory lock keys are (int4, int4) pairs here: a key space apart from the single-bigint keys
// (Kysely's migration lock is one), the first number naming what is locked.
const SERVER_LOCKS = 0x50_42_01 // "PB", servers: (SERVER_LOCKS, hashtext(guild id))
const WHOLE_DATABASE_LOCK = 0x50_42_00 // "PB", everything: (WHOLE_DATABASE_LOCK, 0)

/**
 * The lock a transaction takes first, on PostgreSQL. A server's transaction holds the whole-database
 * key shared and its server's key exclusively; a `Whole` one holds the whole-database key
 * exclusively. Always in that order, one server per transaction: no two of them can deadlock.
 * READ COMMITTED (PostgreSQL's default, set explicitly so a server default cannot change it) takes
 * a new snapshot per statement, so what follows the lock sees everything the previous holder
 * committed. Two servers whose ids hash alike merely take turns.
 */
const takeScopeLock = async (trx: Transaction<DB>, scope: TransactionScope): Promise<void> => {
  switch (scope._tag) {
    case "Guild":
      await sql`select pg_advisory_xact_lock_shared(${WHOLE_DATABASE_LOCK}::int4, 0), pg_advisory_xact_lock(${SERVER_LOCKS}::int4, hashtext(${scope.guildId}))`.execute(trx)
      return
    case "Whole":
      await sql`select pg_advisory_xact_lock(${WHOLE_DATABASE_LOCK}::int4, 0)`.execute(trx)
      return
    case "Rows":
      return
  }
}

/**
 * Transaction times go to `metrics`; plain queries are not timed (they do not hold the write lock).
 * No tracing span per query: no tracer is installed to receive one, the operation's name is
 * already in every DatabaseError and in /metrics, and a span cost ~60 µs, a third of a claim's SQL.
 */
export const makeDatabase = (kysely: Kysely<DB>, metrics: MetricsService = NO_METRICS): DatabaseService => {
  const timed = <A>(operation: string, run: () => Promise<A>) =>
    Effect.tryPromise({
      try: async () => {
        const started = performance.now()
        try {
          return await run()
        } finally {
          metrics.transaction(operation, (performance.now() - started) / 1000)
        }
      },
      catch: (cause) => wrapped(cause, operation),
    })
  // Built once per engine: SQLite's one connection already runs one transaction at a time, so it
  // needs neither the fiber's scope nor the turns (the hot path: a claim, a registration).
  const transaction: DatabaseService["transaction"] = onPostgres(kysely)
    ? (() => {
        const inTurn = turnsPerScope()
        const run = <A>(scope: TransactionScope, f: (trx: Transaction<DB>) => Promise<A>): Promise<A> =>
          inTurn(scope, () =>
            kysely
              .transaction()
              .setIsolationLevel("read committed")
              .execute(async (trx) => {
                await takeScopeLock(trx, scope)
                return f(trx)
              }),
          )
        return (operation, f) => Effect.flatMap(FiberRef.get(TransactionScopeRef), (scope) => timed(operation, () => run(scope, f)))
      })()
    : (operation, f) => timed(operation, () => kysely.transaction().execute(f))
  return {
    kysely,
    query: (operation, f) =>
      Effect.tryPromise({ try: () => f(kysely), catch: (cause) => wrapped(cause, operation) }),
    transaction,
  }
}

// Its stack would show only the Effect runtime; the cause keeps the stack that matters.
const wrapped = (cause: unknown, operation: string) => stackless(() => new DatabaseError({ cause, operation }))

/**
 * Within one process on PostgreSQL, a server's transactions queue here before they take a pooled
 * connection: 200 claims on one server would otherwise fill the pool with connections that only
 * wait for that server's lock, and other servers' members would wait behind them. Different
 * servers (and `Rows` transactions) go side by side; across processes the advisory lock decides.
 */
const turnsPerScope = () => {
  const queues = new Map<string, { queue: ConnectionQueue; users: number }>()
  return async <A>(scope: TransactionScope, transaction: () => Promise<A>): Promise<A> => {
    if (scope._tag === "Rows") return transaction()
    const key = scope._tag === "Guild" ? `guild:${scope.guildId}` : "whole"
    let entry = queues.get(key)
    if (entry === undefined) queues.set(key, (entry = { queue: new ConnectionQueue(), users: 0 }))
    entry.users++
    await entry.queue.acquire()
    try {
      return await transaction()
    } finally {
      entry.queue.release()
      if (--entry.users === 0) queues.delete(key)
    }
  }
}

/** `location` is a file path, ":memory:" or a `postgres://` URL. Release waits for an in-flight transaction, then closes. */
export const DatabaseLive = (location: string): Layer.Layer<Database, DatabaseError> =>
  Layer.scoped(
    Database,
    Effect.gen(function* () {
      const copies: string[] = []
      // Before opening: a second bot must not migrate or touch the SQLite file the first one is using.
      if (!isPostgresUrl(location)) yield* holdSoleUse(location).pipe(Effect.mapError((cause) => new DatabaseError({ cause, operation: "open" })))
      const uncopied: string[] = []
      const kysely = yield* Effect.acquireRelease(
        Effect.tryPromise({
          try: () => openDatabase(location, { onCopiedBeforeMigrating: (copy) => copies.push(copy), onMigratingWithoutCopy: (pending) => uncopied.push(...pending) }),
          catch: (cause) => new DatabaseError({ cause, operation: "open" }),
        }),
        (kysely) =>
          Effect.tryPromise(() => kysely.destroy()).pipe(
            Effect.catchAll((error) => Effect.logWarning(`closing the database ${describeLocation(location)} failed`, error.cause)),
          ),
      )
      // Says where the way back is, should the new release disappoint.
      for (const copy of copies) yield* Effect.logInfo(`before migrating, copied the database to ${copy} (restore it to go back to the previous release)`)
      if (uncopied.length > 0) yield* Effect.logInfo(`migrated PostgreSQL through ${uncopied.join(", ")}; Pitboard copies nothing on PostgreSQL, so the way back is the pg_dump you took before upgrading`)
      return makeDatabase(kysely, yield* Metrics)
    }),
  )
