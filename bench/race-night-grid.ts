import { embedCharacters, renderLiveGrid } from "../src/adapters/discord/race-night/live-grid-view.js"
import type { EventDetails } from "../src/domain/events/draft.js"
import { unsafeCarNumber } from "../src/domain/numbers/car-number.js"
import { type EntryList, entryListFor, gridOf, refusalOf } from "../src/machines/race-night/entry-list.js"
import { checkIn, register } from "../src/machines/race-night/member-actions.js"
import { DEFAULT_RACE_NIGHT_SETTINGS } from "../src/domain/race-night/race-settings.js"
import { percentile, type BenchRow } from "./table.js"

const HOUR = 3_600_000
const STARTS_AT = Date.UTC(2026, 11, 5, 20, 0)
const NOW = STARTS_AT - 2 * HOUR

const details = (capacity: number): EventDetails => ({
  details: { title: "Le Mans 24 Hours — Round 8 of the Endurance Championship", description: "" },
  timezone: "UTC",
  schedule: { local: "2026-12-05 20:00", timezone: "UTC", startsAt: STARTS_AT, durationMinutes: 1440 },
  vehicles: ["Porsche 963"],
  track: { id: "lm", name: "Circuit de la Sarthe", pitSlots: 62, broadcastSlots: 0 },
  capacity: { maxDrivers: capacity, broadcastSlots: 0 },
  teams: { driversPerTeam: 3 },
  rolesAndChannels: { driverRoleId: "1", stewardRoleId: null, publishChannelId: "2", rosterChannelId: null },
  rules: { specialRules: "", regulationUrl: null, liveriesUrl: null, checkInClosesMinutes: 30, briefing: false },
  championship: null,
})

/** 200 registered (150 on the grid, 50 waiting), a third of them checked in; realistic names and teams. */
const entrants = (count: number, capacity: number): EntryList => {
  let list = entryListFor({ id: "bench", status: "published", details: details(capacity), settings: DEFAULT_RACE_NIGHT_SETTINGS })
  const apply = (outcome: ReturnType<typeof register>) => {
    const refusal = refusalOf(outcome)
    if (refusal !== undefined) throw new Error(refusal)
    list = outcome.list
  }
  for (let i = 0; i < count; i++) {
    const memberId = String(700000000000000000n + BigInt(i))
    const registration = {
      fullName: `Driver ${i} ${["Senna", "Prost", "Lauda", "Hamilton", "Verstappen"][i % 5]}-Ångström`,
      platform: "iracing" as const,
      driverId: String(100000 + i),
      carNumber: unsafeCarNumber(String(i % 1000)),
      vehicle: "Porsche 963",
      teamName: `Team ${Math.floor(i / 3)} Racing`,
      liveryUrl: null,
    }
    apply(register(list, { memberId, actorId: memberId, at: NOW - HOUR + i, registration }))
    if (i % 3 === 0) apply(checkIn(list, { memberId, at: NOW }))
  }
  return list
}

/** Renders the roster message for 200 entrants, as every debounced edit does; the view is pure, so this is its whole cost. */
export const benchGridRender = async (count = 200, capacity = 150, renders = 500): Promise<BenchRow> => {
  const list = entrants(count, capacity)
  for (let i = 0; i < 20; i++) renderLiveGrid({ title: "warm-up", list, now: NOW })
  const times: number[] = []
  let characters = 0
  let fields = 0
  for (let i = 0; i < renders; i++) {
    const t0 = performance.now()
    const payload = renderLiveGrid({ title: "Le Mans 24 Hours", list, now: NOW + i })
    times.push(performance.now() - t0)
    characters = embedCharacters(payload.embeds)
    fields = payload.embeds.reduce((sum, embed) => sum + (embed.fields?.length ?? 0), 0)
  }
  const shown = gridOf(list).length
  return {
    name: `live grid message, ${count} entrants (${shown} on the grid)`,
    measures: {
      p50: `${percentile(times, 50).toFixed(2)} ms`,
      p99: `${percentile(times, 99).toFixed(2)} ms`,
      notes: `${renders} renders; ${characters}/6000 embed characters in ${fields} fields; the rest summed up as "…and N more"`,
    },
  }
}
