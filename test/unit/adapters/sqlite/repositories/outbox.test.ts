// Both engines (the PostgreSQL run includes test/unit/adapters/sqlite/**): the outbox's record
// updates and its take-over pass, by what they store.
import { join } from "node:path"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import type { Kysely } from "kysely"
import { afterEach, describe, expect, it } from "vitest"
import { openDatabase } from "../../../../../src/adapters/sqlite/database.js"
import { holdLiveness } from "../../../../../src/adapters/postgres/liveness.js"
import { enqueueFollowUps, markGivenUp, markRoleChanges, markSent, membersWithWaitingRoleChanges, resumeInterrupted, scheduleRetry, takeDueRows } from "../../../../../src/adapters/sqlite/repositories/outbox.js"
import type { DB } from "../../../../../src/adapters/sqlite/schema.js"
import type { FollowUp } from "../../../../../src/domain/follow-up-kinds.js"
import { useTempDir, useOpenedDatabases } from "../../../../support/sqlite-test-database.js"
import { testDatabase, TEST_ON_POSTGRES } from "../../../../support/test-database.js"

const announce = (n: number): FollowUp => ({ _tag: "Announce", guildId: "g", announcement: { _tag: "NumberClaimed", holderId: `m${n}`, number: String(n), classLabel: "Open" } })

describe("the outbox's record updates", () => {
  const tempDir = useTempDir()
  const closing = useOpenedDatabases()
  const scopes: Scope.CloseableScope[] = []
  afterEach(async () => {
    for (const scope of scopes.splice(0)) await Effect.runPromise(Scope.close(scope, Exit.void))
  })
  const open = async () => closing(await openDatabase(await testDatabase(join(tempDir(), "outbox.sqlite"))))
  /** A liveness key as the worker has it: a held lock on PostgreSQL, none on SQLite. */
  const takerKey = async (k: Kysely<DB>): Promise<number | null> => {
    if (!TEST_ON_POSTGRES) return null
    const scope = Effect.runSync(Scope.make())
    scopes.push(scope)
    return (await Effect.runPromise(holdLiveness(k).pipe(Scope.extend(scope)))).key
  }
  const stateOf = async (k: Kysely<DB>, id: number) => k.selectFrom("outbox").select(["state", "result", "attempts", "leased_by"]).where("id", "=", id).executeTakeFirstOrThrow()

  it("GIVEN a row put back to wait by a take-over while its first taker delivered it THEN that taker's sent, retry and give-up change nothing, and its new taker's do", async () => {
    const k = await open()
    const key = await takerKey(k)
    const [id, follower] = await enqueueFollowUps(k, [announce(1), announce(1)], 1)
    const first = await takeDueRows(k, 10, 5, 1000, key)
    expect(first.rows.map((row) => row.id)).toEqual([id])
    // The first taker looks gone (a restart on SQLite; a lost lock or lease on PostgreSQL).
    expect(await resumeInterrupted(k, 2000)).toBe(1)
    const afterReset = await stateOf(k, id!)
    expect(afterReset.state).toBe("pending")

    expect(await markSent(k, id!, [follower!], "late", 2100, key)).toBe(false)
    expect(await scheduleRetry(k, id!, 9999, "late failure", 2100, key)).toBe(false)
    expect(await markGivenUp(k, id!, "late refusal", null, 2100, key)).toBe(false)
    expect(await stateOf(k, id!)).toEqual(afterReset)
    expect((await stateOf(k, follower!)).state).toBe("pending")

    // The row's new taker (the same lock here) records what it learnt.
    const second = await takeDueRows(k, 2200, 5, 3000, key)
    expect(second.rows.map((row) => row.id)).toEqual([id])
    expect(await markSent(k, id!, [follower!], "ok", 2300, key)).toBe(true)
    expect(await stateOf(k, id!)).toMatchObject({ state: "sent", result: "ok" })
    expect(await stateOf(k, follower!)).toMatchObject({ state: "sent", result: "ok" })
  })

  it.runIf(TEST_ON_POSTGRES)("GIVEN a row another process took over and is delivering THEN the first process's outcome leaves it to that process", async () => {
    const k = await open()
    const a = await takerKey(k)
    const b = await takerKey(k)
    const [id] = await enqueueFollowUps(k, [announce(2)], 1)
    expect((await takeDueRows(k, 10, 5, 1000, a)).rows).toHaveLength(1)
    // A's lease runs out (as if A lost its lock); B takes the row over and is delivering it.
    expect(await resumeInterrupted(k, 1001, false)).toBe(1)
    expect((await takeDueRows(k, 1001, 5, 100_000, b)).rows).toHaveLength(1)
    const taken = await stateOf(k, id!)
    expect(taken).toMatchObject({ state: "delivering", leased_by: b })

    expect(await markSent(k, id!, [], "from A", 1100, a)).toBe(false)
    expect(await scheduleRetry(k, id!, 9999, "A failed", 1100, a)).toBe(false)
    expect(await markGivenUp(k, id!, "A gave up", null, 1100, a)).toBe(false)
    expect(await stateOf(k, id!)).toEqual(taken)
    expect(await scheduleRetry(k, id!, 5000, "B failed", 1200, b)).toBe(true)
    expect(await stateOf(k, id!)).toMatchObject({ state: "pending", attempts: 2 })
  })

  it("GIVEN role changes sent before the mark, waiting at it, or written after it THEN only the first are judged by what Discord said after the mark", async () => {
    const k = await open()
    const key = await takerKey(k)
    const role = (memberId: string): FollowUp => ({ _tag: "DriverRole", guildId: "g", eventId: "e", memberId, roleId: "r", give: true })
    const deliver = async (at: number) => {
      for (const row of (await takeDueRows(k, at, 10, at + 1000, key)).rows) expect(await markSent(k, row.id, [], null, at, key)).toBe(true)
    }
    const members = ["before", "waiting", "after", "after-waiting", "untouched"]
    await enqueueFollowUps(k, [role("before")], 1)
    await deliver(2)
    await enqueueFollowUps(k, [role("waiting")], 3)

    const mark = await markRoleChanges(k, "g", members)
    expect([...mark.waiting]).toEqual(["waiting"])
    // While Discord is asked: the waiting change goes out, another is written and goes out, one more waits.
    await enqueueFollowUps(k, [role("after")], 4)
    await deliver(5)
    await enqueueFollowUps(k, [role("after-waiting")], 6)

    expect([...(await membersWithWaitingRoleChanges(k, "g", members))].sort()).toEqual(["after-waiting"])
    expect([...(await membersWithWaitingRoleChanges(k, "g", members, mark))].sort()).toEqual(["after", "after-waiting", "waiting"])
  })

  it("GIVEN a row showing stored state and a newer identical row waiting THEN a retry and a take-over both finish it as superseded by that row, and a lone one waits again", async () => {
    const k = await open()
    const key = await takerKey(k)
    const grid: FollowUp = { _tag: "LiveGrid", guildId: "g", eventId: "e" }
    const [first] = await enqueueFollowUps(k, [grid], 1)
    expect((await takeDueRows(k, 10, 5, 1000, key)).rows.map((row) => row.id)).toEqual([first])
    const [newer] = await enqueueFollowUps(k, [grid], 20)
    expect(newer).not.toBe(first)
    expect(await scheduleRetry(k, first!, 9999, "Discord is down", 30, key)).toBe(true)
    expect(await stateOf(k, first!)).toMatchObject({ state: "sent", result: `superseded by #${newer}` })

    // The newer one, taken and cut off by a stop while a third waits: the take-over finishes it the same way.
    expect((await takeDueRows(k, 40, 5, 1000, key)).rows.map((row) => row.id)).toEqual([newer])
    const [third] = await enqueueFollowUps(k, [grid], 50)
    expect(await resumeInterrupted(k, 60)).toBe(1)
    expect(await stateOf(k, newer!)).toMatchObject({ state: "sent", result: `superseded by #${third}` })

    // Alone, the third goes back to wait when it fails.
    expect((await takeDueRows(k, 70, 5, 1000, key)).rows.map((row) => row.id)).toEqual([third])
    expect(await scheduleRetry(k, third!, 9999, "Discord is down", 80, key)).toBe(true)
    expect(await stateOf(k, third!)).toMatchObject({ state: "pending", result: null })
  })
})
