import { readFileSync } from "node:fs"
import { join } from "node:path"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { WIZARD_STEPS } from "../../../src/domain/events/draft.js"
import type { WizardCommand } from "../../../src/machines/event-wizard.js"
import { persistWizard, restoreWizard } from "../../../src/machines/event-wizard-persistence.js"
import { type StartCommand, type StepOptions, type StepResult, startEditing, stepWizard } from "../../../src/machines/event-wizard-step.js"
import { DAY, GOOD, MINUTE, NOW, OWNER, PUBLISHED, SOMEONE_ELSE, WEEK } from "../../fixtures/wizard/answers.js"

const options: StepOptions = { now: NOW, ownerId: OWNER }
const opened = (): StepResult => stepWizard(null, { type: "START" }, options)
const click = (result: StepResult, command: WizardCommand | StartCommand, extra: Partial<StepOptions> = {}): StepResult =>
  stepWizard(result.snapshot, command, { ...options, ...extra })
const throughAllSteps = (): StepResult => WIZARD_STEPS.reduce((result, step) => click(result, GOOD[step]), opened())

describe("stepWizard, the shell's one call per click", () => {
  it("START with nothing stored opens a new draft at the details step", () => {
    const { snapshot, view } = opened()
    expect(view).toEqual({ step: "details", draft: {}, revision: 0, accepted: true, expiresAt: NOW + WEEK, ownerId: OWNER, editingEventId: null })
    expect(persistWizard(snapshot)).toMatchObject({ machine: "eventWizard", version: 2, value: "details" })
  })

  it("the draft's lifetime comes from the options when the shell configures it", () => {
    expect(stepWizard(null, { type: "START" }, { ...options, expiresAfterMs: DAY }).view.expiresAt).toBe(NOW + DAY)
  })

  it("an accepted answer moves on, adds one to the revision and saves", () => {
    const { snapshot, view } = click(opened(), GOOD.details)
    expect(view).toMatchObject({ step: "timezone", revision: 1, accepted: true })
    expect(view.refusal).toBeUndefined()
    expect(persistWizard(snapshot)).toMatchObject({ value: "timezone", context: { revision: 1 } })
  })

  it("a refused answer keeps the stored draft exactly and says why", () => {
    const before = opened()
    const after = click(before, { type: "SET_DETAILS", title: "", description: "" })
    expect(after.snapshot).toBe(before.snapshot)
    expect(after.view).toMatchObject({ step: "details", revision: 0, accepted: false, refusal: expect.stringMatching(/needs a title/) })
  })

  it("someone other than the owner is refused and nothing changes", () => {
    const before = opened()
    const after = click(before, GOOD.details, { ownerId: SOMEONE_ELSE })
    expect(after.snapshot).toBe(before.snapshot)
    expect(after.view.refusal).toBe(`Only <@${OWNER}> can use this wizard panel. Start your own with /event create.`)
  })

  it("a click from a panel rendered at an older revision is refused as out of date", () => {
    const twoPanels = click(opened(), GOOD.details)
    const stale = click(twoPanels, GOOD.timezone, { revision: 0 })
    expect(stale.snapshot).toBe(twoPanels.snapshot)
    expect(stale.view.refusal).toMatch(/out of date/)
    expect(click(twoPanels, GOOD.timezone, { revision: 1 }).view.accepted).toBe(true)
  })

  it("START on an open draft shows that draft instead of replacing it", () => {
    const inProgress = click(opened(), GOOD.details)
    const again = click(inProgress, { type: "START" }, { now: NOW + MINUTE })
    expect(again.snapshot).toBe(inProgress.snapshot)
    expect(again.view).toMatchObject({ step: "timezone", accepted: false, refusal: expect.stringMatching(/already have an event draft/) })
  })

  it("START on an expired, cancelled or published draft starts a new one", () => {
    const inProgress = click(opened(), GOOD.details)
    expect(click(inProgress, { type: "START" }, { now: NOW + 2 * WEEK }).view).toMatchObject({ step: "details", accepted: true, draft: {} })
    expect(click(click(inProgress, { type: "CANCEL" }), { type: "START" }).view).toMatchObject({ step: "details", accepted: true })
  })

  it("a click on an expired draft is refused as expired", () => {
    expect(click(opened(), GOOD.details, { now: NOW + WEEK }).view.refusal).toMatch(/expired/)
  })

  it("a click with nothing stored opens a new draft without applying the click, and says so", () => {
    const { view } = stepWizard(null, GOOD.track, options)
    expect(view).toMatchObject({ step: "details", accepted: false, refusal: expect.stringMatching(/no longer exists/) })
  })

  it("an unreadable stored draft is replaced by a new one, with the reason shown", () => {
    const unreadable = restoreWizard("{oops")
    if (Either.isRight(unreadable)) throw new Error("expected the stored draft to be refused")
    const { view } = stepWizard(unreadable.left, GOOD.details, options)
    expect(view).toMatchObject({ step: "details", draft: {}, accepted: false, refusal: expect.stringMatching(/couldn't be read/) })
  })

  it("a version 1 draft (before revisions) carries on where it was", () => {
    const v1 = readFileSync(join(import.meta.dirname, "../../fixtures/wizard/v1-track.json"), "utf8")
    const { view } = stepWizard(Either.getOrThrow(restoreWizard(v1)), GOOD.track, { ...options, now: NOW + 10 * MINUTE })
    expect(view).toMatchObject({ step: "capacity", revision: 1, accepted: true })
  })

  it("publishing hands back the complete event to store and announce", () => {
    const { view } = click(throughAllSteps(), { type: "PUBLISH" })
    expect(view).toMatchObject({ step: "published", accepted: true, details: PUBLISHED })
  })
})

describe("startEditing, for /event manage", () => {
  it("opens the published event at review, every answer filled in, marked as an edit of that event", () => {
    const { view } = startEditing({ eventId: "55", details: PUBLISHED }, options)
    expect(view).toEqual({ step: "review", draft: PUBLISHED, revision: 0, accepted: true, expiresAt: NOW + WEEK, ownerId: OWNER, editingEventId: "55" })
  })

  it("edits go through the same steps and publishing saves the changed event under the same id", () => {
    const editing = startEditing({ eventId: "55", details: PUBLISHED }, options)
    const edited = [{ type: "EDIT_FIELD", step: "details" } as const, { ...GOOD.details, title: "GT3 Sprint — Round 4 (moved)" }, { type: "PUBLISH" } as const]
    const { view } = edited.reduce((result, command) => click(result, command), editing)
    expect(view).toMatchObject({ step: "published", revision: 3, editingEventId: "55" })
    expect(view.details?.details.title).toBe("GT3 Sprint — Round 4 (moved)")
  })
})
