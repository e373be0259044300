import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { CompiledQuery, Kysely } from "kysely"
import { openDatabase } from "../../../../../src/adapters/sqlite/database.js"
import { sqliteDialect } from "../../../../../src/adapters/sqlite/dialect.js"
import { enqueueFollowUps, markRoleChanges, membersWithWaitingRoleChanges, nextDueAt, readBacklog, readFollowers, readRecentGiveUps, resumeInterrupted, takeDueRows } from "../../../../../src/adapters/sqlite/repositories/outbox.js"
import type { DB } from "../../../../../src/adapters/sqlite/schema.js"
import type { FollowUp } from "../../../../../src/domain/follow-up-kinds.js"
import { useTempDir, useOpenedDatabases } from "../../../../support/sqlite-test-database.js"

const announce = (n: number): FollowUp => ({ _tag: "Announce", guildId: "g", announcement: { _tag: "NumberClaimed", holderId: `m${n}`, number: String(n), classLabel: "Open" } })

describe("the queries of the follow-up worker", () => {
  const tempDir = useTempDir()
  const closing = useOpenedDatabases()

  it("GIVEN thousands of delivered rows and a waiting burst THEN the worker's reads use the unfinished or given-up indexes, never the whole history", async () => {
    const path = join(tempDir(), "outbox.sqlite")
    const migrated = await openDatabase(path)
    const now = Date.now()
    await enqueueFollowUps(migrated, Array.from({ length: 3000 }, (_, i) => announce(i)), now)
    await migrated.updateTable("outbox").set({ state: "sent", finished_at: now }).execute()
    await enqueueFollowUps(migrated, Array.from({ length: 300 }, (_, i) => announce(i)), now)
    await migrated.destroy()

    const captured: CompiledQuery[] = []
    const db = closing(new Kysely<DB>({ dialect: sqliteDialect(path), log: (event) => void (event.level === "query" && captured.push(event.query)) }))
    const taken = await db.transaction().execute((trx) => takeDueRows(trx, now, 8))
    expect(taken.rows).toHaveLength(1)
    await readFollowers(db, taken.rows[0]!, ["Announce"], now, 40)
    await nextDueAt(db)
    await readBacklog(db, now - 1000, "g")
    await readRecentGiveUps(db, "g", 5)
    // The take-over pass and the start-up one: updates, looked at as the reads are.
    await resumeInterrupted(db, now, false)
    await resumeInterrupted(db, now, true)
    // The reconciliation's: before asking Discord, then in its transaction.
    const members = Array.from({ length: 40 }, (_, i) => `m${i}`)
    await membersWithWaitingRoleChanges(db, "g", members, await markRoleChanges(db, "g", members))
    const reads = captured.filter((query) => /^\s*(select|update)/i.test(query.sql))
    expect(reads.length).toBeGreaterThanOrEqual(14)
    for (const query of reads) {
      const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]))
      const onOutbox = plan.rows.map((row) => row.detail).filter((detail) => /\boutbox\b/.test(detail) && !/SUBQUERY|CO-ROUTINE/.test(detail))
      // A bare "SEARCH outbox" is max(id): one seek to the primary key's end.
      for (const detail of onOutbox) expect(detail, query.sql).toMatch(/USING (COVERING )?INDEX outbox_(unfinished_by_target|unfinished_by_due|given_up)|USING INTEGER PRIMARY KEY|^SEARCH outbox$/)
    }
  })
})
