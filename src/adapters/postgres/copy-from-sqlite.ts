/**
 * Moves a league's data from its SQLite file to PostgreSQL (`npm run migrate-to-postgres`).
 *
 * Both sides are first brought to this release's schema by the ordinary open (the SQLite file
 * with its usual copy beside it; the PostgreSQL database gets its tables), so every table has the
 * same columns on both. Then every row is copied in ONE PostgreSQL transaction, ids included,
 * and the counts are compared before it commits: either everything arrived or nothing did.
 */
import * as Data from "effect/Data"
import { sql, type Kysely, type Transaction } from "kysely"
import { openDatabase } from "../sqlite/database.js"
import type { DB } from "../sqlite/schema.js"
import { withoutPassword } from "./engine.js"

/** Every table of the schema; the compiler says when a new table is missing here. */
export const TABLES = [
  "guild_settings",
  "module_grants",
  "audit_log",
  "command_registrations",
  "pitboard_meta",
  "number_classes",
  "claims",
  "trade_offers",
  "iracing_tokens",
  "member_links",
  "sync_runs",
  "tracks",
  "championships",
  "championship_settings",
  "championship_sessions",
  "championship_results",
  "championship_penalties",
  "event_drafts",
  "events",
  "admin_preferences",
  "participants",
  "registration_attempts",
  "fired_triggers",
  "member_preferences",
  "outbox",
  "work_leases",
] as const satisfies ReadonlyArray<keyof DB>
type Unlisted = Exclude<keyof DB, (typeof TABLES)[number]>
const everyTableListed: [Unlisted] extends [never] ? true : Unlisted = true
void everyTableListed

// Facts the opening itself writes (the release stamp, the health probe); the source's replace them.
const WRITTEN_BY_OPENING = new Set(["release", "health_checked_at"])

// PostgreSQL takes at most 65,535 parameters per statement; 500 rows of the widest table stay far below.
const ROWS_PER_INSERT = 500

export class CopyRefused extends Data.TaggedError("CopyRefused")<{ readonly reason: string }> {
  override get message(): string {
    return this.reason
  }
}

export interface CopiedTable {
  readonly table: (typeof TABLES)[number]
  readonly rows: number
}

const countRows = async (db: Kysely<DB>, table: (typeof TABLES)[number]): Promise<number> =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)

const refuseUnlessEmpty = async (target: Kysely<DB>, where: string): Promise<void> => {
  for (const table of TABLES) {
    const rows =
      table === "pitboard_meta"
        ? (await target.selectFrom("pitboard_meta").select("key").execute()).filter((row) => !WRITTEN_BY_OPENING.has(row.key)).length
        : await countRows(target, table)
    if (rows > 0) throw new CopyRefused({ reason: `${where} already holds data (${rows} rows in ${table}). Copy into an empty database: create a new one, or drop and recreate this one if its data can go.` })
  }
}

// The ids SQLite gave were copied as they are; the identity must continue after the largest.
const continueIdentities = async (trx: Transaction<DB>): Promise<void> => {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES'`.execute(trx)
  for (const { table_name, column_name } of rows) {
    await sql`select setval(pg_get_serial_sequence(${table_name}, ${column_name}), coalesce((select max(${sql.ref(column_name)}) from ${sql.table(table_name)}), 0) + 1, false)`.execute(trx)
  }
}

const copyTable = async (source: Kysely<DB>, trx: Transaction<DB>, table: (typeof TABLES)[number]): Promise<void> => {
  const rows = (await source.selectFrom(table).selectAll().execute()) as ReadonlyArray<Record<string, unknown>>
  if (table === "pitboard_meta") await trx.deleteFrom("pitboard_meta").execute()
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await trx.insertInto(table).values(rows.slice(start, start + ROWS_PER_INSERT) as never).execute()
  }
}

/**
 * Copies every table of the SQLite file at `sqlitePath` into the empty PostgreSQL database at
 * `postgresUrl`. Stop the bot first: writes made to the file during the copy would be left behind.
 */
export const copySqliteToPostgres = async (sqlitePath: string, postgresUrl: string): Promise<ReadonlyArray<CopiedTable>> => {
  const where = withoutPassword(postgresUrl)
  const source = await openDatabase(sqlitePath)
  try {
    const target = await openDatabase(postgresUrl)
    try {
      await refuseUnlessEmpty(target, where)
      return await target.transaction().execute(async (trx) => {
        const copied: CopiedTable[] = []
        for (const table of TABLES) {
          await copyTable(source, trx, table)
          const [expected, arrived] = [await countRows(source, table), await countRows(trx, table)]
          if (arrived !== expected) throw new CopyRefused({ reason: `${table}: ${expected} rows in the SQLite file but ${arrived} arrived; nothing was kept in ${where}.` })
          copied.push({ table, rows: arrived })
        }
        await continueIdentities(trx)
        return copied
      })
    } finally {
      await target.destroy()
    }
  } finally {
    await source.destroy()
  }
}
