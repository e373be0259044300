/**
 * Which engine this test run stores on. `npm test` runs the database suites twice: on SQLite (the
 * default), then with PITBOARD_TEST_DATABASE=postgres on a real PostgreSQL that the run starts
 * (postgres-server.ts). A test asks `testDatabase(path)` where it used to hand a SQLite path
 * around; on the PostgreSQL run it gets the URL of a new, empty database instead (a schema of its
 * own, see below).
 *
 * Tests that are SQLite by nature (EXPLAIN QUERY PLAN, the 0.1.0 fixture, WAL and the
 * checkpointer, the backup API) are left out of the PostgreSQL run: see vitest.postgres.config.ts.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import pg from "pg"
import { inject } from "vitest"
import { Kysely } from "kysely"
import { DatabaseLive, type Database, type DatabaseError } from "../../src/adapters/sqlite/database.js"
import { sqliteDialect } from "../../src/adapters/sqlite/dialect.js"
import { postgresDialect } from "../../src/adapters/postgres/dialect.js"
import { isPostgresUrl } from "../../src/adapters/postgres/engine.js"

export const TEST_ON_POSTGRES = process.env.PITBOARD_TEST_DATABASE === "postgres"

/** Every database a run makes starts with this, so a shared server's leftovers can be found and dropped. */
export const TEST_DATABASE_PREFIX = "pitboard_test_"

const made = new Map<string, Promise<string>>()
let schemas = 0

const adminQuery = async (sql: string): Promise<void> => {
  const adminUrl = inject("postgresAdminUrl")
  if (adminUrl === "") throw new Error("PITBOARD_TEST_DATABASE=postgres, but no PostgreSQL server was started: run through vitest's config (test/support/postgres-server.ts).")
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

// CREATE DATABASE copies a template (a few hundred ms on a busy 2-core machine); a schema costs
// nothing. So each test file's process makes one database, and each test database is a schema
// in it that the URL puts first on the search path: to Pitboard it is an empty database.
let fileDatabase: Promise<URL> | undefined
const databaseOfThisFile = (): Promise<URL> =>
  (fileDatabase ??= (async () => {
    const name = `${TEST_DATABASE_PREFIX}${process.pid}_${Date.now().toString(36)}`
    await adminQuery(`create database "${name}"`)
    const url = new URL(inject("postgresAdminUrl"))
    url.pathname = `/${name}`
    return url
  })())

const createDatabase = async (): Promise<string> => {
  const url = new URL(await databaseOfThisFile())
  const schema = `test_${schemas++}`
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  try {
    await client.query(`create schema "${schema}"`)
  } finally {
    await client.end()
  }
  url.searchParams.set("options", `-c search_path=${schema}`)
  return url.toString()
}

/**
 * `sqlitePath` on the SQLite run. On the PostgreSQL run: a new database, the same one each time the
 * test asks again for the same path (reopening a file reopens its database), a new one for each
 * ":memory:".
 */
export const testDatabase = (sqlitePath: string): Promise<string> => {
  if (!TEST_ON_POSTGRES || isPostgresUrl(sqlitePath)) return Promise.resolve(sqlitePath)
  if (sqlitePath === ":memory:" || sqlitePath === "") return createDatabase()
  const known = made.get(sqlitePath)
  if (known !== undefined) return known
  const creating = createDatabase()
  made.set(sqlitePath, creating)
  return creating
}

/** DatabaseLive over `testDatabase(sqlitePath)`. */
export const TestDatabaseLive = (sqlitePath: string): Layer.Layer<Database, DatabaseError> =>
  Layer.unwrapEffect(Effect.promise(() => testDatabase(sqlitePath)).pipe(Effect.map(DatabaseLive)))

/** Kysely on `location` with no migration run, on whichever engine the location names. */
export const openUnmigrated = (location: string): Kysely<any> =>
  new Kysely<any>({ dialect: isPostgresUrl(location) ? postgresDialect(location) : sqliteDialect(location) })
