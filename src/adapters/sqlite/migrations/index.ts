/**
 * Every migration, in order, imported explicitly (no FileMigrationProvider: nothing to find
 * on disk at run time, and each file is type-checked).
 *
 * Adding one is two lines: an import and an entry. Rules:
 * - Names are `NNNN_snake_case`; Kysely runs them sorted by name and refuses to start when
 *   the database has run a migration this list lacks, or when a new one sorts before an
 *   applied one.
 * - A released migration is never edited, renamed or removed: databases in the wild have
 *   already run it. Fix forward with a new migration.
 * - All pending migrations run in ONE transaction (our adapter declares transactional DDL), so
 *   a failure leaves the database as it was. Consequence: `PRAGMA foreign_keys = OFF` is a
 *   no-op inside a migration; use `PRAGMA defer_foreign_keys = ON` for table rebuilds.
 * - Migrations take `Kysely<any>`: they describe the schema as it was then, not `DB` as it is now.
 * - The same migrations build PostgreSQL's schema. Where the engines differ (instants, growing
 *   ids, SQLite-only SQL) a migration asks column-types.ts or `onPostgres`; on SQLite it must send
 *   exactly what it sent when released (test/unit/adapters/sqlite/schema-unchanged.test.ts). Released
 *   migrations were edited once, for that, and for nothing else.
 */
import type { Migration, MigrationProvider } from "kysely"
import * as m0001 from "./0001_foundation.js"
import * as m0002 from "./0002_numbers.js"
import * as m0003 from "./0003_iracing.js"
import * as m0004 from "./0004_events.js"
import * as m0005 from "./0005_member_links.js"
import * as m0006 from "./0006_race_night.js"
import * as m0007 from "./0007_claim_lookups.js"
import * as m0008 from "./0008_outbox.js"
import * as m0009 from "./0009_pitboard_meta.js"
import * as m0010 from "./0010_results.js"
import * as m0011 from "./0011_shared_cars.js"
import * as m0012 from "./0012_shared_work.js"

const all: Readonly<Record<string, Migration>> = {
  "0001_foundation": m0001,
  "0002_numbers": m0002,
  "0003_iracing": m0003,
  "0004_events": m0004,
  "0005_member_links": m0005,
  "0006_race_night": m0006,
  "0007_claim_lookups": m0007,
  "0008_outbox": m0008,
  "0009_pitboard_meta": m0009,
  "0010_results": m0010,
  "0011_shared_cars": m0011,
  "0012_shared_work": m0012,
}

export const migrations: MigrationProvider = {
  getMigrations: async () => all,
}
