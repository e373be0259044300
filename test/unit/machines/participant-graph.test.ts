// Model-based coverage: xstate/graph walks the participant machine with sample events (valid
// and invalid, at different moments of race night), and every path is replayed through the
// pure `applyParticipantEvent` the entry list uses, and through a store/restore at each step.
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { getShortestPaths, getSimplePaths } from "xstate/graph"
import { checkInWindow } from "../../../src/domain/race-night/check-in.js"
import {
  PARTICIPANT_STATES,
  type ParticipantEvent,
  type ParticipantInput,
  type ParticipantSnapshot,
  applyParticipantEvent,
  participantMachine,
} from "../../../src/machines/participant.js"
import { persistParticipant, restoreParticipant } from "../../../src/machines/participant-persistence.js"
import { expectPureStepsMatchXstate } from "../../support/xstate-equivalence.js"
import { ADMIN, AFTER_CLOSE, AFTER_START, BEFORE_OPEN, CHECK_IN_OPEN, DETAILS, registrationOf } from "../../fixtures/participant/sample.js"

const window = checkInWindow(DETAILS)
const input: ParticipantInput = { eventId: "ev1", memberId: "ana" }
const registration = registrationOf("Ana")

/** A fixed menu, so the graph stays small: state + checked in + check-outs identify a node. */
const sampleEvents = (): ReadonlyArray<ParticipantEvent> => [
  { type: "REGISTER", eventId: "ev1", memberId: "ana", to: "grid", registration, queueNumber: 1, actorId: "ana", at: BEFORE_OPEN },
  { type: "REGISTER", eventId: "ev1", memberId: "ana", to: "waitlist", registration, queueNumber: 2, actorId: "ana", at: BEFORE_OPEN },
  { type: "PROMOTE", actorId: "pitboard", at: CHECK_IN_OPEN },
  { type: "DEMOTE", queueNumber: 3, actorId: ADMIN, at: CHECK_IN_OPEN },
  { type: "CHECK_IN", window, actorId: "ana", at: CHECK_IN_OPEN },
  { type: "CHECK_IN", window, actorId: "ana", at: BEFORE_OPEN },
  { type: "CHECK_OUT", window, checkoutLimit: 1, actorId: "ana", at: AFTER_CLOSE },
  { type: "CHECK_OUT", window, checkoutLimit: 1, actorId: "ana", at: AFTER_START },
  { type: "WITHDRAW", window, actorId: "ana", at: CHECK_IN_OPEN },
  { type: "WITHDRAW", window, actorId: "bob", at: CHECK_IN_OPEN },
  { type: "REMOVE", actorId: ADMIN, at: CHECK_IN_OPEN, reason: "unsporting" },
  { type: "MARK_NO_SHOW", actorId: "pitboard", at: AFTER_CLOSE },
]

const identity = (s: ParticipantSnapshot) => JSON.stringify([s.value, s.context.checkedIn, s.context.checkouts])
const traversal = { input, events: sampleEvents, serializeState: identity }

const stepsOf = (path: { steps: ReadonlyArray<{ event: { type: string } }> }) =>
  path.steps.map((s) => s.event).filter((e): e is ParticipantEvent => e.type !== "xstate.init")

const replay = (events: ReadonlyArray<ParticipantEvent>, from: ParticipantSnapshot | null = null): ParticipantSnapshot | null => {
  let s = from
  for (const e of events) {
    const r = applyParticipantEvent(s, e)
    if ("refused" in r) throw new Error(`path step ${e.type} refused: ${r.refused}`)
    expect(r.historyEntry.status).toBe(r.next.value)
    s = r.next
  }
  return s
}

const shortest = getShortestPaths(participantMachine, traversal)
const simple = getSimplePaths(participantMachine, { ...traversal, limit: 5000 }).map((path) => ({ path, events: stepsOf(path) }))

describe("participant machine graph", () => {
  it("GIVEN every simple path WHEN stepped by pureStepper THEN each snapshot equals xstate's own transition()", () => {
    const compared = simple.reduce((sum, { events }) => sum + expectPureStepsMatchXstate(participantMachine, input, events), 0)
    expect(compared).toBeGreaterThan(simple.length)
  })

  it("GIVEN sample events THEN shortest paths reach every state, and both checked-in flags on grid and waitlist", () => {
    expect(new Set(shortest.map((p) => p.state.value))).toEqual(new Set(PARTICIPANT_STATES))
    const active = shortest.filter((p) => p.state.value === "grid" || p.state.value === "waitlist").map((p) => `${p.state.value}/${p.state.context.checkedIn}`)
    expect(new Set(active)).toEqual(new Set(["grid/true", "grid/false", "waitlist/true", "waitlist/false"]))
  })

  it.each(shortest.filter((p) => p.state.value !== "unregistered").map((p) => [identity(p.state), p] as const))(
    "GIVEN the shortest path to %s WHEN replayed through applyParticipantEvent THEN the same node with one history entry per step",
    (_, path) => {
      const events = stepsOf(path)
      const s = replay(events)
      if (s === null) throw new Error("a path to a registered state has events")
      expect(identity(s)).toBe(identity(path.state))
      expect(s.context.history).toHaveLength(events.length)
    },
  )

  // Storing at every step of every path takes seconds; one cut per path, moving along the
  // paths in turn, still stores and restores every kind of state at every depth.
  it("GIVEN every simple path THEN each step is accepted, it ends where the graph says, and storing and restoring at one of its steps changes nothing", () => {
    expect(simple.length).toBeGreaterThan(shortest.length)
    simple.forEach(({ path, events }, i) => {
      const whole = replay(events)
      if (whole === null) return
      expect(identity(whole)).toBe(identity(path.state))
      const cut = 1 + (i % events.length)
      const prefix = replay(events.slice(0, cut))
      if (prefix === null) throw new Error("a registered prefix")
      const s = replay(events.slice(cut), Either.getOrThrow(restoreParticipant(JSON.stringify(persistParticipant(prefix)))))
      expect({ value: s?.value, context: s?.context }).toEqual({ value: whole.value, context: whole.context })
    })
  })
})
