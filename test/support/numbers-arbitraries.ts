// fast-check 4 arbitraries for the car-number properties. Handwritten rather than derived from
// the Schemas: effect's Schema arbitraries are fast-check 3 values (see stack notes §0).
import fc from "fast-check"
import type { CarNumber } from "../../src/domain/numbers/car-number.js"
import type { NumberClass } from "../../src/domain/numbers/classes.js"
import { type Command, type ModelState, type Step, applyCommand } from "./numbers-model.js"

export const carNumberArb: fc.Arbitrary<CarNumber> = fc.stringMatching(/^\d{1,3}$/).map((s) => s as CarNumber)

/** A value written with 0 to 2 leading zeros, kept to 3 digits. */
export const paddedNumberArb = (min: number, max: number): fc.Arbitrary<CarNumber> =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min: 0, max: 2 })).map(([v, zeros]) => {
    const padded = `${"0".repeat(zeros)}${v}`
    return (padded.length > 3 ? String(v) : padded) as CarNumber
  })

export const classArb: fc.Arbitrary<NumberClass> = fc
  .tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 3 }))
  .chain(([min, width, limit]) => {
    const max = Math.min(999, min + width)
    return fc.uniqueArray(paddedNumberArb(min, max), { maxLength: 6 }).map((reserved) => ({
      id: "k",
      name: "Klass",
      min,
      max,
      limitPerMember: limit,
      reserved,
    }))
  })

// A tiny league where collisions are likely: A and B overlap on 10–12, and each has a reserved
// number (B's is written with a leading zero).
export const CLASS_A: NumberClass = { id: "a", name: "A", min: 1, max: 12, limitPerMember: 1, reserved: ["3" as CarNumber] }
export const CLASS_B: NumberClass = { id: "b", name: "B", min: 10, max: 20, limitPerMember: 2, reserved: ["015" as CarNumber] }
export const SMALL_LEAGUE = [CLASS_A, CLASS_B]

export const MEMBERS = ["m1", "m2", "m3", "m4"] as const
const memberArb = fc.constantFrom(...MEMBERS)

// Few values and mostly plain forms, so members collide often; a few leading zeros and bad inputs
// keep the string identity and the parser in play.
const typedNumberArb = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(fc.constantFrom(0, 3, 5, 7, 10, 11, 12, 15, 16, 20, 21), fc.constantFrom(0, 0, 0, 0, 0, 1, 2))
      .map(([v, z]) => `${"0".repeat(z)}${v}`),
  },
  { weight: 1, arbitrary: fc.constantFrom("x", "", "-4", "1000", " 7 ") },
)
const classNameArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom("A", "b") },
  { weight: 1, arbitrary: fc.constant("C") },
)
const withClass = <T extends object>(cmd: T, requestedClass: string | undefined) =>
  requestedClass === undefined ? cmd : { ...cmd, requestedClass }

/**
 * Commands are generated before the run, so some of them name "the k-th claim held right now"
 * instead of a number; `concretize` turns those into real commands against the current state.
 * Without them, releases and trades of held numbers would almost never be generated.
 */
export type TestCommand =
  | Command
  | { readonly type: "releaseHeld"; readonly pick: number }
  | { readonly type: "claimHeld"; readonly memberId: string; readonly pick: number }
  | { readonly type: "tradeHeld"; readonly pickA: number; readonly pickB: number }
  | { readonly type: "revokeHeld"; readonly pick: number }
  | { readonly type: "acceptByTarget"; readonly pick: number }

export const concretize = (state: ModelState, tc: TestCommand): Command => {
  const held = (pick: number) => state.claims[pick % Math.max(1, state.claims.length)]
  const className = (classId: string) => state.classes.find((c) => c.id === classId)?.name
  switch (tc.type) {
    case "releaseHeld": {
      const c = held(tc.pick)
      return c === undefined ? { type: "wait", ms: 0 } : withClass({ type: "release", memberId: c.holderId, number: c.number }, className(c.classId))
    }
    case "claimHeld": {
      const c = held(tc.pick)
      return c === undefined ? { type: "wait", ms: 0 } : withClass({ type: "claim", memberId: tc.memberId, number: c.number, isAdmin: false }, className(c.classId))
    }
    case "revokeHeld": {
      const c = held(tc.pick)
      return c === undefined ? { type: "wait", ms: 0 } : withClass({ type: "revoke", adminId: "admin", number: c.number, reason: "Left the league" }, className(c.classId))
    }
    case "tradeHeld": {
      const a = held(tc.pickA)
      // Mostly someone else's claim; one in eight may be the proposer's own (a self-trade).
      const others = state.claims.filter((c) => c.holderId !== a?.holderId || tc.pickB % 8 === 0)
      const b = others[tc.pickB % Math.max(1, others.length)]
      if (a === undefined || b === undefined) return { type: "wait", ms: 0 }
      return { type: "offerTrade", proposerId: a.holderId, targetId: b.holderId, myNumber: a.number, theirNumber: b.number }
    }
    case "acceptByTarget": {
      const offerIndex = tc.pick % Math.max(1, state.offers.length)
      const offer = state.offers[offerIndex]
      return offer === undefined ? { type: "wait", ms: 0 } : { type: "acceptTrade", offerIndex, actorId: offer.targetId }
    }
    default:
      return tc
  }
}

export interface Played {
  readonly before: ModelState
  readonly command: Command
  readonly step: Step
}

export const play = (start: ModelState, commands: ReadonlyArray<TestCommand>): Array<Played> => {
  const out: Array<Played> = []
  let state = start
  for (const tc of commands) {
    const command = concretize(state, tc)
    const step = applyCommand(state, command)
    out.push({ before: state, command, step })
    state = step.state
  }
  return out
}

const w = (weight: number, arbitrary: fc.Arbitrary<TestCommand>) => ({ weight, arbitrary })

export const commandArb = (opts: { admins: boolean }): fc.Arbitrary<TestCommand> => {
  const member = [
    w(8, fc.tuple(memberArb, typedNumberArb, classNameArb).map(([memberId, number, c]) => withClass({ type: "claim" as const, memberId, number, isAdmin: false }, c))),
    w(1, fc.tuple(memberArb, typedNumberArb, classNameArb).map(([memberId, number, c]) => withClass({ type: "release" as const, memberId, number }, c))),
    w(2, fc.nat().map((pick) => ({ type: "releaseHeld" as const, pick }))),
    w(2, fc.tuple(memberArb, fc.nat()).map(([memberId, pick]) => ({ type: "claimHeld" as const, memberId, pick }))),
    w(2, fc.nat({ max: 6 }).map((claimIndex) => ({ type: "confirm" as const, claimIndex }))),
    w(
      1,
      fc
        .tuple(memberArb, memberArb, typedNumberArb, typedNumberArb)
        .map(([proposerId, targetId, myNumber, theirNumber]) => ({ type: "offerTrade" as const, proposerId, targetId, myNumber, theirNumber })),
    ),
    w(4, fc.tuple(fc.nat(), fc.nat()).map(([pickA, pickB]) => ({ type: "tradeHeld" as const, pickA, pickB }))),
    w(1, fc.tuple(fc.nat({ max: 3 }), memberArb).map(([offerIndex, actorId]) => ({ type: "acceptTrade" as const, offerIndex, actorId }))),
    w(4, fc.nat().map((pick) => ({ type: "acceptByTarget" as const, pick }))),
    w(1, fc.constantFrom(60_000, 12 * 3600_000, 25 * 3600_000).map((ms) => ({ type: "wait" as const, ms }))),
  ]
  const admin = [
    w(1, fc.tuple(memberArb, typedNumberArb, classNameArb).map(([memberId, number, c]) => withClass({ type: "claim" as const, memberId, number, isAdmin: true }, c))),
    w(2, fc.tuple(memberArb, typedNumberArb, classNameArb).map(([memberId, number, c]) => withClass({ type: "assign" as const, adminId: "admin", memberId, number }, c))),
    w(
      1,
      fc
        .tuple(typedNumberArb, fc.constantFrom("", "spam", "x".repeat(501)), classNameArb)
        .map(([number, reason, c]) => withClass({ type: "revoke" as const, adminId: "admin", number, reason }, c)),
    ),
    w(1, fc.nat().map((pick) => ({ type: "revokeHeld" as const, pick }))),
  ]
  return fc.oneof(...member, ...(opts.admins ? admin : []))
}
