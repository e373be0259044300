import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { openDatabase } from "../../../../../src/adapters/sqlite/database.js"
import { listGrants } from "../../../../../src/adapters/sqlite/repositories/module-grants.js"
import { useTempDir, useOpenedDatabases } from "../../../../support/sqlite-test-database.js"
import { testDatabase } from "../../../../support/test-database.js"

describe("module grants", () => {
  const tempDir = useTempDir()
  const closing = useOpenedDatabases()

  it("GIVEN a 'settings' grant that release 0.1.0 could store THEN it is left out when grants are read, and the others still count", async () => {
    const db = closing(await openDatabase(await testDatabase(join(tempDir(), "grants.db"))))
    const grant = { guild_id: "1", subject_type: "role" as const, subject_id: "2", granted_by: "3", granted_at: 0 }
    await db.insertInto("module_grants").values([{ ...grant, module: "settings" }, { ...grant, module: "events" }]).execute()
    expect((await listGrants(db, "1")).map((stored) => stored.module)).toEqual(["events"])
  })
})
