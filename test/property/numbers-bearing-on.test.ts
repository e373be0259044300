// The claim use cases read only the claims that bear on a request (the members' own, the
// number's spellings) and the numbers taken around it, never the whole roster. These properties
// hold each decision to the answer it would give knowing every claim of the guild.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { numericValue } from "../../src/domain/numbers/car-number.js"
import { bearingOn, bearsOn, type Claim, type ClaimsBearingOn, decideAssign, decideClaim, suggestsNearby } from "../../src/domain/numbers/claims.js"
import { decideRelease, decideRevoke } from "../../src/domain/numbers/release.js"
import { nearbyFree, nearbyFreeWithin, nearbyWindows } from "../../src/domain/numbers/nearby.js"
import type { NumberClass } from "../../src/domain/numbers/classes.js"
import { type Command, type ModelState, initialModel } from "../support/numbers-model.js"
import { checkTradeAcceptance, validateTradeOffer } from "../../src/domain/numbers/trades.js"
import { SMALL_LEAGUE, classArb, commandArb, paddedNumberArb, play } from "../support/numbers-arbitraries.js"

/** What the use case does: read widening windows of the class until the answer is complete. */
const nearbyByWindows = (claims: ReadonlyArray<Claim>, c: NumberClass, near: number, count?: number) => {
  for (const window of nearbyWindows(c, near, count)) {
    const taken = claims.filter((cl) => cl.classId === c.id && numericValue(cl.number) >= window.from && numericValue(cl.number) <= window.to).map((cl) => cl.number)
    const found = nearbyFreeWithin(c, taken, near, window, count)
    if (found.complete) return found.numbers
  }
  throw new Error("the last window is the whole class, so it is always complete")
}

const only = (claims: ReadonlyArray<Claim>, scope: ClaimsBearingOn) => claims.filter(bearsOn(scope))

/** The decision with every claim, and the one made the way the use case makes it. */
const bothWays = (state: ModelState, command: Command): readonly [unknown, unknown] | undefined => {
  const base = { classes: state.classes, now: state.now }
  switch (command.type) {
    case "claim":
    case "assign": {
      const holderId = command.memberId
      const decide = (activeClaims: ReadonlyArray<Claim>, nearby?: ReadonlyArray<string>) =>
        command.type === "claim"
          ? decideClaim({ ...base, activeClaims, nearby: nearby as never, number: command.number, requestedClass: command.requestedClass, claimantId: holderId, isAdmin: command.isAdmin })
          : decideAssign({ ...base, activeClaims, nearby: nearby as never, number: command.number, requestedClass: command.requestedClass, actorIsAdmin: true, memberId: holderId })
      const read = only(state.claims, bearingOn([holderId], [command.number]))
      const first = decide(read)
      const refusal = first.ok ? undefined : first.reason
      const indexed =
        refusal !== undefined && suggestsNearby(refusal)
          ? decide(read, nearbyByWindows(state.claims, state.classes.find((c) => c.id === refusal.classId)!, numericValue(refusal.number)))
          : first
      return [decide(state.claims), indexed]
    }
    case "release": {
      const request = { ...base, number: command.number, requestedClass: command.requestedClass, memberId: command.memberId }
      return [decideRelease({ ...request, activeClaims: state.claims }), decideRelease({ ...request, activeClaims: only(state.claims, bearingOn([command.memberId], [command.number])) })]
    }
    case "revoke": {
      const request = { ...base, number: command.number, requestedClass: command.requestedClass, actorIsAdmin: true, reason: command.reason }
      return [decideRevoke({ ...request, activeClaims: state.claims }), decideRevoke({ ...request, activeClaims: only(state.claims, bearingOn([], [command.number])) })]
    }
    case "offerTrade": {
      const request = { ...base, guildId: state.guildId, proposerId: command.proposerId, targetId: command.targetId, myNumber: command.myNumber, theirNumber: command.theirNumber }
      return [
        validateTradeOffer({ ...request, activeClaims: state.claims }),
        validateTradeOffer({ ...request, activeClaims: only(state.claims, bearingOn([command.proposerId, command.targetId])) }),
      ]
    }
    case "acceptTrade": {
      const offer = state.offers[command.offerIndex]
      if (offer === undefined) return undefined
      const request = { offer, actorId: command.actorId, now: state.now }
      return [
        checkTradeAcceptance({ ...request, currentClaims: state.claims }),
        checkTradeAcceptance({ ...request, currentClaims: only(state.claims, bearingOn([offer.proposerId, offer.targetId])) }),
      ]
    }
    default:
      return undefined
  }
}

describe("decisions that read only the claims bearing on them", () => {
  it("GIVEN any league built by random commands WHEN each next command is decided from its members' claims and its number's spellings THEN the decision is the one every claim would give", () => {
    fc.assert(
      fc.property(fc.array(commandArb({ admins: true }), { minLength: 1, maxLength: 80 }), (commands) => {
        for (const { before, command } of play(initialModel("g", SMALL_LEAGUE), commands)) {
          const decided = bothWays(before, command)
          if (decided !== undefined) expect(decided[1]).toEqual(decided[0])
        }
      }),
      { numRuns: 300 },
    )
  })

  it("GIVEN any class, claims and target WHEN nearby free numbers are read in widening windows THEN they are the ones a read of the whole class gives", () => {
    fc.assert(
      fc.property(
        classArb.chain((c) =>
          fc.tuple(
            fc.constant(c),
            fc.uniqueArray(paddedNumberArb(c.min, c.max), { maxLength: 80 }),
            fc.integer({ min: c.min, max: c.max }),
            fc.integer({ min: 0, max: 30 }),
          ),
        ),
        ([c, taken, near, count]) => {
          const claims = taken.map((number, i): Claim => ({ id: `c${i}`, guildId: "g", classId: c.id, number, holderId: "m", status: "claimed", claimedAt: 0 }))
          expect(nearbyByWindows(claims, c, near, count)).toEqual(nearbyFree(c, taken, near, count))
        },
      ),
      { numRuns: 500 },
    )
  })

  it("GIVEN a dense class of 1,000 numbers with few free ones far away THEN the windows still find exactly those", () => {
    const c: NumberClass = { id: "k", name: "Open", min: 0, max: 999, limitPerMember: 1, reserved: [] }
    const free = new Set([3, 998])
    const taken = Array.from({ length: 1000 }, (_, v) => v).filter((v) => !free.has(v)).map(String)
    const claims = taken.map((number, i): Claim => ({ id: `c${i}`, guildId: "g", classId: "k", number: number as never, holderId: "m", status: "claimed", claimedAt: 0 }))
    expect(nearbyByWindows(claims, c, 500)).toEqual(["3", "998"])
    expect(nearbyFree(c, taken as never, 500)).toEqual(["3", "998"])
  })
})
