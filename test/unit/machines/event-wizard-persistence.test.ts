import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { initialTransition, transition } from "xstate"
import { eventWizardMachine, WIZARD_STATES, type WizardSnapshot, wizardStep } from "../../../src/machines/event-wizard.js"
import { persistWizard, restoreWizard, WIZARD_VERSION } from "../../../src/machines/event-wizard-persistence.js"
import { at, GOOD, NOW, OWNER, PUBLISHED, WEEK } from "../../fixtures/wizard/answers.js"

const FIXTURES = join(import.meta.dirname, "../../fixtures/wizard")
const fixtureFiles = readdirSync(FIXTURES).filter((name) => name.endsWith(".json")).sort()
const readFixture = (name: string): string => readFileSync(join(FIXTURES, name), "utf8")

/** What the drafts repository writes to the state_json column. */
const saved = (snapshot: WizardSnapshot): string => JSON.stringify(persistWizard(snapshot))

const restored = (json: unknown): WizardSnapshot => {
  const result = restoreWizard(json)
  if (Either.isLeft(result)) throw result.left
  return result.right
}

const failure = (json: string) => {
  const result = restoreWizard(json)
  if (Either.isRight(result)) throw new Error("expected the stored draft to be refused")
  return result.left
}

describe("stored wizard fixtures", () => {
  it("include every state of the machine, in version 1 and in the current version", () => {
    for (const version of [1, WIZARD_VERSION]) {
      const states = fixtureFiles.filter((name) => name.startsWith(`v${version}-`)).map((name) => JSON.parse(readFixture(name)).value)
      expect(new Set(states), `version ${version}`).toEqual(new Set(WIZARD_STATES))
    }
  })

  it.each(fixtureFiles)("%s restores to its state with its answers, and can carry on", (name) => {
    const stored = JSON.parse(readFixture(name))
    const snapshot = restored(readFixture(name))
    expect(wizardStep(snapshot)).toBe(stored.value)
    expect(snapshot.context.draft).toEqual(stored.context.draft)
    expect(snapshot.context.ownerId).toBe(stored.context.ownerId)
    const beforeExpiry = snapshot.context.expiresAt - 1
    if (snapshot.status === "done") {
      expect(snapshot.can(at({ type: "CANCEL" }, beforeExpiry))).toBe(false)
    } else {
      const cancelled = transition(eventWizardMachine, snapshot, at({ type: "CANCEL" }, beforeExpiry))[0]
      expect(wizardStep(cancelled)).toBe("cancelled")
      expect(cancelled.context.revision).toBe(snapshot.context.revision + 1)
    }
  })

  it.each(fixtureFiles.filter((name) => name.startsWith("v1-")))("%s migrates to version 2 keeping every answer, with revision 0", (name) => {
    const v1 = JSON.parse(readFixture(name))
    const v2 = JSON.parse(saved(restored(readFixture(name))))
    expect(v2).toEqual({ ...v1, version: 2, context: { ...v1.context, revision: 0 } })
  })

  it.each(fixtureFiles.filter((name) => name.startsWith(`v${WIZARD_VERSION}-`)))("%s saves back byte for byte the same (apart from formatting)", (name) => {
    expect(saved(restored(readFixture(name)))).toBe(JSON.stringify(JSON.parse(readFixture(name))))
  })
})

describe("saving and restoring", () => {
  const review = (): WizardSnapshot => {
    let snapshot = initialTransition(eventWizardMachine, { ownerId: OWNER, now: NOW, expiresAfterMs: WEEK })[0]
    for (const command of Object.values(GOOD)) snapshot = transition(eventWizardMachine, snapshot, at(command))[0]
    return snapshot
  }

  it("a saved review restores with the same state and context", () => {
    const snapshot = review()
    const back = restored(saved(snapshot))
    expect(wizardStep(back)).toBe("review")
    expect(back.context).toEqual(snapshot.context)
    expect(back.context.draft).toEqual(PUBLISHED)
  })

  it("a draft from a newer version is refused, not guessed at", () => {
    const stored = { ...JSON.parse(saved(review())), version: WIZARD_VERSION + 1 }
    expect(failure(JSON.stringify(stored))).toMatchObject({ _tag: "RestoreFailure", reason: "newer-version", message: expect.stringMatching(/newer version of Pitboard/) })
  })

  it("damaged drafts are refused with a reason for the admin and details for the logs", () => {
    expect(failure("{not json")).toMatchObject({ reason: "damaged", message: expect.stringMatching(/couldn't be read.*not valid JSON/) })
    expect(failure(JSON.stringify({ machine: "claim", version: 2, value: "details", context: {} })).message).toMatch(/couldn't be read/)
    const badContext = { ...JSON.parse(saved(review())), context: { ownerId: OWNER } }
    expect(failure(JSON.stringify(badContext))).toMatchObject({ reason: "damaged", message: expect.stringMatching(/couldn't be read.*revision/) })
    const badAnswer = JSON.parse(saved(review()))
    badAnswer.context.draft.capacity.maxDrivers = "thirty"
    expect(failure(JSON.stringify(badAnswer)).message).toMatch(/context.draft.capacity.maxDrivers: Expected number, actual "thirty"/)
  })

  it("a state that no longer exists resumes at the first unanswered step, keeping the answers", () => {
    const stored = JSON.parse(saved(review()))
    delete stored.context.draft.rules
    const snapshot = restored(JSON.stringify({ ...stored, value: "pickCircuit" }))
    expect(wizardStep(snapshot)).toBe("rules")
    expect(snapshot.context.draft.track).toEqual(PUBLISHED.track)
    expect(wizardStep(restored(JSON.stringify({ ...JSON.parse(saved(review())), value: "pickCircuit" })))).toBe("review")
  })
})
