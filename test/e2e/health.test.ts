// First: the harness loads discord.js (and its undici 6) before the iRacing adapter loads undici 7 (see iracing.test.ts).
import { configFor, iracingSettingsFrom, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Database } from "../../src/adapters/sqlite/database.js"
import { enqueueFollowUps } from "../../src/adapters/sqlite/repositories/outbox.js"
import { updateSettings } from "../../src/app/numbers/setup.js"
import { startPitboard } from "../../src/app/pitboard.js"
import { startFakeDiscord } from "./fake-discord/index.js"
import { SAMPLE_LEAGUE_ID } from "./fake-iracing/fixtures.js"
import { startFakeIracing, type FakeIracing } from "./fake-iracing/server.js"
import { healthPortHook, httpGet, scrape, type HttpAnswer } from "./health-client.js"
import { TEST_ON_POSTGRES } from "../support/test-database.js"

const ANY_FREE_PORT = { port: 0, host: "127.0.0.1" }
const MINUTE = 60_000

/** Starts a bot with HEALTH_PORT=0 and hands back the port it bound. */
const startWatchedBot = async (options: Parameters<typeof startTestBot>[0] = {}) => {
  const hook = healthPortHook()
  const t = await startTestBot({ ...options, health: ANY_FREE_PORT, onHealthListening: hook.onHealthListening })
  return { t, port: await hook.port }
}

/**
 * A watched bot for the whole describe block: started before its tests, stopped after them.
 * Read `t` and `port` inside the tests (they are set once the block's tests start).
 */
const useWatchedBot = (options: Parameters<typeof startTestBot>[0] = {}) => {
  const watched = {} as { t: TestBot; port: number }
  beforeAll(async () => {
    Object.assign(watched, await startWatchedBot(options))
  })
  afterAll(async () => {
    await watched.t?.stop()
  })
  return watched
}

const pollUntil = async (read: () => Promise<HttpAnswer>, done: (answer: HttpAnswer) => boolean, timeoutMs = 10_000): Promise<HttpAnswer> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const answer = await read()
    if (done(answer) || Date.now() > deadline) return answer
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe("health endpoints while the bot starts and stops", () => {
  it("GIVEN HEALTH_PORT WHEN the bot is still logging in to Discord THEN /healthz is ok and /readyz is 503 naming both missing pieces; WHEN the gateway is up but commands are not THEN only those are missing; WHEN start-up finishes THEN ready; WHEN stopped THEN nothing listens", async () => {
    const fake = await startFakeDiscord()
    const folder = mkdtempSync(join(tmpdir(), "pitboard-health-"))
    // Discord answers slowly at both steps, so each stage of start-up lasts long enough to be seen.
    fake.fail({ route: "GET /gateway/bot", times: 1, delayMs: 2000 })
    fake.fail({ route: "PUT /applications/:app/guilds/:guild/commands", times: 1, delayMs: 2000 })
    const hook = healthPortHook()
    const starting = startPitboard({ ...configFor(fake, join(folder, "pitboard.sqlite")), health: Option.some(ANY_FREE_PORT) }, { autoSync: false, onHealthListening: hook.onHealthListening })
    try {
      const port = await hook.port
      expect(await httpGet(port, "/readyz")).toEqual({
        status: 503,
        contentType: "text/plain; charset=utf-8",
        body: "not ready: the Discord gateway is not connected (not logged in yet); the slash commands are not registered yet\n",
      })
      expect(await httpGet(port, "/healthz")).toMatchObject({ status: 200, body: "ok\n" })

      const registering = await pollUntil(() => httpGet(port, "/readyz"), (answer) => !answer.body.includes("gateway"))
      expect(registering).toMatchObject({ status: 503, body: "not ready: the slash commands are not registered yet\n" })

      const bot = await starting
      expect(await httpGet(port, "/readyz")).toMatchObject({ status: 200, body: "ready\n" })
      expect(await httpGet(port, "/elsewhere")).toMatchObject({ status: 404, body: "not found: try /healthz, /readyz or /metrics\n" })
      await bot.stop()
      await expect(httpGet(port, "/healthz")).rejects.toThrow(/ECONNREFUSED/)
    } finally {
      await starting.then((bot) => bot.stop()).catch(() => undefined)
      await fake.close()
      rmSync(folder, { recursive: true, force: true })
    }
  })
})

describe("/metrics after members used the bot", () => {
  const watched = useWatchedBot({ autoSync: false })

  it("GIVEN /help twice, /status refused once and answered once THEN the interaction counter has each route and outcome, the latency histogram counted all four, and gateway and readiness are 1", async () => {
    const member = watched.t.member("racer")
    const manager = watched.t.member("steward", "admin")
    for (let i = 0; i < 2; i++) expect(textOf(await replyOf(watched.t.fake.slash({ user: member, command: "help" })))).toContain("Pitboard")
    expect(textOf(await replyOf(watched.t.fake.slash({ user: member, command: "status" })))).toContain("You need the Manage Server permission")
    expect(textOf(await replyOf(watched.t.fake.slash({ user: manager, command: "status" })))).toContain("Pitboard status")

    const metrics = await scrape(watched.port)
    expect(metrics.value("pitboard_interactions_total", { route: "/help", kind: "command", outcome: "ok" })).toBe(2)
    expect(metrics.value("pitboard_interactions_total", { route: "/status", kind: "command", outcome: "refused" })).toBe(1)
    expect(metrics.value("pitboard_interactions_total", { route: "/status", kind: "command", outcome: "ok" })).toBe(1)
    expect(metrics.value("pitboard_interaction_duration_seconds_count", { kind: "command" })).toBe(4)
    expect(metrics.value("pitboard_interaction_duration_seconds_bucket", { kind: "command", le: "+Inf" })).toBe(4)
    expect(metrics.matching("pitboard_interaction_duration_seconds_bucket", { kind: "command" }).map((bucket) => bucket.labels.le)).toEqual(["0.05", "0.1", "0.25", "0.5", "1", "2", "2.5", "3", "5", "10", "+Inf"])
    expect(metrics.matching("pitboard_interactions_deferred_total")).toEqual([])
    expect(metrics.value("pitboard_gateway_connected")).toBe(1)
    expect(metrics.value("pitboard_ready")).toBe(1)
    expect(metrics.value("pitboard_db_transaction_duration_seconds_count", { operation: "commands.save-hash" })).toBe(1)
    expect(metrics.value("process_resident_memory_bytes")).toBeGreaterThan(0)
    expect(metrics.types.get("nodejs_eventloop_lag_seconds")).toBe("gauge")
    expect((await httpGet(watched.port, "/metrics")).contentType).toBe("text/plain; version=0.0.4; charset=utf-8")
  })

  it("GIVEN a follow-up that has waited 10 minutes after a failed try THEN the outbox gauges, read from the database at scrape time, show it; WHEN it is gone THEN they are back to 0", async () => {
    const guildId = watched.t.fake.guildId
    const waiting = await watched.t.bot.runtime.runPromise(
      Effect.flatMap(Database, (database) =>
        database.transaction("test.waiting", async (trx) => {
          const [id] = await enqueueFollowUps(trx, [{ _tag: "Announce", guildId, announcement: { _tag: "NumberClaimed", holderId: watched.t.fake.owner.id, number: "7", classLabel: "Open" } }], Date.now() - 10 * MINUTE)
          // Due again in an hour, as after a failed try: the worker leaves it alone meanwhile.
          await trx.updateTable("outbox").set({ due_at: Date.now() + 60 * MINUTE, attempts: 1 }).where("id", "=", id!).execute()
          return id!
        }),
      ),
    )
    const metrics = await scrape(watched.port)
    expect(metrics.value("pitboard_outbox_pending")).toBe(1)
    expect(metrics.value("pitboard_outbox_retrying")).toBe(1)
    expect(metrics.value("pitboard_outbox_given_up_24h")).toBe(0)
    expect(metrics.value("pitboard_outbox_oldest_pending_age_seconds")).toBeGreaterThanOrEqual(600)

    await watched.t.bot.runtime.runPromise(Effect.flatMap(Database, (database) => database.transaction("test.drop", (trx) => trx.deleteFrom("outbox").where("id", "=", waiting).execute())))
    const after = await scrape(watched.port)
    expect(after.value("pitboard_outbox_pending")).toBe(0)
    expect(after.value("pitboard_outbox_oldest_pending_age_seconds")).toBe(0)
  })
})

describe("/metrics and iRacing", () => {
  let iracing: FakeIracing
  let t: TestBot
  let port: number
  beforeAll(async () => {
    iracing = await startFakeIracing()
    const started = await startWatchedBot({ iracing: iracingSettingsFrom(iracing.env, { maintenanceCooldownMs: 0 }), autoSync: false })
    t = started.t
    port = started.port
    await t.bot.runtime.runPromise(updateSettings(t.fake.guildId, t.fake.owner.id, { iracingLeagueId: SAMPLE_LEAGUE_ID }))
  })
  afterAll(async () => {
    await t?.stop()
    await iracing?.close()
  })

  it("GIVEN an admin syncs THEN every iRacing call is counted by operation with outcome ok; GIVEN iRacing in maintenance WHEN they sync again THEN the failure is counted as http-503", async () => {
    expect(textOf(await replyOf(t.fake.slash({ user: t.fake.owner, command: "sync" }), 15_000))).toContain("iRacing")
    const afterSync = await scrape(port)
    expect(afterSync.value("pitboard_iracing_requests_total", { operation: "POST /oauth2/token (password_limited)", outcome: "ok" })).toBe(1)
    expect(afterSync.value("pitboard_iracing_requests_total", { operation: "GET /data/league/get", outcome: "ok" })).toBe(1)
    expect(afterSync.value("pitboard_iracing_request_duration_seconds_count", { operation: "GET /data/league/get" })).toBe(1)
    // A presigned file's address differs every time; its metric is named after the endpoint that linked to it.
    const operations = afterSync.matching("pitboard_iracing_requests_total").map((sample) => sample.labels.operation)
    expect(operations.some((operation) => operation!.startsWith("GET http"))).toBe(false)

    iracing.setMode("503-json")
    try {
      expect(textOf(await replyOf(t.fake.slash({ user: t.fake.owner, command: "sync" }), 15_000))).toContain("did not run")
    } finally {
      iracing.setMode("normal")
    }
    const afterMaintenance = await scrape(port)
    expect(afterMaintenance.value("pitboard_iracing_requests_total", { operation: "GET /data/league/get", outcome: "http-503" })).toBe(1)
    expect(afterMaintenance.value("pitboard_iracing_requests_total", { operation: "GET /data/league/get", outcome: "ok" })).toBe(1)
  })
})

describe("/healthz when the database stops taking writes", () => {
  const watched = useWatchedBot({ autoSync: false })

  const setReadOnly = (on: boolean) => watched.t.bot.runtime.runPromise(Effect.flatMap(Database, (database) => Effect.promise(() => sql.raw(`pragma query_only = ${on ? "on" : "off"}`).execute(database.kysely))))

  // SQLite only: `pragma query_only` turns the one connection read-only; a pool has no such switch.
  it.skipIf(TEST_ON_POSTGRES)("GIVEN a healthy bot THEN /healthz is ok; WHEN its database refuses writes (as a read-only file would) THEN /healthz is 503 with SQLite's reason while /readyz stays 200; WHEN writes work again THEN ok again", async () => {
    expect(await httpGet(watched.port, "/healthz")).toMatchObject({ status: 200, body: "ok\n" })
    await setReadOnly(true)
    try {
      expect(await httpGet(watched.port, "/healthz")).toMatchObject({ status: 503, body: "unhealthy: the database did not take a write (health.check: attempt to write a readonly database)\n" })
      expect(await httpGet(watched.port, "/readyz")).toMatchObject({ status: 200, body: "ready\n" })
      expect((await scrape(watched.port)).value("pitboard_gateway_connected")).toBe(1)
    } finally {
      await setReadOnly(false)
    }
    expect(await httpGet(watched.port, "/healthz")).toMatchObject({ status: 200, body: "ok\n" })
  })
})
