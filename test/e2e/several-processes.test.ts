// PostgreSQL run only (skipped on the SQLite run: a SQLite file serves one process, see sole-use.ts).
//
// Two real bot processes on one PostgreSQL database and one fake Discord with two shards and two
// servers: A runs shard 0, B runs shards 0 and 1. Both holding shard 0 is a rolling restart's
// overlap (the new process is up before the old one goes), and the fake spreads shard 0's
// interactions over both, so one server's members really are served by two processes at once.
import { fork, type ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect, Layer, ManagedRuntime } from "effect"
import type { Kysely } from "kysely"
import { afterAll, describe, expect, it } from "vitest"
import { Database, DatabaseLive } from "../../src/adapters/sqlite/database.js"
import { insertEvent } from "../../src/adapters/sqlite/repositories/events.js"
import { saveRaceSettings } from "../../src/adapters/sqlite/repositories/participants.js"
import type { DB } from "../../src/adapters/sqlite/schema.js"
import { FollowUpsUndelivered } from "../../src/app/follow-ups.js"
import { newId } from "../../src/app/ids.js"
import { runEntryAction } from "../../src/app/race-night/entries.js"
import type { EventDetails } from "../../src/domain/events/draft.js"
import { DEFAULT_RACE_NIGHT_SETTINGS } from "../../src/domain/race-night/race-settings.js"
import { register } from "../../src/machines/race-night/member-actions.js"
import { registrationOf } from "../fixtures/participant/sample.js"
import type { ShardBotSpec } from "../support/shard-bot.js"
import { testDatabase, TEST_ON_POSTGRES } from "../support/test-database.js"
import { startFakeDiscord, type FakeDiscord, type InteractionHandle } from "./fake-discord/index.js"
import { replyOf, textOf } from "./harness.js"

// Discord sends a guild's events to shard (guild_id >> 22) % shard count: these land on 0 and 1.
const LEAGUE_A = String(1_000_000_000n << 22n)
const LEAGUE_B = String(1_000_000_001n << 22n)
const MINUTE = 60_000
// Far longer than the test: A's rows must be taken over because A died (its liveness lock went), not because time passed.
const LEASE_MS = 120_000

interface Bot {
  readonly name: string
  readonly child: ChildProcess
  readonly output: () => string
  readonly exited: Promise<unknown>
}

/** Forks a bot (into `bots` at once, so it is killed after the test even if it never gets ready). */
const startBot = (spec: ShardBotSpec, bots: Bot[]): Promise<Bot> => {
  const child = fork(fileURLToPath(new URL("../support/shard-bot.ts", import.meta.url)), [JSON.stringify(spec)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  })
  let output = ""
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise((resolve) => child.once("exit", resolve))
  const bot: Bot = { name: spec.name, child, output: () => output, exited }
  bots.push(bot)
  return new Promise((resolve, reject) => {
    const notReady = setTimeout(() => reject(new Error(`bot ${spec.name} not ready after 60 s:\n${output}`)), 60_000)
    child.once("message", () => (clearTimeout(notReady), resolve(bot)))
    child.once("exit", (code) => (clearTimeout(notReady), reject(new Error(`bot ${spec.name} exited (${code}) before it was ready:\n${output}`))))
  })
}

const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
  const giveUpAt = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`still waiting after ${timeoutMs} ms for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** What the member was told, or undefined if nobody answered (the process it went to died). */
const answerOf = (handle: InteractionHandle, timeoutMs: number): Promise<string | undefined> => replyOf(handle, timeoutMs).then(textOf, () => undefined)

describe.runIf(TEST_ON_POSTGRES)("several bot processes, each with its shards, on one PostgreSQL database", () => {
  let folder: string | undefined
  const bots: Bot[] = []
  let fake: FakeDiscord | undefined
  let runtime: ManagedRuntime.ManagedRuntime<Database | Layer.Layer.Success<typeof FollowUpsUndelivered>, unknown> | undefined
  afterAll(async () => {
    for (const bot of bots) bot.child.kill("SIGKILL")
    await Promise.all(bots.map((bot) => bot.exited))
    await runtime?.dispose()
    await fake?.close()
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true })
  })

  it(
    "GIVEN two processes sharing shard 0's server WHEN 200 members race for #7, reminders and the check-in closing fall due, and one process is killed mid-burst THEN one member wins, every other is told, each trigger fires once, and nothing acknowledged is lost",
    { timeout: 180_000 },
    async () => {
      fake = await startFakeDiscord({
        guilds: [
          { id: LEAGUE_A, name: "League A", roles: [{ name: "Drivers" }], channels: [{ name: "general" }, { name: "events" }, { name: "roster" }] },
          { id: LEAGUE_B, name: "League B" },
        ],
        shards: 2,
        spreadInteractions: true,
        // Correctness, not speed, is under test here (npm run bench measures it): on a busy 2-core
        // machine two bots, PostgreSQL and the fake share the cores, and Discord's 3 s would make
        // some members' answers "unknown interaction" for reasons that are not this test's.
        responseDeadlineMs: 15_000,
      })
      folder = mkdtempSync(join(tmpdir(), "pitboard-processes-"))
      const databaseUrl = await testDatabase(join(folder, "shared.sqlite"))
      runtime = ManagedRuntime.make(Layer.mergeAll(DatabaseLive(databaseUrl), FollowUpsUndelivered))
      const query = <A>(f: (db: Kysely<DB>) => Promise<A>) => runtime!.runPromise(Effect.flatMap(Database, (db) => db.query("test", f)).pipe(Effect.orDie))
      // The schema exists before the bots start, so their start-ups race for nothing but what is under test.
      await query(async () => undefined)

      const spec = (name: string, shardIds: number[]): ShardBotSpec => ({ name, fake: { token: fake!.token, applicationId: fake!.applicationId, restApi: fake!.restApi }, databaseUrl, shardCount: 2, shardIds, leaseMs: LEASE_MS })
      // Started together: both try to register the commands at once.
      const [a] = await Promise.all([startBot(spec("A", [0]), bots), startBot(spec("B", [0, 1]), bots)])
      await until("both processes' three gateway sessions", () => fake!.openSessions().length === 3)
      expect(fake.commandPuts.global).toBe(1)

      // Each server is answered, League B through B's shard 1.
      const inB = fake.addMember(LEAGUE_B, { username: "bruno" })
      expect(await answerOf(fake.slash({ user: inB, guildId: LEAGUE_B, command: "help" }), 10_000)).toContain("/number")

      // 1. The race: 200 members of League A claim #7 at the same moment, through both processes.
      const racers = Array.from({ length: 200 }, (_, i) => fake!.addMember(LEAGUE_A, { username: `racer${i}` }))
      const race = racers.map((user) => fake!.slash({ user, guildId: LEAGUE_A, command: "number", subcommand: "claim", options: { number: "7" } }))
      const sessionsUsed = new Set(race.map((handle) => handle.sessionId))
      expect(sessionsUsed.size).toBe(2)
      const raceAnswers = await Promise.all(race.map((handle) => answerOf(handle, 20_000)))
      const winners = raceAnswers.filter((text) => text?.startsWith("You claimed **#7**"))
      const told = raceAnswers.filter((text) => text?.includes("#7 is already taken"))
      const kinds = new Map<string, number>()
      for (const text of raceAnswers) kinds.set(String(text).slice(0, 90), (kinds.get(String(text).slice(0, 90)) ?? 0) + 1)
      expect({ winners: winners.length, told: told.length, kinds: [...kinds] }).toMatchObject({ winners: 1, told: 199 })
      const holders = await query((db) => db.selectFrom("claims").select("holder_id").where("guild_id", "=", LEAGUE_A).where("number", "=", "7").where("status", "in", ["claimed", "confirmed"]).execute())
      expect(holders).toEqual([{ holder_id: racers[raceAnswers.findIndex((text) => text?.startsWith("You claimed"))]!.id }])

      // 2. Race night: an event whose 15-minutes-left reminder is due in a moment, with three
      // registered drivers (none checked in). Both processes' schedulers check every 250 ms.
      const drivers = racers.slice(0, 3)
      const registerDrivers = async (event: string) => {
        for (const driver of drivers) {
          await runtime!.runPromise(
            runEntryAction(LEAGUE_A, event, driver.id, (loaded, now) => register(loaded.list, { memberId: driver.id, actorId: driver.id, at: now, registration: registrationOf(driver.username) })),
          )
        }
      }
      const reminded = await seedEvent(query, fake, "Reminder night", Date.now() + 45 * MINUTE + 3000)
      await registerDrivers(reminded)
      const remindersOf = (title: string) => fake!.channelMessages(fake!.channel("roster", LEAGUE_A)).filter((m) => String(m.content ?? "").includes("15 minutes left") && String(m.content).includes(title))
      await until("the reminder", () => remindersOf("Reminder night").length > 0)

      // 3. A burst of claims, each member a number of their own; process A is killed with SIGKILL
      // once some members have been told they hold theirs.
      const burst = racers.slice(10, 110).map((user, i) => ({ user, number: String(100 + i), handle: fake!.slash({ user, guildId: LEAGUE_A, command: "number", subcommand: "claim", options: { number: String(100 + i) } }) }))
      let toldSoFar = 0
      const burstAnswered = Promise.all(burst.map((c) => answerOf(c.handle, 30_000).then((text) => (text?.startsWith("You claimed") && toldSoFar++, text))))
      await until("the first members told they hold their number", () => toldSoFar >= 10, 20_000)
      a!.child.kill("SIGKILL")
      await a!.exited
      const killedAt = Date.now()
      const burstAnswers = await burstAnswered
      // After the kill, League A's members are answered by B alone.
      const afterKill = fake.slash({ user: racers[150]!, guildId: LEAGUE_A, command: "number", subcommand: "claim", options: { number: "250" } })
      expect(await answerOf(afterKill, 10_000)).toMatch(/^You claimed \*\*#250\*\*/)

      // Nothing acknowledged is lost: every member told "You claimed" holds that number.
      const acknowledged = burst.filter((c, i) => burstAnswers[i]?.startsWith(`You claimed **#${c.number}**`))
      expect(acknowledged.length).toBeGreaterThanOrEqual(10)
      const stored = await query((db) => db.selectFrom("claims").select(["holder_id", "number"]).where("guild_id", "=", LEAGUE_A).where("status", "in", ["claimed", "confirmed"]).execute())
      const held = new Set(stored.map((row) => `${row.holder_id}:${row.number}`))
      for (const claim of acknowledged) expect(held.has(`${claim.user.id}:${claim.number}`)).toBe(true)

      // A's scheduled work is B's now: an event seeded after A died has its check-in closed, once.
      const closing = await seedEvent(query, fake, "Closing night", Date.now() + 30 * MINUTE + 5000)
      await registerDrivers(closing)
      await until("the check-in closing", async () => (await closings(query, closing)) > 0, 30_000)
      const closedAt = await query((db) => db.selectFrom("audit_log").select("at").where("action", "=", "event.checkin.close").where("subject", "=", closing).executeTakeFirstOrThrow())
      expect(closedAt.at).toBeGreaterThan(killedAt)
      // …and A's half-delivered follow-ups are taken over at once (A's liveness lock went with it).
      await until("every follow-up delivered", async () => (await query((db) => db.selectFrom("outbox").select("id").where("state", "in", ["pending", "delivering"]).execute())).length === 0, 30_000)

      // B's later checks fire nothing twice: a third event's closing, due after the second's, shows
      // that B's scheduler has checked again since.
      const later = await seedEvent(query, fake, "Later night", Date.now() + 30 * MINUTE + 1000)
      await registerDrivers(later)
      await until("a later check-in closing", async () => (await closings(query, later)) > 0, 30_000)
      expect(await closings(query, closing)).toBe(1)
      expect(remindersOf("Reminder night")).toHaveLength(1)
      const firedTwice = await query((db) => db.selectFrom("fired_triggers").select(["event_id", "kind"]).select((eb) => eb.fn.countAll<number>().as("n")).groupBy(["event_id", "kind"]).having((eb) => eb.fn.countAll(), ">", 1).execute())
      expect(firedTwice).toEqual([])
      const givenUp = await query((db) => db.selectFrom("outbox").select(["kind", "result"]).where("state", "=", "given-up").execute())
      expect(givenUp).toEqual([])
      expect(fake.commandPuts.global).toBe(1)
    },
  )
})

const closings = async (query: <A>(f: (db: Kysely<DB>) => Promise<A>) => Promise<A>, eventId: string): Promise<number> =>
  (await query((db) => db.selectFrom("audit_log").select("id").where("action", "=", "event.checkin.close").where("subject", "=", eventId).execute())).length

/** A published event of League A starting at `startsAt`, stored as the publish code would (race-night-helpers.ts does the same). */
const seedEvent = async (query: <A>(f: (db: Kysely<DB>) => Promise<A>) => Promise<A>, fake: FakeDiscord, title: string, startsAt: number): Promise<string> => {
  const id = newId()
  const details: EventDetails = {
    details: { title, description: "" },
    timezone: "UTC",
    schedule: { local: new Date(startsAt).toISOString().slice(0, 16).replace("T", " "), timezone: "UTC", startsAt, durationMinutes: 120 },
    vehicles: ["Dallara P217"],
    track: { id: "monza", name: "Monza", pitSlots: 40, broadcastSlots: 0 },
    capacity: { maxDrivers: 10, broadcastSlots: 0 },
    teams: "off",
    rolesAndChannels: { driverRoleId: fake.role("Drivers", LEAGUE_A), stewardRoleId: null, publishChannelId: fake.channel("events", LEAGUE_A), rosterChannelId: fake.channel("roster", LEAGUE_A) },
    rules: { specialRules: "", regulationUrl: null, liveriesUrl: null, checkInClosesMinutes: 30, briefing: false },
    championship: null,
  }
  await query(async (db) => {
    await insertEvent(db, { id, guildId: LEAGUE_A, details, createdBy: fake.owner.id, at: Date.now(), publication: "complete" })
    await saveRaceSettings(db, LEAGUE_A, id, DEFAULT_RACE_NIGHT_SETTINGS)
  })
  return id
}

