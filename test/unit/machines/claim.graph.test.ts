// Model-based coverage: xstate/graph enumerates paths through the claim machine with sample
// events, and every path is replayed through the pure `applyClaimEvent` the app uses.
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { getShortestPaths, getSimplePaths } from "xstate/graph"
import { unsafeCarNumber } from "../../../src/domain/numbers/car-number.js"
import {
  type ClaimEvent,
  type ClaimInput,
  type ClaimSnapshot,
  applyClaimEvent,
  claimMachine,
} from "../../../src/machines/claim.js"
import { persistClaim, restoreClaim } from "../../../src/machines/claim-persistence.js"
import { expectPureStepsMatchXstate } from "../../support/xstate-equivalence.js"

const input: ClaimInput = {
  via: "claim",
  claimId: "c1",
  guildId: "g1",
  classId: "gt3",
  number: unsafeCarNumber("7"),
  holderId: "alice",
  actorId: "alice",
  at: 0,
}

/** Valid and invalid samples of every event, based on who holds the number right now. */
const sampleEvents = (s: ClaimSnapshot): ReadonlyArray<ClaimEvent> => {
  const holder = s.context.holderId
  const other = holder === "alice" ? "bob" : "alice"
  return [
    { type: "CONFIRM", actorId: "sync", at: 1 },
    { type: "UNCONFIRM", actorId: "sync", at: 2 },
    { type: "RELEASE", actorId: holder, at: 3 },
    { type: "RELEASE", actorId: "mallory", at: 3 },
    { type: "REVOKE", actorId: "admin", at: 4, reason: "spam" },
    { type: "REVOKE", actorId: "admin", at: 4, reason: "" },
    { type: "TRANSFER", actorId: other, at: 5, toHolderId: other },
    { type: "TRANSFER", actorId: holder, at: 5, toHolderId: holder },
  ]
}

// State identity is the state plus the holder: the history grows forever and would make every
// visit a new state.
const traversal = {
  input,
  events: sampleEvents,
  serializeState: (s: ClaimSnapshot) => JSON.stringify([s.value, s.context.holderId]),
}

const replay = (events: ReadonlyArray<ClaimEvent>): ClaimSnapshot => {
  const first = applyClaimEvent(null, { ...input, type: "CLAIM" })
  if ("refused" in first) throw new Error(first.refused)
  let s = first.next
  for (const e of events) {
    const r = applyClaimEvent(s, e)
    if ("refused" in r) throw new Error(`path step refused: ${r.refused}`)
    expect(r.historyEntry.status).toBe(r.next.value)
    s = r.next
  }
  return s
}

const stepsOf = (path: { steps: ReadonlyArray<{ event: { type: string } }> }) =>
  path.steps.map((s) => s.event).filter((e): e is ClaimEvent => e.type !== "xstate.init")

const shortest = getShortestPaths(claimMachine, traversal)
const simple = getSimplePaths(claimMachine, traversal)

describe("claim machine graph", () => {
  it("GIVEN every simple path WHEN stepped by pureStepper THEN each snapshot equals xstate's own transition()", () => {
    const compared = simple.reduce((sum, path) => sum + expectPureStepsMatchXstate(claimMachine, input, stepsOf(path)), 0)
    expect(compared).toBeGreaterThan(simple.length)
  })

  it("GIVEN sample events THEN shortest paths reach every state, for the first holder and for a new one", () => {
    const reached = new Set(shortest.map((p) => `${p.state.value}/${p.state.context.holderId}`))
    expect([...reached].sort()).toEqual(
      ["claimed", "confirmed", "released", "revoked"].flatMap((v) => [`${v}/alice`, `${v}/bob`]).sort(),
    )
  })

  it.each(shortest.map((p) => [`${p.state.value} held by ${p.state.context.holderId}`, p] as const))(
    "GIVEN the shortest path to %s WHEN replayed through applyClaimEvent THEN the same state and one history entry per step",
    (_, path) => {
      const events = stepsOf(path)
      const s = replay(events)
      // Only what the traversal treats as identity is compared: the graph keeps one snapshot
      // per (state, holder), which may come from a longer route with more history.
      expect(traversal.serializeState(s)).toBe(traversal.serializeState(path.state))
      expect(s.context.history).toHaveLength(events.length + 1)
    },
  )

  it("GIVEN every simple path THEN each ends in a state whose history agrees with it", () => {
    expect(simple.length).toBeGreaterThan(shortest.length)
    for (const path of simple) {
      const s = replay(stepsOf(path))
      expect(s.context.history.at(-1)?.status).toBe(s.value)
    }
  })

  it("GIVEN every simple path ending in a final state WHEN any sample event arrives THEN it is refused", () => {
    const finals = simple.filter((p) => p.state.status === "done")
    expect(new Set(finals.map((p) => p.state.value))).toEqual(new Set(["released", "revoked"]))
    for (const path of finals) {
      for (const e of sampleEvents(path.state)) expect(applyClaimEvent(path.state, e)).toHaveProperty("refused")
    }
  })

  it("GIVEN every step of every simple path WHEN stored and restored THEN the rest of the path ends the same", () => {
    for (const path of simple) {
      const events = stepsOf(path)
      const whole = replay(events)
      for (let cut = 0; cut <= events.length; cut++) {
        const stored = JSON.stringify(persistClaim(replay(events.slice(0, cut))))
        let s = Either.getOrThrow(restoreClaim(stored))
        for (const e of events.slice(cut)) {
          const r = applyClaimEvent(s, e)
          if ("refused" in r) throw new Error(r.refused)
          s = r.next
        }
        expect({ value: s.value, context: s.context }).toEqual({ value: whole.value, context: whole.context })
      }
    }
  })
})
