import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Database } from "../../src/adapters/sqlite/database.js"
import { isEphemeral, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"

const CONTENDERS = 50

describe("/number claim under contention, end to end", () => {
  let t: TestBot
  beforeAll(async () => {
    t = await startTestBot()
  })
  afterAll(async () => {
    await t?.stop()
  })

  it("GIVEN 50 members WHEN they all claim #7 at the same moment THEN exactly one wins, 49 are told it is taken with nearby free numbers, and one claim is stored", async () => {
    const members = Array.from({ length: CONTENDERS }, (_, i) => t.member(`racer${i}`))
    // All dispatched before any reply is awaited, so the bot handles them concurrently.
    const handles = members.map((user) => t.fake.slash({ user, command: "number", subcommand: "claim", options: { number: "7" } }))
    const replies = await Promise.all(handles.map((handle) => replyOf(handle, 10_000)))

    expect(replies.every(isEphemeral)).toBe(true)
    const texts = replies.map(textOf)
    const winners = texts.filter((text) => text.startsWith("You claimed **#7**"))
    const losers = texts.filter((text) => text.includes("#7 is already taken") && text.includes("Free numbers nearby: 6, 8, 5, 9, 4."))
    expect(winners).toHaveLength(1)
    expect(losers).toHaveLength(CONTENDERS - 1)

    const stored = await t.bot.runtime.runPromise(
      Effect.flatMap(Database, (database) =>
        database.query("test.claims-on-7", (db) =>
          db.selectFrom("claims").select(["holder_id", "status"]).where("guild_id", "=", t.fake.guildId).where("number", "=", "7").execute(),
        ),
      ),
    )
    expect(stored.filter((row) => row.status === "claimed" || row.status === "confirmed")).toHaveLength(1)
    const winner = members[texts.findIndex((text) => text.startsWith("You claimed"))]!
    expect(stored[0]!.holder_id).toBe(winner.id)

    const refused = t.fake.calls.filter((call) => call.status >= 400)
    expect(refused.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([])
  })
})
