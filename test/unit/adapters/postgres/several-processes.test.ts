// PostgreSQL run only (skipped on the SQLite run, which serves one process by design: sole-use.ts).
//
// Two "processes" in one test: two runtimes, each with its own Database layer and so its own pg
// pool, on one PostgreSQL database. Nothing in one runtime's memory (the in-process queues) helps
// the other: only what the database decides keeps them apart, as with two machines.
import { join } from "node:path"
import { Effect, Either, Exit, Layer, ManagedRuntime, Scope } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { Database, DatabaseLive, inGuild, rowByRow } from "../../../../src/adapters/sqlite/database.js"
import { insertEvent } from "../../../../src/adapters/sqlite/repositories/events.js"
import { enqueueFollowUps, resumeInterrupted, takeDueRows } from "../../../../src/adapters/sqlite/repositories/outbox.js"
import { sql } from "kysely"
import { holdLiveness, keepLiveness } from "../../../../src/adapters/postgres/liveness.js"
import { makeFollowUpWorker } from "../../../../src/adapters/discord/follow-ups/follow-up-worker.js"
import { sent } from "../../../../src/adapters/discord/follow-ups/follow-up-outcome.js"
import { takeLease } from "../../../../src/adapters/sqlite/repositories/work-leases.js"
import { FollowUpsUndelivered } from "../../../../src/app/follow-ups.js"
import type { FollowUp } from "../../../../src/domain/follow-up-kinds.js"
import { claimNumber } from "../../../../src/app/numbers/claim-use-cases.js"
import { readEntryList, runEntryAction } from "../../../../src/app/race-night/entries.js"
import { runDueTriggers } from "../../../../src/app/race-night/scheduler.js"
import { gridOf, waitlistOf } from "../../../../src/machines/race-night/entry-list.js"
import { checkIn, register } from "../../../../src/machines/race-night/member-actions.js"
import { AFTER_CLOSE, BEFORE_OPEN, CHECK_IN_OPEN, DETAILS, registrationOf } from "../../../fixtures/participant/sample.js"
import { useTempDir } from "../../../support/sqlite-test-database.js"
import { testDatabase, TEST_ON_POSTGRES } from "../../../support/test-database.js"
import { fixedClock } from "../../../support/fixed-clock.js"

const GUILD = "900000000000000001"
const EVENT_ID = "ev1"
const memberId = (i: number) => String(810000000000000000n + BigInt(i))

const processOn = (url: string) => {
  const runtime = ManagedRuntime.make(Layer.mergeAll(DatabaseLive(url), FollowUpsUndelivered))
  const run = <A, E>(effect: Effect.Effect<A, E, Database | Layer.Layer.Success<typeof FollowUpsUndelivered>>, at?: number) =>
    runtime.runPromise(at === undefined ? effect : Effect.withClock(effect, fixedClock(at)))
  const db = <A>(f: Parameters<typeof Database.Service.query<A>>[1]) => run(Effect.flatMap(Database, (d) => d.query("test", f)))
  return { runtime, run, db }
}
type Process = ReturnType<typeof processOn>

describe.runIf(TEST_ON_POSTGRES)("several processes on one PostgreSQL database", () => {
  const tempDir = useTempDir()
  let a: Process
  let b: Process
  beforeEach(async () => {
    const url = await testDatabase(join(tempDir(), "shared.sqlite"))
    a = processOn(url)
    b = processOn(url)
    await Promise.all([a.run(Effect.void), b.run(Effect.void)])
  })
  afterEach(async () => {
    await Promise.all([a.runtime.dispose(), b.runtime.dispose()])
  })

  /** Reads a counter, waits a moment (other transactions may run), writes it plus one. */
  const increment = Effect.flatMap(Database, (database) =>
    database.transaction("test.increment", async (trx) => {
      const { settings_json } = await trx.selectFrom("guild_settings").select("settings_json").where("guild_id", "=", GUILD).executeTakeFirstOrThrow()
      await new Promise((resolve) => setTimeout(resolve, 5))
      await trx.updateTable("guild_settings").set({ settings_json: String(Number(settings_json) + 1) }).where("guild_id", "=", GUILD).execute()
    }),
  )
  const counter = async () => Number((await a.db((k) => k.selectFrom("guild_settings").select("settings_json").where("guild_id", "=", GUILD).executeTakeFirstOrThrow())).settings_json)

  it("GIVEN read-then-write transactions of one server from two processes at once THEN none is lost (the server's lock); the same without the lock loses some, so the check can fail", async () => {
    await a.db((k) => k.insertInto("guild_settings").values({ guild_id: GUILD, settings_json: "0", updated_at: 1 }).execute())
    const burst = (scope: <X, E, R>(e: Effect.Effect<X, E, R>) => Effect.Effect<X, E, R>) =>
      Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).run(scope(increment))))

    await burst(inGuild(GUILD))
    expect(await counter()).toBe(30)

    await burst(rowByRow)
    expect(await counter()).toBeLessThan(60)
  })

  it("GIVEN 60 members claiming the same number through two processes at once THEN exactly one holds it and every other is refused with a reason", async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 === 0 ? a : b).run(
          claimNumber({ guildId: GUILD, actor: { userId: memberId(i), roleIds: [], managesServer: false }, number: "7" }).pipe(inGuild(GUILD), Effect.either),
        ),
      ),
    )
    const won = results.filter(Either.isRight)
    const refused = results.filter(Either.isLeft)
    expect(won).toHaveLength(1)
    expect(refused).toHaveLength(59)
    for (const refusal of refused) expect(refusal.left._tag).toBe("Refusal")
    const held = await a.db((k) => k.selectFrom("claims").select(["holder_id"]).where("guild_id", "=", GUILD).where("number", "=", "7").where("status", "in", ["claimed", "confirmed"]).execute())
    expect(held).toEqual([{ holder_id: won[0]!.right.claim.holderId }])
  })

  it("GIVEN 30 members registering for a 3-driver grid through two processes at once THEN the grid holds exactly 3 and the other 27 wait, each once", async () => {
    await a.db((k) => insertEvent(k, { id: EVENT_ID, guildId: GUILD, details: DETAILS, createdBy: "admin", at: BEFORE_OPEN }))
    const members = Array.from({ length: 30 }, (_, i) => `m${i}`)
    await Promise.all(
      members.map((m, i) =>
        (i % 2 === 0 ? a : b).run(
          runEntryAction(GUILD, EVENT_ID, m, (loaded, now) => register(loaded.list, { memberId: m, actorId: m, at: now, registration: registrationOf(`Driver ${m}`) })).pipe(inGuild(GUILD)),
          BEFORE_OPEN,
        ),
      ),
    )
    const { list } = await a.run(readEntryList(GUILD, EVENT_ID))
    expect(gridOf(list)).toHaveLength(3)
    expect(waitlistOf(list)).toHaveLength(27)
    expect(new Set([...gridOf(list), ...waitlistOf(list)].map((e) => e.memberId)).size).toBe(30)
  })

  it("GIVEN both processes' schedulers checking at once, again and again THEN each trigger fires once and the closing's notices are written once", async () => {
    await a.db((k) => insertEvent(k, { id: EVENT_ID, guildId: GUILD, details: DETAILS, createdBy: "admin", at: BEFORE_OPEN }))
    for (const m of ["m0", "m1", "m2", "m3", "m4"]) {
      await a.run(runEntryAction(GUILD, EVENT_ID, m, (loaded, now) => register(loaded.list, { memberId: m, actorId: m, at: now, registration: registrationOf(`Driver ${m}`) })), BEFORE_OPEN)
    }
    await a.run(runEntryAction(GUILD, EVENT_ID, "m0", (loaded, now) => checkIn(loaded.list, { memberId: "m0", at: now })), CHECK_IN_OPEN)
    await a.db((k) => k.deleteFrom("outbox").execute())

    const checks = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a : b).run(runDueTriggers, AFTER_CLOSE)))
    const fired = checks.flat().map((f) => f.kind)
    expect(fired.length).toBeGreaterThan(0)
    expect(new Set(fired).size).toBe(fired.length)
    expect(fired).toContain("checkin-close")
    const recorded = await a.db((k) => k.selectFrom("fired_triggers").select("kind").where("event_id", "=", EVENT_ID).execute())
    expect(recorded.map((r) => r.kind).sort()).toEqual([...fired].sort())
    const audits = await a.db((k) => k.selectFrom("audit_log").select("id").where("action", "=", "event.checkin.close").execute())
    expect(audits).toHaveLength(1)
  })

  it("GIVEN due follow-ups and both processes' workers taking at once THEN each row is taken by exactly one of them", async () => {
    const followUps: FollowUp[] = Array.from({ length: 80 }, (_, i) => ({ _tag: "DriverRole", guildId: GUILD, eventId: EVENT_ID, memberId: memberId(i), roleId: "700000000000000001", give: true }))
    await a.db((k) => enqueueFollowUps(k, followUps, 1))
    const takeAll = (p: Process) =>
      Effect.gen(function* () {
        const database = yield* Database
        const ids: number[] = []
        for (;;) {
          // A few rows at a time, holding them a moment as a slow take would: the two interleave.
          const taken = yield* rowByRow(
            database.transaction("test.take", async (trx) => {
              const rows = await takeDueRows(trx, 10, 3, 1000)
              await new Promise((resolve) => setTimeout(resolve, 3))
              return rows
            }),
          )
          // A take can come back empty when the other process won every row it saw: look again
          // until nothing waits.
          const waiting = yield* database.query("test.waiting", (k) => k.selectFrom("outbox").select("id").where("state", "=", "pending").limit(1).execute())
          if (taken.rows.length === 0 && waiting.length === 0) return ids
          ids.push(...taken.rows.map((row) => row.id), ...taken.unreadable.map((row) => row.id))
        }
      }).pipe((effect) => p.run(effect))
    const [a1, b1, a2, b2] = await Promise.all([takeAll(a), takeAll(b), takeAll(a), takeAll(b)])
    const byA = [...a1!, ...a2!]
    const byB = [...b1!, ...b2!]
    const all = [...byA, ...byB]
    expect(all).toHaveLength(80)
    expect(new Set(all).size).toBe(80)
    expect(byA.length).toBeGreaterThan(0)
    expect(byB.length).toBeGreaterThan(0)
  })

  it("GIVEN rows a live process took THEN the other leaves them until their lease runs out; GIVEN their taker died THEN the other takes them over at once", async () => {
    const announce = (number: string): FollowUp => ({ _tag: "Announce", guildId: GUILD, announcement: { _tag: "NumberClaimed", holderId: memberId(1), number, classLabel: "Open" } })
    // A's liveness lock lives in a scope: closing it is A's connection going with A.
    const scope = Effect.runSync(Scope.make())
    try {
      const liveness = await a.run(Effect.flatMap(Database, (database) => holdLiveness(database.kysely)).pipe(Scope.extend(scope)))
      await a.db((k) => enqueueFollowUps(k, [announce("7")], 1))
      const taken = await a.db((k) => takeDueRows(k, 10, 5, 1000, liveness.key))
      expect(taken.rows).toHaveLength(1)
      // A is alive and within its lease: B leaves the row alone.
      expect(await b.db((k) => resumeInterrupted(k, 500, false))).toBe(0)
      expect((await b.db((k) => takeDueRows(k, 500, 5, 2000))).rows).toHaveLength(0)
      // Past the lease, even a live taker's row is taken over (it is far past its attempt's timeout).
      expect(await b.db((k) => resumeInterrupted(k, 1001, false))).toBe(1)
      const again = await b.db((k) => takeDueRows(k, 1001, 5, 100_000, liveness.key))
      expect(again.rows.map((row) => row.id)).toEqual(taken.rows.map((row) => row.id))

      // A dies (its lock goes): long before the lease ends, B takes the row over.
      await Effect.runPromise(Scope.close(scope, Exit.void))
      expect(await b.db((k) => resumeInterrupted(k, 2000, false))).toBe(1)
      expect((await b.db((k) => takeDueRows(k, 2000, 5, 100_000))).rows.map((row) => row.id)).toEqual(taken.rows.map((row) => row.id))
    } finally {
      // Closing twice is nothing: the test closes it itself, midway.
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
  })

  /** Ends the connection holding liveness lock `key`, as a server restart or an admin would. */
  const endLockConnection = (key: number) =>
    a.db((k) =>
      sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and objsubid = 2 and objid::bigint = ${key} and database = (select oid from pg_database where datname = current_database())`.execute(k),
    )
  const lockIsHeld = async (key: number) =>
    (await a.db((k) => sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and objsubid = 2 and objid::bigint = ${key}`.execute(k))).rows[0]!.n > 0
  const eventually = async <T>(look: () => Promise<T>, done: (value: T) => boolean, tries = 100): Promise<T> => {
    for (let i = 0; ; i++) {
      const value = await look()
      if (done(value) || i >= tries) return value
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  it("GIVEN the connection holding a process's liveness lock ends while it lives on THEN it is told, takes no row under that lock's key, and holds a new lock under a new key", async () => {
    const scope = Effect.runSync(Scope.make())
    try {
      const liveness = await a.run(Effect.flatMap(Database, (database) => holdLiveness(database.kysely)).pipe(Scope.extend(scope)))
      const keeper = await a.run(Effect.flatMap(Database, (database) => keepLiveness(database.kysely)).pipe(Scope.extend(scope)))
      const first = (await a.run(keeper.current))!
      expect(first).toBeGreaterThan(0)
      await a.db((k) => enqueueFollowUps(k, [{ _tag: "LiveGrid", guildId: GUILD, eventId: EVENT_ID }], 1))

      await endLockConnection(liveness.key)
      const told = await Promise.race([liveness.lost.then(() => true), new Promise((resolve) => setTimeout(resolve, 5000, false))])
      expect(told).toBe(true)
      // The key's rows would be anyone's to take over: none is stamped with it.
      expect((await a.db((k) => takeDueRows(k, 10, 5, 1000, liveness.key))).rows).toHaveLength(0)

      await endLockConnection(first)
      const renewed = await eventually(() => a.run(keeper.current), (key) => key !== undefined && key !== first)
      expect(renewed).toBeDefined()
      expect(renewed).not.toBe(first)
      expect(await lockIsHeld(renewed!)).toBe(true)
      expect(await lockIsHeld(first)).toBe(false)
      expect((await a.db((k) => takeDueRows(k, 10, 5, 1000, renewed!))).rows).toHaveLength(1)
    } finally {
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
  })

  it("GIVEN a worker whose liveness lock's connection ends THEN the rows it takes afterwards carry its new lock, one another process would not take over", async () => {
    const stamps: Array<number | null> = []
    const scope = Effect.runSync(Scope.make())
    try {
      await a.run(
        Effect.flatMap(Database, (database) =>
          makeFollowUpWorker(
            database,
            (row) =>
              database
                .query("test.stamp", (k) => k.selectFrom("outbox").select("leased_by").where("id", "=", row.id).executeTakeFirstOrThrow())
                .pipe(Effect.orDie, Effect.map(({ leased_by }) => (stamps.push(leased_by), sent()))),
            { shutdownGrace: 0 },
          ),
        ).pipe(Scope.extend(scope)),
      )
      const liveKeys = async () =>
        (await a.db((k) => sql<{ key: number }>`select objid::int as key from pg_locks where locktype = 'advisory' and granted and objsubid = 2 and classid = ${0x50_42_02} and database = (select oid from pg_database where datname = current_database())`.execute(k))).rows.map((r) => r.key)
      const [old] = await liveKeys()
      expect(old).toBeDefined()
      await endLockConnection(old!)
      const [renewed] = await eventually(liveKeys, (keys) => keys.length === 1 && keys[0] !== old)
      expect(renewed).not.toBe(old)

      const [id] = await a.db((k) => enqueueFollowUps(k, [{ _tag: "LiveGrid", guildId: GUILD, eventId: EVENT_ID }], Date.now()))
      const state = await eventually(() => a.db((k) => k.selectFrom("outbox").select("state").where("id", "=", id!).executeTakeFirstOrThrow()), (row) => row.state === "sent")
      expect(state.state).toBe("sent")
      expect(stamps).toEqual([renewed])
      // B's take-over pass sees a live holder and leaves nothing to take over.
      expect(await b.db((k) => resumeInterrupted(k, Date.now(), false))).toBe(0)
    } finally {
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
  })

  it("GIVEN a worker stopped while its take of due rows is still in the database THEN the take finishes before its liveness lock goes, and the next worker delivers the rows at once (not at the next take-over pass)", async () => {
    // Every take waits half a second inside the database: the stop lands in the middle of one.
    await a.db((k) =>
      sql`create function slow_take() returns trigger language plpgsql as $$ begin perform pg_sleep(0.5); return new; end $$;
          create trigger slow_take before update on outbox for each row when (new.state = 'delivering') execute function slow_take()`.execute(k),
    )
    const delivered: number[] = []
    const worker = (process: Process) =>
      Effect.gen(function* () {
        const scope = yield* Scope.make()
        const database = yield* Database
        yield* makeFollowUpWorker(database, (row) => Effect.sync(() => (delivered.push(row.id), sent())), { shutdownGrace: 0 }).pipe(Scope.extend(scope))
        return scope
      }).pipe(process.run)
    const [id] = await a.db((k) => enqueueFollowUps(k, [{ _tag: "LiveGrid", guildId: GUILD, eventId: EVENT_ID }], Date.now()))
    const stopped = await worker(a)
    await new Promise((resolve) => setTimeout(resolve, 200))
    await Effect.runPromise(Scope.close(stopped, Exit.void))

    const next = await worker(b)
    try {
      const state = await eventually(() => b.db((k) => k.selectFrom("outbox").select("state").where("id", "=", id!).executeTakeFirstOrThrow()), (row) => row.state === "sent", 30)
      // Within 3 s: the take-over pass, which would find it too, comes only every 5 s.
      expect(state.state).toBe("sent")
      expect(delivered).toEqual([id])
    } finally {
      await Effect.runPromise(Scope.close(next, Exit.void))
    }
  })

  it("GIVEN two processes asking for the same work lease at once THEN one gets it, and the other only once it has run out", async () => {
    const asks = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).db((k) => takeLease(k, "sync:1", `holder-${i}`, 100, 1100))))
    expect(asks.filter(Boolean)).toHaveLength(1)
    expect(await b.db((k) => takeLease(k, "sync:1", "late", 1000, 2000))).toBe(false)
    expect(await b.db((k) => takeLease(k, "sync:1", "late", 1200, 2200))).toBe(true)
  })
})
