// SQLite only by nature: it compares what SQLite stored as each table's CREATE text.
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { migratorFor } from "../../../../src/adapters/sqlite/database.js"
import { sqliteSchemaText } from "../../../support/sqlite-schema.js"
import { openScratch } from "../../../support/sqlite-test-database.js"

// Written from the migrations as released (0001–0009), before they learned PostgreSQL's types.
// A later migration gets a fixture of its own when it is released.
const RELEASED = join(import.meta.dirname, "../../../fixtures/databases/released-schema-0009.sql")
const LAST_RELEASED = "0009_pitboard_meta"

describe("the SQLite schema the released migrations make", () => {
  it("GIVEN a new SQLite database WHEN the released migrations have run THEN every table and index is created by exactly the statement they sent when released", async () => {
    const db = openScratch(":memory:")
    try {
      const { error } = await (await migratorFor(db)).migrateTo(LAST_RELEASED)
      expect(error).toBeUndefined()
      expect(await sqliteSchemaText(db)).toBe(readFileSync(RELEASED, "utf8"))
    } finally {
      await db.destroy()
    }
  })
})
