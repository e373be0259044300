/**
 * The few places where a migration says something differently on PostgreSQL. On SQLite each
 * helper gives exactly what the migration said before PostgreSQL existed (schema-unchanged.test.ts
 * holds every released migration to that).
 *
 * - Instants (epoch milliseconds, UTC): INTEGER on SQLite, which stores up to 8 bytes anyway;
 *   BIGINT on PostgreSQL, whose integer is 4 bytes and overflows in January 1970.
 * - Growing ids: SQLite's `integer primary key autoincrement`; a bigint identity on PostgreSQL
 *   (`by default`, so migrate-to-postgres can copy the ids SQLite gave).
 * - Yes/no columns stay 0/1 integers on both: a PostgreSQL boolean would come back as true/false
 *   and every repository would read it differently per engine.
 * - JSON stays TEXT on both; the audit search reads into it per engine (repositories/audit-log.ts).
 * - Measured values: SQLite's REAL is a double; PostgreSQL's `real` is a 4-byte float, so there
 *   it is `double precision`.
 * - Snowflakes stay TEXT on both.
 */
import type { ColumnDefinitionBuilder, Kysely } from "kysely"
import { onPostgres } from "../../postgres/engine.js"

export const instant = (db: Kysely<any>): "integer" | "bigint" => (onPostgres(db) ? "bigint" : "integer")

/** Measured values (lap times in ms, penalty seconds): SQLite's REAL is 8 bytes, PostgreSQL's only 4. */
export const measure = (db: Kysely<any>): "real" | "double precision" => (onPostgres(db) ? "double precision" : "real")

export const growingIdType = (db: Kysely<any>): "integer" | "bigint" => (onPostgres(db) ? "bigint" : "integer")

export const growingId = (db: Kysely<any>) => (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
  onPostgres(db) ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement()
