/**
 * Model-based test: xstate/graph finds a shortest path to every state of the wizard (with
 * "opened from review" counted as a different state), and from each one every sample event
 * is tried, which covers every transition. Each walk is replayed through `stepWizard`,
 * saving and restoring between every step, next to the same walk kept in memory.
 */
import { describe, expect, it } from "vitest"
import { type AnyTransitionDefinition, initialTransition, transition } from "xstate"
import { getShortestPaths } from "xstate/graph"
import { WIZARD_STEPS } from "../../../src/domain/events/draft.js"
import { draftProblems } from "../../../src/domain/events/steps.js"
import { eventWizardMachine, WIZARD_STATES, type WizardCommand, type WizardEvent, type WizardSnapshot, wizardStep } from "../../../src/machines/event-wizard.js"
import { type StepResult, stepWizard } from "../../../src/machines/event-wizard-step.js"
import { at, BAD, GOOD, NOW, OWNER, PUBLISHED, WEEK } from "../../fixtures/wizard/answers.js"
import { storedText, throughStorage } from "../../support/wizard-storage.js"

const input = { ownerId: OWNER, now: NOW, expiresAfterMs: WEEK }
const options = { now: NOW, ownerId: OWNER, expiresAfterMs: WEEK }

const SAMPLE_COMMANDS: ReadonlyArray<WizardCommand> = [
  ...WIZARD_STEPS.map((step) => GOOD[step]),
  ...WIZARD_STEPS.map((step) => BAD[step]),
  ...WIZARD_STEPS.map((step) => ({ type: "EDIT_FIELD", step }) as const),
  { type: "BACK" },
  { type: "CANCEL" },
  { type: "PUBLISH" },
]
const SAMPLE_EVENTS: ReadonlyArray<WizardEvent> = SAMPLE_COMMANDS.map((command) => at(command))

// Context changes on every step (revision, expiry), so the graph's states are the step plus
// whether it was opened from review; that keeps the graph small and finite.
const serializeState = (snapshot: WizardSnapshot): string => JSON.stringify([snapshot.value, snapshot.context.returnToReview])

const paths = getShortestPaths(eventWizardMachine, { input, events: SAMPLE_EVENTS, serializeState, limit: 10_000 })

const ALL_TRANSITIONS: ReadonlySet<AnyTransitionDefinition> = new Set(
  Object.values(eventWizardMachine.states).flatMap((node) => [...node.transitions.values()].flat()),
)
const taken = new Set<AnyTransitionDefinition>()

/** One click: in memory and through stepWizard from the saved draft (restore, transition, save), checked against each other. */
const step = (memory: WizardSnapshot, stored: StepResult, command: WizardCommand): [WizardSnapshot, StepResult] => {
  const event = at(command)
  for (const definition of eventWizardMachine.getTransitionData(memory, event)) taken.add(definition)
  const [nextMemory] = transition(eventWizardMachine, memory, event)
  const next = stepWizard(throughStorage(stored.snapshot), command, options)
  const { view } = next

  expect(storedText(next.snapshot)).toBe(storedText(nextMemory))
  expect(view.step).toBe(wizardStep(nextMemory))
  if (view.accepted) {
    expect(view.revision).toBe(stored.view.revision + 1)
    expect(view.refusal).toBeUndefined()
  } else {
    expect(storedText(next.snapshot)).toBe(storedText(stored.snapshot))
    expect(view.revision).toBe(stored.view.revision)
    expect(view.refusal?.length ?? 0).toBeGreaterThan(10)
  }
  expect(view.accepted).toBe(memory.can(event))

  // The draft is valid for the steps passed: in the forward walk every earlier step is
  // answered and consistent; at review and after publishing, the whole event is.
  const { draft, returnToReview } = nextMemory.context
  const here = WIZARD_STEPS.indexOf(view.step as (typeof WIZARD_STEPS)[number])
  if (here >= 0 && !returnToReview) {
    const passed = WIZARD_STEPS.slice(0, here)
    expect(draftProblems(draft, NOW).filter((problem) => passed.includes(problem.step))).toEqual([])
  }
  if (view.step === "review" || view.step === "published") expect(draftProblems(draft, NOW)).toEqual([])

  expect(storedText(throughStorage(next.snapshot))).toBe(storedText(next.snapshot))
  return [nextMemory, next]
}

describe("every state and transition of the event wizard, saved and restored between every step", () => {
  it("the graph reaches every state, including each step opened from review", () => {
    const reached = new Set(paths.map((path) => serializeState(path.state)))
    expect(new Set(paths.map((path) => path.state.value))).toEqual(new Set(WIZARD_STATES))
    for (const step of WIZARD_STEPS) {
      expect(reached.has(JSON.stringify([step, false])), step).toBe(true)
      expect(reached.has(JSON.stringify([step, true])), `${step} opened from review`).toBe(true)
    }
  })

  describe.each(paths.map((path) => [serializeState(path.state), path] as const))("the shortest walk to %s", (_name, path) => {
    it("replays the same through stepWizard as in memory, then every sample event from there does too", () => {
      let memory = initialTransition(eventWizardMachine, input)[0]
      let stored = stepWizard(null, { type: "START" }, options)
      // xstate/graph puts a synthetic "xstate.init" event at the start of every path.
      for (const { event } of path.steps.slice(1)) {
        const { now: _now, ...command } = event
        ;[memory, stored] = step(memory, stored, command)
      }
      expect(serializeState(memory)).toBe(serializeState(path.state))
      for (const command of SAMPLE_COMMANDS) step(memory, stored, command)
    })
  })

  it("took every transition the machine defines", () => {
    const missed = [...ALL_TRANSITIONS].filter((definition) => !taken.has(definition)).map((d) => `${d.source.key} on ${d.eventType}`)
    expect(missed).toEqual([])
  })

  it("the sample answers really are a whole event (so review and publish were reached for real)", () => {
    expect(paths.find((path) => path.state.value === "published")?.state.context.draft).toEqual(PUBLISHED)
  })
})
