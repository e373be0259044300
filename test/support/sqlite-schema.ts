import { sql, type Kysely } from "kysely"

/**
 * Every table and index SQLite keeps, with the exact statement that made it: SQLite stores the
 * CREATE text as the migration sent it, so this is the SQLite output of the migrations, byte for byte.
 */
export const sqliteSchemaText = async (db: Kysely<any>): Promise<string> => {
  const rows = (
    await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by name`.execute(db)
  ).rows
  return rows.map((row) => `-- ${row.type} ${row.name} on ${row.tbl_name}\n${row.sql ?? "(made by SQLite for a constraint)"};\n`).join("\n")
}
