import { join } from "node:path"
import type { Kysely } from "kysely"
import { describe, expect, it } from "vitest"
import { openDatabase } from "../../../../src/adapters/sqlite/database.js"
import { preparedQuery } from "../../../../src/adapters/sqlite/prepared-query.js"
import type { DB } from "../../../../src/adapters/sqlite/schema.js"
import { useTempDir, useOpenedDatabases } from "../../../support/sqlite-test-database.js"
import { testDatabase } from "../../../support/test-database.js"

const auditOf = preparedQuery<{ guildId: string; action: string }, { subject: string | null }>((db, param) =>
  db.selectFrom("audit_log").select("subject").where("guild_id", "=", param("guildId")).where("action", "=", param("action")).orderBy("id"),
)

const addAuditRow = preparedQuery<{ guildId: string; action: string; subject: string; details: string; at: number }, never>((db, param) =>
  db.insertInto("audit_log").values({ guild_id: param("guildId"), actor_id: param("guildId"), action: param("action"), subject: param("subject"), details_json: param("details"), at: param("at") }),
)
const addAudit = (db: Kysely<DB>, row: { guildId: string; subject: string; at: number }) => addAuditRow(db, { ...row, action: "test", details: "{}" })

describe("a prepared query: built once, run with new values each time", () => {
  const tempDir = useTempDir()
  const closing = useOpenedDatabases()

  it("GIVEN rows written and read with different values, in and out of a transaction THEN each run uses its own values", async () => {
    const k = closing(await openDatabase(await testDatabase(join(tempDir(), "prepared.sqlite"))))
    await addAudit(k, { guildId: "g1", subject: "first", at: 1 })
    await k.transaction().execute(async (trx) => {
      await addAudit(trx, { guildId: "g2", subject: "second", at: 2 })
      await addAudit(trx, { guildId: "g1", subject: "third", at: 3 })
    })
    expect((await auditOf(k, { guildId: "g1", action: "test" })).rows.map((row) => row.subject)).toEqual(["first", "third"])
    expect((await auditOf(k, { guildId: "g2", action: "test" })).rows.map((row) => row.subject)).toEqual(["second"])
    expect((await auditOf(k, { guildId: "g2", action: "other" })).rows).toEqual([])
  })

  it("GIVEN a query that puts a fixed value where a placeholder belongs THEN it is refused when first run, naming the value", async () => {
    const k = closing(await openDatabase(await testDatabase(join(tempDir(), "fixed.sqlite"))))
    const fixed = preparedQuery<{ guildId: string }, { subject: string | null }>((kysely, param) =>
      kysely.selectFrom("audit_log").select("subject").where("guild_id", "=", param("guildId")).where("action", "=", "fixed-value"),
    )
    await expect(fixed(k, { guildId: "g1" })).rejects.toThrow(/"fixed-value"/)
  })
})
