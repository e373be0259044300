import { join } from "node:path"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterEach, describe, expect, it } from "vitest"
import { Database } from "../../../../src/adapters/sqlite/database.js"
import { insertEvent } from "../../../../src/adapters/sqlite/repositories/events.js"
import { servesGuild } from "../../../../src/adapters/discord/member-roles.js"
import { FollowUpsUndelivered } from "../../../../src/app/follow-ups.js"
import { runEntryAction } from "../../../../src/app/race-night/entries.js"
import { MemberRoles, reconcileUpcoming } from "../../../../src/app/race-night/discord-reconcile.js"
import { register } from "../../../../src/machines/race-night/member-actions.js"
import { BEFORE_OPEN, DETAILS, registrationOf } from "../../../fixtures/participant/sample.js"
import { useTempDir } from "../../../support/sqlite-test-database.js"
import { TestDatabaseLive } from "../../../support/test-database.js"
import { fixedClock } from "../../../support/fixed-clock.js"

// Discord sends a server's events to shard (id >> 22) % shard count: these land on 0 and 1 of 2.
const ON_SHARD_0 = String(1_000_000_000n << 22n)
const ON_SHARD_1 = String(1_000_000_001n << 22n)

describe("which servers a process reconciles", () => {
  const tempDir = useTempDir()
  let runtime: ManagedRuntime.ManagedRuntime<any, any> | undefined
  afterEach(async () => {
    await runtime?.dispose()
    runtime = undefined
  })

  it("GIVEN SHARD_IDS=1 of 2 shards THEN the process serves the servers of shard 1 only; without SHARD_IDS, every server", () => {
    expect(servesGuild({ shards: [1], shardCount: 2 }, ON_SHARD_1)).toBe(true)
    expect(servesGuild({ shards: [1], shardCount: 2 }, ON_SHARD_0)).toBe(false)
    expect(servesGuild({ shards: [0, 1], shardCount: 2 }, ON_SHARD_0)).toBe(true)
    expect(servesGuild({}, ON_SHARD_0)).toBe(true)
  })

  it("GIVEN upcoming events in a server this process serves and one it does not THEN only the served one is asked of Discord and written to the outbox", async () => {
    const asked: string[] = []
    const memberRoles = Layer.succeed(MemberRoles, {
      serves: (guildId) => guildId === ON_SHARD_1,
      holding: (guildId, _roleId, memberIds) => Effect.sync(() => (asked.push(guildId), new Map(memberIds.map((id) => [id, false])))),
    })
    const layer = Layer.mergeAll(TestDatabaseLive(join(tempDir(), "reconcile.sqlite")), FollowUpsUndelivered, memberRoles)
    const rt = ManagedRuntime.make(layer)
    runtime = rt
    const at = <A, E>(effect: Effect.Effect<A, E, Layer.Layer.Success<typeof layer>>) => rt.runPromise(Effect.withClock(effect, fixedClock(BEFORE_OPEN)))
    for (const guildId of [ON_SHARD_0, ON_SHARD_1]) {
      await at(Effect.flatMap(Database, (d) => d.query("test", (k) => insertEvent(k, { id: `ev-${guildId}`, guildId, details: DETAILS, createdBy: "admin", at: BEFORE_OPEN }))))
      await at(runEntryAction(guildId, `ev-${guildId}`, "m1", (loaded, now) => register(loaded.list, { memberId: "m1", actorId: "m1", at: now, registration: registrationOf("Driver m1") })))
    }
    await at(Effect.flatMap(Database, (d) => d.query("test", (k) => k.deleteFrom("outbox").execute())))

    const reconciled = await at(reconcileUpcoming({ cardsOfEventsBefore: null }))
    expect(reconciled.map((r) => r.eventId)).toEqual([`ev-${ON_SHARD_1}`])
    expect(asked).toEqual([ON_SHARD_1])
    const written = await at(Effect.flatMap(Database, (d) => d.query("test", (k) => k.selectFrom("outbox").select(["guild_id", "kind"]).execute())))
    expect(written.length).toBeGreaterThan(0)
    expect(new Set(written.map((row) => row.guild_id))).toEqual(new Set([ON_SHARD_1]))
  })
})
