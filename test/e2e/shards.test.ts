import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Option from "effect/Option"
import { afterAll, describe, expect, it } from "vitest"
import { SHARDING_REQUIRED } from "../../src/adapters/discord/connect.js"
import { startPitboard, type RunningPitboard } from "../../src/app/pitboard.js"
import { startFakeDiscord, type FakeDiscord } from "./fake-discord/index.js"
import { configFor, replyOf, textOf } from "./harness.js"

// Discord sends a guild's events to shard (guild_id >> 22) % shard count: these land on 0 and 1.
const ON_SHARD_0 = String(1_000_000_000n << 22n)
const ON_SHARD_1 = String(1_000_000_001n << 22n)

const folder = mkdtempSync(join(tmpdir(), "pitboard-shards-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

const twoLeagues = () => startFakeDiscord({ guilds: [{ id: ON_SHARD_0, name: "League A" }, { id: ON_SHARD_1, name: "League B" }], shards: 2 })

describe("shards: SHARD_COUNT runs several gateway connections in one process", () => {
  let fake: FakeDiscord | undefined
  let bot: RunningPitboard | undefined
  afterAll(async () => {
    await bot?.stop()
    await fake?.close()
  })

  it("GIVEN Discord recommends 2 shards and SHARD_COUNT=auto THEN both shards connect, each league's members are answered through their own shard, and the commands are registered once", async () => {
    fake = await twoLeagues()
    const base = configFor(fake, join(folder, "auto.sqlite"))
    bot = await startPitboard({ ...base, devGuildId: Option.none(), shards: Option.some("auto") }, { autoSync: false })
    await fake.ready(2)
    const shardsSeen = fake.gatewayEvents.filter((event) => event.dir === "out" && event.t === "READY").length
    expect(shardsSeen).toBe(2)

    const members = [fake.addMember(ON_SHARD_0, { username: "alice" }), fake.addMember(ON_SHARD_1, { username: "bruno" })]
    const replies = await Promise.all([
      replyOf(fake.slash({ user: members[0]!, guildId: ON_SHARD_0, command: "help" })),
      replyOf(fake.slash({ user: members[1]!, guildId: ON_SHARD_1, command: "help" })),
    ])
    expect(replies.map(textOf).every((text) => text.includes("/number"))).toBe(true)
    expect(fake.commandPuts.global).toBe(1)
  })

  it("GIVEN Discord requires 2 shards and SHARD_COUNT unset THEN start-up stops with the fix, not a stack trace", async () => {
    const strict = await twoLeagues()
    try {
      const failure = await startPitboard(configFor(strict, join(folder, "unsharded.sqlite")), { autoSync: false }).then(
        async (started) => {
          await started.stop()
          return "started"
        },
        (error: unknown) => String((error as Error).message ?? error),
      )
      expect(failure).toContain(SHARDING_REQUIRED)
    } finally {
      await strict.close()
    }
  })
})
