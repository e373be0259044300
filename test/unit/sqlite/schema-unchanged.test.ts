// SQLite only by nature: it compares what SQLite stored as each table's CREATE text.
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { openDatabase } from "../../../src/adapters/sqlite/database.js"
import { sqliteSchemaText } from "../../support/sqlite-schema.js"

// Written from the migrations as released (0001–0009), before they learned PostgreSQL's types.
const RELEASED = join(import.meta.dirname, "../../fixtures/databases/schema-0009.sqlite.sql")

describe("the SQLite schema the released migrations make", () => {
  it("GIVEN a new SQLite database WHEN every migration has run THEN every table and index is created by exactly the statement released migrations sent", async () => {
    const db = await openDatabase(":memory:")
    try {
      expect(await sqliteSchemaText(db)).toBe(readFileSync(RELEASED, "utf8"))
    } finally {
      await db.destroy()
    }
  })
})
