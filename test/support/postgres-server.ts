/**
 * vitest globalSetup for the PostgreSQL run (PITBOARD_TEST_DATABASE=postgres): a real PostgreSQL
 * server for the whole run, on which each test file makes its own databases (test-database.ts).
 *
 * PITBOARD_TEST_POSTGRES_URL names a server to use (a role that may CREATE DATABASE); the
 * databases this run made are dropped at the end. Otherwise a private cluster is made in a
 * temporary folder with the machine's own binaries (initdb, pg_ctl), listening on loopback and a
 * Unix socket in that folder only, and removed at the end. Durability is switched off on it: a
 * test cluster that dies is thrown away anyway.
 *
 * On the SQLite run (the default) this does nothing.
 */
import pg from "pg"
import type { TestProject } from "vitest/node"
import { startPrivateCluster } from "./postgres-cluster.js"
import { TEST_DATABASE_PREFIX, TEST_ON_POSTGRES } from "./test-database.js"

declare module "vitest" {
  export interface ProvidedContext {
    /** A URL of the test server on which this run may CREATE DATABASE; empty on the SQLite run. */
    postgresAdminUrl: string
  }
}

const dropRunDatabases = async (adminUrl: string) => {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like $1", [`${TEST_DATABASE_PREFIX}%`])
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`)
  } finally {
    await client.end()
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  project.provide("postgresAdminUrl", "")
  if (!TEST_ON_POSTGRES) return undefined
  const given = process.env.PITBOARD_TEST_POSTGRES_URL
  if (given !== undefined && given !== "") {
    project.provide("postgresAdminUrl", given)
    return () => dropRunDatabases(given)
  }
  const cluster = await startPrivateCluster()
  project.provide("postgresAdminUrl", cluster.url)
  return async () => cluster.stop()
}
