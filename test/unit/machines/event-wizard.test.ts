import { describe, expect, it } from "vitest"
import { initialTransition, transition } from "xstate"
import { WIZARD_STEPS } from "../../../src/domain/events/draft.js"
import { eventWizardMachine, explainRefusal, type WizardCommand, type WizardSnapshot, wizardStep } from "../../../src/machines/event-wizard.js"
import { at, BAD, DAY, GOOD, HOUR, NOW, OWNER, PUBLISHED, SMALL_TRACK, WEEK } from "../../fixtures/wizard/answers.js"

const start = (lifetime = WEEK): WizardSnapshot => initialTransition(eventWizardMachine, { ownerId: OWNER, now: NOW, expiresAfterMs: lifetime })[0]

const send = (snapshot: WizardSnapshot, command: WizardCommand, now = NOW): WizardSnapshot => transition(eventWizardMachine, snapshot, at(command, now))[0]

const run = (commands: ReadonlyArray<WizardCommand>, from = start()): WizardSnapshot => commands.reduce((s, c) => send(s, c), from)

const throughAllSteps = (lifetime = WEEK): WizardSnapshot => run(WIZARD_STEPS.map((step) => GOOD[step]), start(lifetime))

describe("the event wizard machine", () => {
  it("starts at the details step with an empty draft, revision 0, expiring a week from now", () => {
    const snapshot = start()
    expect(wizardStep(snapshot)).toBe("details")
    expect(snapshot.context).toEqual({ ownerId: OWNER, revision: 0, expiresAfterMs: WEEK, expiresAt: NOW + WEEK, draft: {}, returnToReview: false, editingEventId: null })
  })

  it("walks the steps in order with good answers and reaches review with the whole event", () => {
    const visited: Array<string> = []
    let snapshot = start()
    for (const step of WIZARD_STEPS) {
      visited.push(wizardStep(snapshot))
      snapshot = send(snapshot, GOOD[step])
    }
    expect(visited).toEqual([...WIZARD_STEPS])
    expect(wizardStep(snapshot)).toBe("review")
    expect(snapshot.context.draft).toEqual(PUBLISHED)
    expect(snapshot.context.revision).toBe(WIZARD_STEPS.length)
  })

  it("refuses a bad answer in every step: same state, same draft, same revision, with a reason", () => {
    let snapshot = start()
    for (const step of WIZARD_STEPS) {
      const refused = send(snapshot, BAD[step])
      expect(refused.context).toEqual(snapshot.context)
      expect(wizardStep(refused)).toBe(step)
      expect(explainRefusal(snapshot, at(BAD[step]))).toBeTruthy()
      snapshot = send(snapshot, GOOD[step])
    }
  })

  it("BACK goes to the previous step and keeps the answers, so the panel can prefill them", () => {
    const snapshot = run([GOOD.details, GOOD.timezone, { type: "BACK" }])
    expect(wizardStep(snapshot)).toBe("timezone")
    expect(snapshot.context.draft.timezone).toBe("Europe/London")
    expect(snapshot.context.revision).toBe(3)
  })

  it("BACK on the first step is refused and explained", () => {
    expect(explainRefusal(start(), at({ type: "BACK" }))).toMatch(/first step.*Cancel/)
  })

  it("CANCEL from any step or review ends in cancelled, a final state", () => {
    for (const commands of [[], [GOOD.details, GOOD.timezone], WIZARD_STEPS.map((s) => GOOD[s])]) {
      const snapshot = send(run(commands), { type: "CANCEL" })
      expect(wizardStep(snapshot)).toBe("cancelled")
      expect(snapshot.status).toBe("done")
    }
  })

  it("EDIT_FIELD from review opens that step, and submitting it returns to review", () => {
    const editing = send(throughAllSteps(), { type: "EDIT_FIELD", step: "vehicles" })
    expect(wizardStep(editing)).toBe("vehicles")
    expect(editing.context.returnToReview).toBe(true)
    const back = send(editing, { type: "SET_VEHICLES", vehicles: "Mazda MX-5 Cup" })
    expect(wizardStep(back)).toBe("review")
    expect(back.context.returnToReview).toBe(false)
    expect(back.context.draft.vehicles).toEqual(["Mazda MX-5 Cup"])
  })

  it("BACK from a step opened from review returns to review without changing the answer", () => {
    const review = throughAllSteps()
    const back = send(send(review, { type: "EDIT_FIELD", step: "track" }), { type: "BACK" })
    expect(wizardStep(back)).toBe("review")
    expect(back.context.draft).toEqual(review.context.draft)
  })

  it("EDIT_FIELD is only accepted from review", () => {
    expect(explainRefusal(start(), at({ type: "EDIT_FIELD", step: "track" }))).toMatch(/out of date/)
  })

  it("PUBLISH from review ends in published", () => {
    const snapshot = send(throughAllSteps(), { type: "PUBLISH" })
    expect(wizardStep(snapshot)).toBe("published")
    expect(snapshot.status).toBe("done")
  })

  it("PUBLISH is refused once the start has passed, saying which step to edit", () => {
    const review = throughAllSteps(30 * DAY)
    const afterStart = PUBLISHED.schedule.startsAt + HOUR
    expect(wizardStep(send(review, { type: "PUBLISH" }, afterStart))).toBe("review")
    expect(explainRefusal(review, at({ type: "PUBLISH" }, afterStart))).toMatch(/Date, start time and duration: The start time/)
  })

  it("PUBLISH is refused after a smaller track is chosen from review, until the capacity is fixed", () => {
    const smaller = run([{ type: "EDIT_FIELD", step: "track" }, { type: "SET_TRACK", track: SMALL_TRACK }], throughAllSteps())
    expect(wizardStep(smaller)).toBe("review")
    expect(explainRefusal(smaller, at({ type: "PUBLISH" }))).toMatch(/Capacity and broadcast slots: Lime Rock Park/)
    const fixed = run([{ type: "EDIT_FIELD", step: "capacity" }, { type: "SET_CAPACITY", maxDrivers: "18", broadcastSlots: "2" }, { type: "PUBLISH" }], smaller)
    expect(wizardStep(fixed)).toBe("published")
  })

  it("every accepted event adds one to the revision and pushes the expiry a week past that event", () => {
    const first = send(start(), GOOD.details, NOW + DAY)
    expect(first.context.revision).toBe(1)
    expect(first.context.expiresAt).toBe(NOW + DAY + WEEK)
  })

  it("an expired draft accepts nothing, not even CANCEL, and says it expired", () => {
    const snapshot = send(start(), GOOD.details)
    const expiry = snapshot.context.expiresAt
    expect(wizardStep(send(snapshot, { type: "CANCEL" }, expiry))).toBe("timezone")
    expect(explainRefusal(snapshot, at(GOOD.timezone, expiry))).toMatch(/expired .*\/event create/)
    expect(wizardStep(send(snapshot, GOOD.timezone, expiry - 1))).toBe("schedule")
  })

  it("a click meant for another step is refused as coming from an out-of-date panel", () => {
    expect(explainRefusal(start(), at(GOOD.track))).toMatch(/out of date/)
  })

  it("finished drafts explain that they are finished", () => {
    const published = send(throughAllSteps(), { type: "PUBLISH" })
    expect(explainRefusal(published, at({ type: "CANCEL" }))).toMatch(/published.*\/event manage/)
    expect(explainRefusal(send(start(), { type: "CANCEL" }), at(GOOD.details))).toMatch(/cancelled/)
  })
})
