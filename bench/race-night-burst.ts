import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { Database, DatabaseLive, inGuild } from "../src/adapters/sqlite/database.js"
import { insertEvent } from "../src/adapters/sqlite/repositories/events.js"
import { runEntryAction } from "../src/app/race-night/entries.js"
import { FollowUpsUndelivered } from "../src/app/follow-ups.js"
import { TracingOff } from "../src/app/pitboard.js"
import type { EventDetails } from "../src/domain/events/draft.js"
import { gridOf, waitlistOf } from "../src/machines/race-night/entry-list.js"
import { submitRegistration } from "../src/machines/race-night/member-actions.js"
import { percentile, type BenchRow } from "./table.js"

const GUILD = "900000000000000003"
const HOUR = 60 * 60 * 1000

const detailsFor = (startsAt: number): EventDetails => ({
  details: { title: "Burst Cup", description: "" },
  timezone: "UTC",
  schedule: { local: "", timezone: "UTC", startsAt, durationMinutes: 90 },
  vehicles: ["Porsche 911 GT3 R (992)", "BMW M4 GT3"],
  track: { id: "spa", name: "Spa-Francorchamps", pitSlots: 40, broadcastSlots: 0 },
  capacity: { maxDrivers: 20, broadcastSlots: 0 },
  teams: "off",
  rolesAndChannels: { driverRoleId: "300000000000000001", stewardRoleId: null, publishChannelId: "400000000000000001", rosterChannelId: null },
  rules: { specialRules: "", regulationUrl: null, liveriesUrl: null, checkInClosesMinutes: 30, briefing: false },
  championship: null,
})

/** Discord stays out of it: the burst measures the load-decide-store transaction members queue on (follow-ups are written, not sent). */
const quietPorts = FollowUpsUndelivered

/**
 * Race night's worst minute: `members` press Register at once on a fresh 20-place event, each a
 * `runEntryAction` (load the whole list, decide, store, one `begin immediate` transaction) on a
 * real SQLite file, all in flight together as concurrent interactions would be. `rounds` bursts.
 */
export const benchRegistrationBurst = async (path: string, rounds = 20, members = 25, pools = 1): Promise<BenchRow> => {
  // pools > 1 (PostgreSQL only): runtimes in this process, a pool each, share the members as bot processes would (the lock contention, not two event loops).
  const runtimes = Array.from({ length: pools }, () => ManagedRuntime.make(Layer.mergeAll(DatabaseLive(path), quietPorts, TracingOff)))
  const runtime = runtimes[0]!
  await Promise.all(runtimes.map((r) => r.runPromise(Effect.void)))
  const bursts: number[] = []
  const latencies: number[] = []
  for (let round = 0; round < rounds; round++) {
    const eventId = `burst-${round}`
    const details = detailsFor(Date.now() + 2 * HOUR)
    await runtime.runPromise(Effect.flatMap(Database, (db) => db.query("bench.event", (k) => insertEvent(k, { id: eventId, guildId: GUILD, details, createdBy: "800000000000000001", at: Date.now() }))))
    const started = performance.now()
    const results = await Promise.all(
      Array.from({ length: members }, async (_, i) => {
        const memberId = String(500_000_000_000_000_000n + BigInt(i))
        const member = { memberId, roleIds: [], iracingCustomerId: null, claimedCarNumber: null }
        const form = { fullName: `Driver ${i}`, driverId: String(10_000 + i), vehicle: "BMW M4 GT3" }
        const t0 = performance.now()
        const result = await runtimes[i % pools]!.runPromise(
          Effect.orDie(runEntryAction(GUILD, eventId, memberId, (loaded, now) => submitRegistration(loaded.list, { event: loaded.event, member, form, at: now }))).pipe(inGuild(GUILD)),
        )
        latencies.push(performance.now() - t0)
        return result
      }),
    )
    bursts.push(performance.now() - started)
    const last = results.reduce((a, b) => (a.outcome.list.participants.length >= b.outcome.list.participants.length ? a : b)).outcome.list
    if (gridOf(last).length !== 20 || waitlistOf(last).length !== members - 20) throw new Error(`burst ${round}: ${gridOf(last).length} on the grid, ${waitlistOf(last).length} waiting`)
  }
  await Promise.all(runtimes.map((r) => r.dispose()))
  return {
    name: `race-night registration burst (${members} at once, runEntryAction${pools > 1 ? `, ${pools} pools in one process` : ""})`,
    measures: {
      "ops/s": ((rounds * members) / (bursts.reduce((a, b) => a + b, 0) / 1000)).toFixed(0),
      p50: `${percentile(bursts, 50).toFixed(1)} ms per burst · ${percentile(latencies, 50).toFixed(1)} ms per member`,
      p99: `${percentile(bursts, 99).toFixed(1)} ms per burst · ${percentile(latencies, 99).toFixed(1)} ms per member`,
      notes: `${rounds} bursts on fresh 20-place events; 20 on the grid and ${members - 20} waiting each time`,
    },
  }
}
