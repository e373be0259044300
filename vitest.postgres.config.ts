/**
 * The PostgreSQL run (`npm run test:postgres`, part of `npm test`): the suites that store through
 * Pitboard's storage, again, each test on a new PostgreSQL database (test/support/test-database.ts)
 * on a server this run starts and stops (test/support/postgres-server.ts).
 */
import { defineConfig } from "vitest/config"
import base from "./vitest.config.js"

/** SQLite by nature: left out of this run, each for the reason given. */
export const SQLITE_ONLY = [
  "test/unit/adapters/sqlite/repositories/number-claims.query-plans.test.ts", // EXPLAIN QUERY PLAN
  "test/unit/adapters/sqlite/repositories/outbox.query-plans.test.ts", // EXPLAIN QUERY PLAN
  "test/unit/adapters/sqlite/release-fixture.test.ts", // a SQLite file made by release 0.1.0
  "test/unit/adapters/sqlite/schema-unchanged.test.ts", // what SQLite stored as each CREATE statement
  "test/unit/adapters/sqlite/migrations/migrations.test.ts", // sqlite_master and SQLite's error texts (migrations-both-engines.test.ts runs them here)
  "test/unit/adapters/sqlite/database.test.ts", // file paths, :memory:, SQLite's error codes (test/unit/adapters/postgres covers PostgreSQL's)
  "test/unit/adapters/sqlite/checkpointer.test.ts", // WAL checkpoints
  "test/unit/adapters/sqlite/connection-queue.test.ts", // the one SQLite connection
  "test/unit/adapters/sqlite/dialect.test.ts", // better-sqlite3's statement cache and pragmas
  "test/unit/adapters/sqlite/dialect.transactions.test.ts", // BEGIN IMMEDIATE on the SQLite driver
  "test/unit/adapters/sqlite/backup.test.ts", // SQLite's online backup API (pg_dump on PostgreSQL)
  "test/unit/adapters/sqlite/restore.test.ts", // putting a SQLite file back
  "test/unit/adapters/sqlite/repositories/meta.last-backup.test.ts", // noted from the backup's own SQLite connection
  "test/unit/adapters/sqlite/upgrade.test.ts", // the .bak copy beside the file before migrating
  "test/unit/adapters/sqlite/sole-use.test.ts", // SQLite's lock on <file>-lock: one bot per file
  "test/e2e/shards.test.ts", // several gateway shards in one process: nothing engine-specific
  "test/e2e/backup-upgrade.test.ts", // npm run backup/restore and the .bak copy
  "test/e2e/npm-start-service.test.ts", // reads the -wal file and the SQLite file after a stop
  "test/e2e/health-npm-start.test.ts", // npm start with DATABASE_PATH
  "test/e2e/startup.test.ts", // npm start with DATABASE_PATH
  "test/e2e/numbers-burst.test.ts", // SQLite's 1,000-member burst, run last and alone by npm test
]

/** No database in them: running them twice proves nothing more. */
const NO_DATABASE = ["test/e2e/fake-discord.test.ts", "test/e2e/env-file.test.ts", "test/e2e/discord-connection.test.ts"]

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      "test/unit/adapters/sqlite/**/*.test.ts",
      "test/unit/adapters/postgres/**/*.test.ts",
      "test/unit/app/events/wizard.damaged-draft.test.ts",
      "test/unit/app/race-night/scheduler.test.ts",
      "test/unit/adapters/iracing/**/*.test.ts",
      "test/property/numbers-store.test.ts",
      "test/property/follow-ups.test.ts",
      "test/e2e/**/*.test.ts",
    ],
    exclude: [...SQLITE_ONLY, ...NO_DATABASE, "**/node_modules/**"],
  },
})
