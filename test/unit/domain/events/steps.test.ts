import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { type EventDraft, WIZARD_STEPS, answeredSteps, firstUnansweredStep } from "../../../../src/domain/events/draft.js"
import { answerStep, checkPublishable, completeDraft, draftProblems, type StepAnswer } from "../../../../src/domain/events/steps.js"
import { BAD, DAY, GOOD, NOW, PUBLISHED, SMALL_TRACK, SPA } from "../../../fixtures/wizard/answers.js"

const answer = (draft: EventDraft, command: StepAnswer, now = NOW): EventDraft => {
  const result = answerStep(draft, command, now)
  if (Either.isLeft(result)) throw new Error(result.left)
  return result.right
}
const answerAll = (): EventDraft => WIZARD_STEPS.reduce((draft, step) => answer(draft, GOOD[step] as StepAnswer), {} as EventDraft)

describe("answering steps", () => {
  it("the good sample answers build exactly the sample published event", () => {
    expect(answerAll()).toEqual(PUBLISHED)
  })

  it("every bad sample answer is refused with a reason, leaving the draft as it was", () => {
    for (const step of WIZARD_STEPS) {
      const before = { ...PUBLISHED }
      const result = answerStep(before, BAD[step] as StepAnswer, NOW)
      expect(Either.isLeft(result), step).toBe(true)
      expect(before).toEqual(PUBLISHED)
    }
  })

  it("steps that depend on an earlier answer ask for it first", () => {
    expect(answerStep({}, GOOD.schedule as StepAnswer, NOW)).toEqual(Either.left("Choose the time zone first (go back one step)."))
    expect(answerStep({}, GOOD.capacity as StepAnswer, NOW)).toEqual(Either.left("Choose the track first (go back one step)."))
    expect(answerStep({}, GOOD.teams as StepAnswer, NOW)).toEqual(Either.left("Set the capacity first (go back one step)."))
  })

  it("an empty broadcast field takes the track's default broadcast slots", () => {
    const draft = answer({ track: SPA }, { type: "SET_CAPACITY", maxDrivers: "38", broadcastSlots: " " })
    expect(draft.capacity).toEqual({ maxDrivers: 38, broadcastSlots: 2 })
  })

  it("a schedule in a repeated hour keeps the note so the review can show it", () => {
    const draft = answer({ timezone: "Europe/London" }, { type: "SET_SCHEDULE", start: "2026-12-05 20:00", duration: "90" })
    expect(draft.schedule?.note).toBeUndefined()
    const repeated = answer({ timezone: "Europe/London" }, { type: "SET_SCHEDULE", start: "2027-10-31 01:30", duration: "90" })
    expect(repeated.schedule?.note).toMatch(/happens twice/)
  })

  it("choosing another time zone re-reads the same wall-clock start in it", () => {
    const draft = answer(PUBLISHED, { type: "SET_TIMEZONE", timezone: "America/New_York" })
    expect(draft.timezone).toBe("America/New_York")
    expect(draft.schedule).toEqual({ ...PUBLISHED.schedule, timezone: "America/New_York", startsAt: Date.UTC(2026, 11, 6, 1, 0) })
    expect(draftProblems(draft, NOW)).toEqual([])
  })

  it("a start that can't be re-read in the new zone is kept and flagged, never silently moved", () => {
    const inGap = { ...PUBLISHED, schedule: { ...PUBLISHED.schedule, local: "2027-03-14 02:30", startsAt: Date.UTC(2027, 2, 14, 2, 30) } }
    const draft = answer(inGap, { type: "SET_TIMEZONE", timezone: "America/New_York" })
    expect(draft.schedule).toEqual(inGap.schedule)
    expect(draftProblems(draft, NOW)).toEqual([{ step: "schedule", reason: expect.stringMatching(/entered for Europe\/London, not America\/New_York/) }])
  })
})

describe("whole-draft checks", () => {
  it("an empty draft has every step unanswered", () => {
    expect(draftProblems({}, NOW).map((p) => p.step)).toEqual([...WIZARD_STEPS])
    expect(firstUnansweredStep({})).toBe("details")
    expect(answeredSteps(PUBLISHED)).toEqual([...WIZARD_STEPS])
    expect(firstUnansweredStep(PUBLISHED)).toBeUndefined()
  })

  it("a complete draft publishes as itself", () => {
    expect(checkPublishable(PUBLISHED, NOW)).toEqual(Either.right(PUBLISHED))
  })

  it("a start that has passed since it was entered blocks publishing", () => {
    const later = PUBLISHED.schedule.startsAt + DAY
    expect(checkPublishable(PUBLISHED, later)).toEqual(Either.left(expect.stringMatching(/Date, start time and duration: The start time .* has passed/)))
    expect(completeDraft(PUBLISHED)).toEqual(PUBLISHED)
  })

  it("a smaller track chosen after the capacity blocks publishing until the capacity is fixed", () => {
    const draft = answer(PUBLISHED, { type: "SET_TRACK", track: SMALL_TRACK })
    const problems = draftProblems(draft, NOW)
    expect(problems).toEqual([{ step: "capacity", reason: expect.stringMatching(/Lime Rock Park has 20 pit slots, with 2 kept for broadcast, so at most 18 drivers fit/) }])
    expect(Either.isLeft(checkPublishable(draft, NOW))).toBe(true)
  })

  it("teams larger than a lowered capacity block publishing", () => {
    const draft: EventDraft = { ...PUBLISHED, capacity: { maxDrivers: 3, broadcastSlots: 2 }, teams: { driversPerTeam: 4 } }
    expect(draftProblems(draft, NOW).map((p) => p.step)).toEqual(["teams"])
  })

  it("the publish refusal lists each step to fix, in step order", () => {
    const { rules: _rules, vehicles: _vehicles, ...partial } = PUBLISHED
    const reason = Either.getLeft(checkPublishable(partial, NOW))
    expect(reason._tag === "Some" && reason.value.split("\n")).toEqual(["Not ready to publish yet. Edit these steps first:", "• Vehicles: Not answered yet.", "• Rules: Not answered yet."])
  })
})
