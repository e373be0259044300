// Properties of the claim machine: storing and restoring at any point changes nothing, every
// accepted event leaves exactly one history entry, and the machine agrees with the guild model.
import * as Either from "effect/Either"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { unsafeCarNumber } from "../../src/domain/numbers/car-number.js"
import { type Change, initialModel } from "../support/numbers-model.js"
import {
  type ApplyResult,
  type ClaimEvent,
  type ClaimSnapshot,
  type StartClaimEvent,
  applyClaimEvent,
  toActiveClaim,
} from "../../src/machines/claim.js"
import { persistClaim, restoreClaim } from "../../src/machines/claim-persistence.js"
import { SMALL_LEAGUE, commandArb, play } from "../support/numbers-arbitraries.js"

const START: StartClaimEvent = {
  type: "CLAIM",
  claimId: "c1",
  guildId: "g",
  classId: "a",
  number: unsafeCarNumber("07"),
  holderId: "alice",
  actorId: "alice",
  at: 1_000,
}

const people = fc.constantFrom("alice", "bob", "carol")
/** Events without a time; `at` is filled in from the position so time only moves forward. */
const eventArb: fc.Arbitrary<(at: number) => ClaimEvent> = fc.oneof(
  fc.constant((at: number): ClaimEvent => ({ type: "CONFIRM", actorId: "sync", at })),
  fc.constant((at: number): ClaimEvent => ({ type: "UNCONFIRM", actorId: "sync", at })),
  people.map((actorId) => (at: number): ClaimEvent => ({ type: "RELEASE", actorId, at })),
  fc.constantFrom("", " ", "spam", "x".repeat(501)).map((reason) => (at: number): ClaimEvent => ({ type: "REVOKE", actorId: "admin", at, reason })),
  fc.tuple(people, fc.oneof(people, fc.constant(""))).map(([actorId, toHolderId]) => (at: number): ClaimEvent => ({ type: "TRANSFER", actorId, at, toHolderId })),
)
const eventsArb = fc.array(eventArb, { maxLength: 25, size: "max" }).map((makers) => makers.map((make, i) => make(2_000 + i * 1_000)))

const startSnapshot = (): ClaimSnapshot => {
  const r = applyClaimEvent(null, START)
  if ("refused" in r) throw new Error(r.refused)
  return r.next
}

/** Runs events, keeping refused ones as no-ops; returns the end state and every result. */
const runAll = (from: ClaimSnapshot, events: ReadonlyArray<ClaimEvent>) => {
  let s = from
  const results: Array<ApplyResult> = []
  for (const e of events) {
    const r = applyClaimEvent(s, e)
    results.push(r)
    if ("next" in r) s = r.next
  }
  return { end: s, results }
}

const summary = (r: ApplyResult) => ("refused" in r ? { refused: r.refused } : { value: r.next.value, entry: r.historyEntry })

describe("claim machine under any events", () => {
  it("GIVEN any events WHEN the claim is stored and restored at any step THEN continuing gives the same result as never stopping", () => {
    fc.assert(
      fc.property(eventsArb, fc.nat(), (events, cutSeed) => {
        const cut = cutSeed % (events.length + 1)
        const live = runAll(startSnapshot(), events)
        const first = runAll(startSnapshot(), events.slice(0, cut))
        const restored = Either.getOrThrow(restoreClaim(JSON.stringify(persistClaim(first.end))))
        const rest = runAll(restored, events.slice(cut))
        expect({ value: rest.end.value, status: rest.end.status, context: rest.end.context }).toEqual({
          value: live.end.value,
          status: live.end.status,
          context: live.end.context,
        })
        expect(rest.results.map(summary)).toEqual(live.results.slice(cut).map(summary))
      }),
      { numRuns: 300 },
    )
  })

  it("GIVEN any events THEN each accepted event adds one matching history entry and each refused one changes nothing", () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        let s = startSnapshot()
        for (const e of events) {
          const r = applyClaimEvent(s, e)
          if ("refused" in r) {
            expect(r.refused.length).toBeGreaterThan(10)
            continue
          }
          expect(r.next.context.history).toEqual([...s.context.history, r.historyEntry])
          expect(r.historyEntry).toEqual(expect.objectContaining({ actorId: e.actorId, at: e.at, status: r.next.value, holderId: r.next.context.holderId }))
          s = r.next
        }
      }),
      { numRuns: 300 },
    )
  })

  it("GIVEN any events THEN once released or revoked the claim refuses everything after", () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        let s = startSnapshot()
        for (const e of events) {
          const wasFinal = s.status === "done"
          const r = applyClaimEvent(s, e)
          if (wasFinal) expect(r).toHaveProperty("refused")
          if ("next" in r) s = r.next
        }
        expect(s.status === "done").toBe(s.value === "released" || s.value === "revoked")
      }),
      { numRuns: 300 },
    )
  })
})

// ---------------------------------------------------------------- machine and model in step

const eventFor = (change: Change, at: number): ClaimEvent | StartClaimEvent => {
  switch (change.kind) {
    case "created": {
      const c = change.claim
      const type = change.via === "claim" ? "CLAIM" : "ASSIGN"
      return { type, claimId: c.id, guildId: c.guildId, classId: c.classId, number: c.number, holderId: c.holderId, actorId: change.actorId, at }
    }
    case "confirmed":
      return { type: "CONFIRM", actorId: "iracing-sync", at }
    case "released":
      return { type: "RELEASE", actorId: change.actorId, at }
    case "revoked":
      return { type: "REVOKE", actorId: change.actorId, at, reason: change.reason }
    case "transferred":
      return { type: "TRANSFER", actorId: change.actorId, at, toHolderId: change.toHolderId }
  }
}

const claimIdOf = (change: Change) => (change.kind === "created" ? change.claim.id : change.claimId)

describe("claim machines alongside the guild model", () => {
  it("GIVEN any guild commands WHEN each change is sent to its claim's machine THEN the machines accept it and hold exactly the model's claims", () => {
    fc.assert(
      fc.property(fc.array(commandArb({ admins: true }), { maxLength: 60, size: "max" }), (commands) => {
        const machines = new Map<string, ClaimSnapshot>()
        for (const { step } of play(initialModel("g", SMALL_LEAGUE, Date.UTC(2026, 0, 1)), commands)) {
          if (!step.outcome.ok) continue
          for (const change of step.outcome.changes) {
            const id = claimIdOf(change)
            const r = applyClaimEvent(machines.get(id) ?? null, eventFor(change, step.state.now))
            if ("refused" in r) throw new Error(`machine refused ${change.kind}: ${r.refused}`)
            machines.set(id, r.next)
          }
          const active = [...machines.values()].map(toActiveClaim).filter((c) => c !== null)
          const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1)
          expect(active.sort(byId)).toEqual([...step.state.claims].sort(byId))
        }
      }),
      { numRuns: 200 },
    )
  })
})
