import { join } from "node:path"
import type { Client } from "discord.js"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { describe, expect, it } from "vitest"
import { deliverAnnouncement } from "../../../../../src/adapters/discord/follow-ups/announcement-follow-ups.js"
import { makeFollowUpWorker } from "../../../../../src/adapters/discord/follow-ups/follow-up-worker.js"
import { makeDatabase, openDatabase } from "../../../../../src/adapters/sqlite/database.js"
import { enqueueFollowUps } from "../../../../../src/adapters/sqlite/repositories/outbox.js"
import type { FollowUp } from "../../../../../src/domain/follow-up-kinds.js"
import { NO_METRICS } from "../../../../../src/shared/metrics.js"
import { useOpenedDatabases, useTempDir } from "../../../../support/sqlite-test-database.js"

const GUILD = "900000000000000001"
const claimed = (i: number): FollowUp => ({ _tag: "Announce", guildId: GUILD, announcement: { _tag: "NumberClaimed", holderId: `80000000000000${1000 + i}`, number: String(i), classLabel: "Open (0–999)" } })

describe("announcements with no announcement channel set", () => {
  const tempDir = useTempDir()
  const closing = useOpenedDatabases()

  it("GIVEN 100 claims' announcements waiting and no channel to post them in THEN the worker finishes them a batch at a time, as a posted message would carry them, not one delivery each", async () => {
    const kysely = closing(await openDatabase(join(tempDir(), "announcements.sqlite")))
    const operations: string[] = []
    const database = makeDatabase(kysely, { ...NO_METRICS, transaction: (operation) => void operations.push(operation) })
    await kysely.transaction().execute((trx) => enqueueFollowUps(trx, Array.from({ length: 100 }, (_, i) => claimed(i)), Date.now()))
    // No client: with no channel set, nothing is posted, so nothing may touch Discord.
    const noDiscord = undefined as unknown as Client
    const deliver = (row: Parameters<typeof deliverAnnouncement>[2]) =>
      row.followUp._tag === "Announce" ? deliverAnnouncement(noDiscord, database, row, row.followUp.announcement, Date.now()) : Effect.dieMessage(`unexpected ${row.followUp._tag}`)
    const scope = Effect.runSync(Scope.make())
    try {
      const worker = await Effect.runPromise(makeFollowUpWorker(database, deliver, { shutdownGrace: 0 }).pipe(Scope.extend(scope)))
      await Effect.runPromise(worker.wake)
      const unfinished = async () => (await kysely.selectFrom("outbox").select("id").where("state", "in", ["pending", "delivering"]).execute()).length
      await expect.poll(unfinished, { timeout: 10_000 }).toBe(0)
    } finally {
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
    const results = await kysely.selectFrom("outbox").select(["state", "result"]).execute()
    expect(results).toHaveLength(100)
    expect(new Set(results.map((row) => `${row.state}: ${row.result}`))).toEqual(new Set(["sent: no announcement channel is set"]))
    // A delivery and up to 40 lines behind it, each time: 3 rounds for 100, where it took 100.
    expect(operations.filter((operation) => operation === "outbox.sent")).toHaveLength(3)
  })
})
