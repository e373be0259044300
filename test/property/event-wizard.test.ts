import * as Either from "effect/Either"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { initialTransition, transition } from "xstate"
import { isWizardStep, WIZARD_STEPS } from "../../src/domain/events/draft.js"
import { checkPublishable, completeDraft } from "../../src/domain/events/steps.js"
import { formatInZone } from "../../src/domain/events/time.js"
import { eventWizardMachine, explainRefusal, type WizardCommand, type WizardSnapshot, wizardStep } from "../../src/machines/event-wizard.js"
import { persistWizard } from "../../src/machines/event-wizard-persistence.js"
import { stepWizard } from "../../src/machines/event-wizard-step.js"
import { BAD, DAY, GOOD, HOUR, MINUTE, NOW, OWNER, SMALL_TRACK, SPA, WEEK } from "../fixtures/wizard/answers.js"
import { storedText, throughStorage } from "../support/wizard-storage.js"

const pad = (n: number): string => String(n).padStart(2, "0")
const digits = (min: number, max: number) => fc.integer({ min, max }).map(String)

// Answers near and beyond every limit, plus the known-good and known-bad samples, so that
// random runs both get through the whole wizard and hit refusals along the way.
const answerArb: fc.Arbitrary<WizardCommand> = fc.oneof(
  fc.constantFrom(...WIZARD_STEPS.map((step) => GOOD[step]), ...WIZARD_STEPS.map((step) => BAD[step])),
  fc.record({ type: fc.constant("SET_DETAILS" as const), title: fc.string({ maxLength: 110 }), description: fc.string({ maxLength: 30 }) }),
  fc.record({ type: fc.constant("SET_TIMEZONE" as const), timezone: fc.constantFrom("Europe/London", "America/New_York", "UTC", "asia/tokyo", "Mars/Base", "+02:00", "EST") }),
  fc.record({
    type: fc.constant("SET_SCHEDULE" as const),
    start: fc
      .record({ y: fc.integer({ min: 2026, max: 2027 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }), h: fc.integer({ min: 0, max: 23 }), mi: fc.constantFrom(0, 30) })
      .map(({ y, mo, d, h, mi }) => `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}`),
    duration: fc.constantFrom("5", "90", "1h30", "48h", "49h", "soon"),
  }),
  fc.record({ type: fc.constant("SET_VEHICLES" as const), vehicles: fc.array(fc.constantFrom("BMW M4 GT3", "bmw m4 gt3", " ", "Ferrari 296"), { maxLength: 4 }).map((lines) => lines.join("\n")) }),
  fc.record({ type: fc.constant("SET_TRACK" as const), track: fc.constantFrom(SPA, SMALL_TRACK, { ...SPA, pitSlots: 0 }) }),
  fc.record({ type: fc.constant("SET_CAPACITY" as const), maxDrivers: digits(0, 45), broadcastSlots: fc.oneof(digits(0, 5), fc.constant("")) }),
  fc.record({ type: fc.constant("SET_TEAMS" as const), driversPerTeam: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }) }),
  fc.record({ type: fc.constant("EDIT_FIELD" as const), step: fc.constantFrom(...WIZARD_STEPS) }),
  fc.constantFrom<WizardCommand>({ type: "BACK" }, { type: "PUBLISH" }),
)

/** Seconds to a day between clicks; now and then more than a week, so drafts expire. */
const gapArb = fc.oneof(
  { weight: 80, arbitrary: fc.integer({ min: 0, max: 6 * HOUR }) },
  { weight: 15, arbitrary: fc.integer({ min: 0, max: DAY }) },
  { weight: 1, arbitrary: fc.constant(WEEK + MINUTE) },
)

/**
 * "next" is a good answer for whichever step the wizard is on when the click happens (PUBLISH
 * at review), worked out at replay time: independent random answers alone almost never get
 * past the second step, and this lets runs reach review and publish while still mixing in
 * bad answers, BACK, EDIT_FIELD and CANCEL.
 */
interface Click {
  readonly command: WizardCommand | "next"
  /** At review, "next" publishes or edits a step, chosen by this. */
  readonly pick: number
  readonly gap: number
  /** Whether the draft is saved and restored after this click. */
  readonly saveAfter: boolean
}
const clicksArb: fc.Arbitrary<ReadonlyArray<Click>> = fc.array(
  fc.record({
    command: fc.oneof(
      { weight: 40, arbitrary: fc.constant("next" as const) },
      { weight: 20, arbitrary: answerArb },
      // Rare, because it ends the run.
      { weight: 1, arbitrary: fc.constant<WizardCommand>({ type: "CANCEL" }) },
    ),
    pick: fc.nat(),
    gap: gapArb,
    saveAfter: fc.boolean(),
  }),
  { maxLength: 60, size: "medium" },
)

const resolve = ({ command, pick }: Click, snapshot: WizardSnapshot, now: number): WizardCommand => {
  if (command !== "next") return command
  const step = wizardStep(snapshot)
  if (step === "review") return pick % 3 === 0 ? { type: "PUBLISH" } : { type: "EDIT_FIELD", step: WIZARD_STEPS[pick % WIZARD_STEPS.length] ?? "details" }
  if (!isWizardStep(step)) return { type: "BACK" }
  if (step === "schedule") {
    return { type: "SET_SCHEDULE", start: formatInZone(now + 20 * DAY, snapshot.context.draft.timezone ?? "UTC"), duration: "90" }
  }
  if (step === "capacity") return { type: "SET_CAPACITY", maxDrivers: "10", broadcastSlots: "" }
  return GOOD[step]
}

const begin = (): WizardSnapshot => initialTransition(eventWizardMachine, { ownerId: OWNER, now: NOW, expiresAfterMs: WEEK })[0]

/** Replays the clicks in memory; `save` decides after which clicks the draft goes through storage. */
const replay = (clicks: ReadonlyArray<Click>, save: (click: Click) => boolean): string => {
  let snapshot = begin()
  let now = NOW
  for (const click of clicks) {
    now += click.gap
    snapshot = transition(eventWizardMachine, snapshot, { ...resolve(click, snapshot, now), now })[0]
    if (save(click)) snapshot = throughStorage(snapshot)
  }
  return storedText(snapshot)
}

describe("the event wizard under any sequence of clicks", () => {
  it("saving and restoring at any steps, then carrying on, ends exactly where an uninterrupted run ends", () => {
    fc.assert(
      fc.property(clicksArb, (clicks) => {
        expect(replay(clicks, (click) => click.saveAfter)).toBe(replay(clicks, () => false))
      }),
      { numRuns: 200 },
    )
  })

  it("stepWizard, which saves after every click, agrees with the run kept in memory at every step", () => {
    fc.assert(
      fc.property(clicksArb, (clicks) => {
        let memory = begin()
        let saved = stepWizard(null, { type: "START" }, { now: NOW, ownerId: OWNER, expiresAfterMs: WEEK }).snapshot
        let now = NOW
        for (const click of clicks) {
          now += click.gap
          const command = resolve(click, memory, now)
          memory = transition(eventWizardMachine, memory, { ...command, now })[0]
          saved = stepWizard(throughStorage(saved), command, { now, ownerId: OWNER }).snapshot
          expect(storedText(saved)).toBe(storedText(memory))
        }
      }),
      { numRuns: 100 },
    )
  })

  it("every click is either accepted with the revision one higher, or refused with a reason and nothing changed", () => {
    fc.assert(
      fc.property(clicksArb, (clicks) => {
        let snapshot = begin()
        let now = NOW
        for (const click of clicks) {
          now += click.gap
          const event = { ...resolve(click, snapshot, now), now }
          const reason = explainRefusal(snapshot, event)
          const next = transition(eventWizardMachine, snapshot, event)[0]
          if (reason === undefined) {
            expect(next.context.revision).toBe(snapshot.context.revision + 1)
          } else {
            expect(reason.length).toBeGreaterThan(10)
            expect(persistWizard(next)).toEqual(persistWizard(snapshot))
          }
          snapshot = next
        }
      }),
      { numRuns: 200 },
    )
  })

  it("the wizard reaches review only with every step answered, and publishes only a draft that passes every check at that moment", () => {
    const reached = { review: 0, published: 0 }
    fc.assert(
      fc.property(clicksArb, (clicks) => {
        let snapshot = begin()
        let now = NOW
        for (const click of clicks) {
          now += click.gap
          const next = transition(eventWizardMachine, snapshot, { ...resolve(click, snapshot, now), now })[0]
          if (next.value === "review") {
            reached.review++
            expect(completeDraft(next.context.draft)).toBeDefined()
          }
          if (next.value === "published" && snapshot.value !== "published") {
            reached.published++
            expect(Either.isRight(checkPublishable(snapshot.context.draft, now))).toBe(true)
          }
          snapshot = next
        }
      }),
      { numRuns: 200 },
    )
    // Guards the generator: if runs stopped reaching the end, these properties would pass vacuously.
    expect(reached.review).toBeGreaterThan(50)
    expect(reached.published).toBeGreaterThan(10)
  })
})
