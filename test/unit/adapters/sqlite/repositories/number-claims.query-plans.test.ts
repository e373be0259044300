import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { CompiledQuery, Kysely } from "kysely"
import { openDatabase } from "../../../../../src/adapters/sqlite/database.js"
import { sqliteDialect } from "../../../../../src/adapters/sqlite/dialect.js"
import {
  readActiveClaimsOf,
  readClaimsBearingOn,
  readClaimsStartingWith,
  readNumberHistory,
  readTakenBetween,
} from "../../../../../src/adapters/sqlite/repositories/number-claims.js"
import type { DB } from "../../../../../src/adapters/sqlite/schema.js"
import { bearingOn } from "../../../../../src/domain/numbers/claims.js"
import { useTempDir, useOpenedDatabases } from "../../../../support/sqlite-test-database.js"

const GUILD = "900000000000000001"

/** 5,000 active claims over five classes of 1,000 numbers, plus released history: a big server. */
const seed = async (db: Kysely<DB>) => {
  const rows = Array.from({ length: 6000 }, (_, i) => ({
    id: `c${i}`,
    guild_id: GUILD,
    class_id: `class${i % 5}`,
    number: String(Math.floor(i / 5) % 1000),
    holder_id: `member${i}`,
    status: i < 5000 ? ("claimed" as const) : ("released" as const),
    claimed_at: i,
    machine_json: "{}",
  }))
  for (let i = 0; i < rows.length; i += 500) await db.insertInto("claims").values(rows.slice(i, i + 500)).execute()
}

describe("the queries behind claim decisions, autocomplete, /number check and /number mine", () => {
  const tempDir = useTempDir()
  const closing = useOpenedDatabases()

  it("GIVEN 5,000 claims in a server THEN each one finds its rows through an index, never by reading the whole server's claims", async () => {
    const path = join(tempDir(), "plans.sqlite")
    const migrated = await openDatabase(path)
    await seed(migrated)
    await migrated.destroy()

    const captured: CompiledQuery[] = []
    const db = closing(new Kysely<DB>({ dialect: sqliteDialect(path), log: (event) => void (event.level === "query" && captured.push(event.query)) }))
    await readClaimsBearingOn(db, GUILD, bearingOn(["member7", "member8"], ["07"]))
    await readTakenBetween(db, GUILD, "class1", { from: 480, to: 520 })
    await readActiveClaimsOf(db, GUILD, "member7")
    await readClaimsStartingWith(db, GUILD, "4", { only: "member7" }, 25)
    await readClaimsStartingWith(db, GUILD, "4", { except: "member7" }, 25)
    await readNumberHistory(db, GUILD, "07")
    const queries = captured.splice(0)
    expect(queries).toHaveLength(6)

    for (const query of queries) {
      const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]))
      const onClaims = plan.rows.map((row) => row.detail).filter((detail) => / claims\b/.test(detail))
      expect(onClaims.length, query.sql).toBeGreaterThan(0)
      // An index searched on guild_id alone would still read the whole server.
      for (const detail of onClaims) expect(detail, query.sql).toMatch(/^SEARCH claims USING (COVERING )?INDEX \w+ \(guild_id=\? AND /)
    }
  })
})
