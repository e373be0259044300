import sqlite3 from "sqlite3"
import {
  DeleteQueryNode,
  InsertQueryNode,
  RawNode,
  SelectQueryNode,
  UpdateQueryNode,
  type CompiledQuery,
  type DatabaseConnection,
  type QueryResult,
} from "kysely"

/** Opens (creating if missing) a node-sqlite3 handle. */
export const openSqlite3 = (path: string): Promise<sqlite3.Database> =>
  new Promise((resolve, reject) => {
    const db: sqlite3.Database = new sqlite3.Database(
      path,
      sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE | sqlite3.OPEN_FULLMUTEX,
      (error) => (error ? reject(error) : resolve(db)),
    )
  })

export const closeSqlite3 = (db: sqlite3.Database): Promise<void> =>
  new Promise((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())))

// node-sqlite3 binds a bigint as NULL without complaint (TryGhost/node-sqlite3#1058), which
// would silently store NULL where a snowflake or counter was meant.
const checkParams = (parameters: ReadonlyArray<unknown>): unknown[] => {
  parameters.forEach((value, index) => {
    if (typeof value === "bigint") {
      throw new TypeError(
        `sqlite3 would bind the bigint parameter #${index + 1} (${value}n) as NULL; pass a string (snowflakes are TEXT) or a number`,
      )
    }
  })
  return [...parameters]
}

const RAW_WRITE = /^\s*(?:insert|replace|update|delete)\b/i
const RAW_INSERT = /^\s*(?:insert|replace)\b/i
const RETURNING = /\breturning\b/i

type Plan = { readonly kind: "rows" } | { readonly kind: "run"; readonly dml: boolean; readonly insert: boolean }

// node-sqlite3 splits "give me rows" (all/get) from "give me changes/lastID" (run); nothing
// does both, so each query is routed by what the caller can observe. Raw SQL is routed by
// its leading keyword: a raw write that starts with WITH or a comment comes back as rows only.
const plan = (query: CompiledQuery): Plan => {
  const node = query.query
  if (SelectQueryNode.is(node)) return { kind: "rows" }
  if (InsertQueryNode.is(node) || UpdateQueryNode.is(node) || DeleteQueryNode.is(node)) {
    return node.returning ? { kind: "rows" } : { kind: "run", dml: true, insert: InsertQueryNode.is(node) }
  }
  if (RawNode.is(node)) {
    return RAW_WRITE.test(query.sql) && !RETURNING.test(query.sql)
      ? { kind: "run", dml: true, insert: RAW_INSERT.test(query.sql) }
      : { kind: "rows" }
  }
  return { kind: "run", dml: false, insert: false }
}

const prepare = (db: sqlite3.Database, sql: string, parameters: unknown[]): Promise<sqlite3.Statement> =>
  new Promise((resolve, reject) => {
    // The callback is required: without it a prepare error is emitted as an unhandled 'error'.
    const statement: sqlite3.Statement = db.prepare(sql, parameters, (error) => (error ? reject(error) : resolve(statement)))
  })

const step = <R>(statement: sqlite3.Statement): Promise<R | undefined> =>
  new Promise((resolve, reject) => statement.get((error, row) => (error ? reject(error) : resolve(row as R | undefined))))

const finalize = (statement: sqlite3.Statement): Promise<void> => new Promise((resolve) => statement.finalize(() => resolve()))

export class Sqlite3Connection implements DatabaseConnection {
  constructor(readonly db: sqlite3.Database) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const parameters = checkParams(query.parameters)
    const how = plan(query)
    return new Promise((resolve, reject) => {
      if (how.kind === "rows") {
        this.db.all(query.sql, parameters, (error, rows) => (error ? reject(error) : resolve({ rows: rows as R[] })))
        return
      }
      // A `function`, not an arrow: node-sqlite3 hands changes/lastID over only as `this`.
      this.db.run(query.sql, parameters, function (this: sqlite3.RunResult, error: Error | null) {
        if (error) return reject(error)
        if (!how.dml) return resolve({ rows: [] })
        resolve({
          rows: [],
          numAffectedRows: BigInt(this.changes),
          // lastID is the connection's last insert rowid, stale when nothing was inserted
          // (e.g. ON CONFLICT DO NOTHING), so it is only reported for a real insert.
          ...(how.insert && this.changes > 0 ? { insertId: BigInt(this.lastID) } : {}),
        })
      })
    })
  }

  // Statement#get steps one row per call, so the consumer's pace is the database's pace;
  // the finally block runs on early `break` too and releases the statement's read lock.
  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (plan(query).kind !== "rows") throw new Error("sqlite3 driver: only queries that return rows can be streamed")
    const statement = await prepare(this.db, query.sql, checkParams(query.parameters))
    try {
      for (;;) {
        const row = await step<R>(statement)
        if (row === undefined) return
        yield { rows: [row] }
      }
    } finally {
      await finalize(statement)
    }
  }
}
