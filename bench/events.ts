import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { DatabaseLive } from "../src/adapters/sqlite/database.js"
import { FollowUpsUndelivered } from "../src/app/follow-ups.js"
import { TracingOff } from "../src/app/pitboard.js"
import { startDraft, stepDraft, type DraftRef } from "../src/app/events/wizard.js"
import { formatInZone } from "../src/domain/events/time.js"
import type { WizardCommand } from "../src/machines/event-wizard.js"
import { persistWizard, restoreWizard } from "../src/machines/event-wizard-persistence.js"
import { stepWizard } from "../src/machines/event-wizard-step.js"
import { percentile, type BenchRow } from "./table.js"

const GUILD = "900000000000000002"
const OWNER = "800000000000000001"
const DAY = 24 * 60 * 60 * 1000

/** A full set of answers, starting a month from now so the start is never in the past. */
const answers = (): ReadonlyArray<WizardCommand> => [
  { type: "SET_DETAILS", title: "GT3 Sprint — Round 4", description: "Two 45-minute sprints." },
  { type: "SET_TIMEZONE", timezone: "Europe/London" },
  { type: "SET_SCHEDULE", start: formatInZone(Date.now() + 30 * DAY, "Europe/London"), duration: "1h30" },
  { type: "SET_VEHICLES", vehicles: "Porsche 911 GT3 R (992)\nBMW M4 GT3\nFerrari 296 GT3" },
  { type: "SET_TRACK", track: { id: "spa", name: "Spa-Francorchamps", pitSlots: 40, broadcastSlots: 2 } },
  { type: "SET_CAPACITY", maxDrivers: "30", broadcastSlots: "2" },
  { type: "SET_TEAMS", driversPerTeam: 2 },
  { type: "SET_ROLES_AND_CHANNELS", driverRoleId: "300000000000000001", stewardRoleId: null, publishChannelId: "400000000000000001", rosterChannelId: null },
  { type: "SET_RULES", specialRules: "No track limits warnings at Eau Rouge.", regulationUrl: "https://league.example.org/rules", liveriesUrl: "", checkInClosesMinutes: "", briefing: true },
  { type: "SET_CHAMPIONSHIP", championship: null },
]

/** The p99 here is young-generation GC pauses: say whether this run had npm start's V8 flag (npm run bench passes it). */
const semiSpaceNote = () => {
  const flag = process.execArgv.find((arg) => arg.startsWith("--max-semi-space-size"))
  return flag === undefined ? "V8's default young generation (npm start runs with --max-semi-space-size=4)" : `run with ${flag}, as npm start`
}

/**
 * Drafts run before any step counts, as the other benches warm up: the first steps meet cold
 * code (the interpreter, not yet optimised; 5–8 ms in a fresh process) and, run alone, the
 * process's first full garbage collections of the heap its modules were loaded into. That is a
 * bot's first minute, which start-up's own row measures (bench/startup.ts), not a race night.
 */
const WARM_UP_DRAFTS = 10

/**
 * Wizard-step latency through the `stepDraft` use case (restore, machine step, persist, panel
 * read, one SQLite transaction) on a real file: `rounds` drafts, each answered step by step,
 * one step edited again from review, then published (the event row is written in that step).
 */
export const benchWizardSteps = async (path: string, rounds: number): Promise<BenchRow> => {
  const runtime = ManagedRuntime.make(Layer.mergeAll(DatabaseLive(path), FollowUpsUndelivered, TracingOff))
  const latencies: number[] = []
  let started = performance.now()
  for (let round = -WARM_UP_DRAFTS; round < rounds; round++) {
    if (round === 0) {
      latencies.length = 0
      started = performance.now()
    }
    const { panel } = await runtime.runPromise(startDraft(GUILD, OWNER))
    let ref: DraftRef = { guildId: GUILD, draftId: panel.draftId, actorId: OWNER, revision: panel.view.revision }
    const commands: ReadonlyArray<WizardCommand> = [...answers(), { type: "EDIT_FIELD", step: "capacity" }, { type: "SET_CAPACITY", maxDrivers: "28", broadcastSlots: "2" }, { type: "PUBLISH" }]
    for (const command of commands) {
      const t0 = performance.now()
      const outcome = await runtime.runPromise(Effect.orDie(stepDraft(ref, command)))
      latencies.push(performance.now() - t0)
      ref = { ...ref, revision: outcome.panel.view.revision }
    }
  }
  const seconds = (performance.now() - started) / 1000
  await runtime.dispose()
  return {
    name: "event wizard step (stepDraft)",
    measures: {
      "ops/s": (latencies.length / seconds).toFixed(0),
      p50: `${percentile(latencies, 50).toFixed(2)} ms`,
      p99: `${percentile(latencies, 99).toFixed(2)} ms`,
      notes: `${latencies.length} steps over ${rounds} drafts, each published, after ${WARM_UP_DRAFTS} unmeasured ones; ${semiSpaceNote()}`,
    },
  }
}

/** Restoring a stored draft with every answer (decode, migrate, Schema-check, resolve the state), as each click does. */
export const benchWizardRestore = (times: number): BenchRow => {
  const now = Date.now()
  const answered = answers().reduce((result, command) => stepWizard(result.snapshot, command, { now, ownerId: OWNER }), stepWizard(null, { type: "START" }, { now, ownerId: OWNER }))
  const stored = JSON.stringify(persistWizard(answered.snapshot))
  const durations: number[] = []
  const started = performance.now()
  for (let i = 0; i < times; i++) {
    const t0 = performance.now()
    const restored = restoreWizard(stored)
    durations.push(performance.now() - t0)
    if (restored._tag !== "Right") throw new Error(`restore failed: ${restored.left.message}`)
  }
  const seconds = (performance.now() - started) / 1000
  return {
    name: "event wizard restore (full draft)",
    measures: {
      "ops/s": (times / seconds).toFixed(0),
      p50: `${(percentile(durations, 50) * 1000).toFixed(0)} µs`,
      p99: `${(percentile(durations, 99) * 1000).toFixed(0)} µs`,
      notes: `${times} restores of a ${stored.length}-byte snapshot at review`,
    },
  }
}

/** The rows bench/run.ts adds: step latency on a fresh SQLite file, and restore time. */
export const eventSuites = (fresh: () => string): Array<() => Promise<BenchRow>> => [() => benchWizardSteps(fresh(), 40), async () => benchWizardRestore(5000)]
