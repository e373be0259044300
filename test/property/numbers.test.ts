import * as Either from "effect/Either"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { availabilityGrid, freeNumbers } from "../../src/domain/numbers/availability.js"
import { type CarNumber, formatCarNumber, looksAlike, numericValue, parseCarNumber, sortNumbers } from "../../src/domain/numbers/car-number.js"
import { type Claim, decideClaim } from "../../src/domain/numbers/claims.js"
import { decideRelease } from "../../src/domain/numbers/release.js"
import { nearbyFree } from "../../src/domain/numbers/nearby.js"
import { neutralizeFormula } from "../../src/domain/numbers/number-export-rows.js"
import { type ModelState, initialModel } from "../support/numbers-model.js"
import { MEMBERS, SMALL_LEAGUE, carNumberArb, classArb, commandArb, paddedNumberArb, play } from "../support/numbers-arbitraries.js"

const claimsArb = (classId: string, numbers: fc.Arbitrary<CarNumber>) =>
  fc.uniqueArray(
    fc.record({ number: numbers, holderId: fc.constantFrom("m1", "m2", "m3"), confirmed: fc.boolean() }),
    { selector: (c) => c.number, maxLength: 40 },
  ).map((cs) =>
    cs.map(
      (c, i): Claim => ({
        id: `c${i}`,
        guildId: "g",
        classId,
        number: c.number,
        holderId: c.holderId,
        status: c.confirmed ? "confirmed" : "claimed",
        claimedAt: 0,
      }),
    ),
  )

describe("car number parsing", () => {
  it("GIVEN any valid number WHEN printed and read back (with spaces or #) THEN it is unchanged", () => {
    fc.assert(
      fc.property(carNumberArb, (num) => {
        expect(parseCarNumber(num)).toEqual(Either.right(num))
        expect(parseCarNumber(formatCarNumber(num))).toEqual(Either.right(num))
        expect(parseCarNumber(`  ${num}\t`)).toEqual(Either.right(num))
      }),
    )
  })

  it("GIVEN any text WHEN parsed THEN either 1–3 digits or a refusal with a message", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), (text) => {
        const r = parseCarNumber(text)
        if (Either.isRight(r)) expect(r.right).toMatch(/^\d{1,3}$/)
        else expect(r.left.message.length).toBeGreaterThan(10)
      }),
    )
  })

  it("GIVEN a value written with different leading zeros THEN different numbers that look alike", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), (v) => {
        const plain = Either.getOrThrow(parseCarNumber(String(v)))
        const padded = Either.getOrThrow(parseCarNumber(`0${v}`))
        expect(plain).not.toBe(padded)
        expect(looksAlike(plain, padded)).toBe(true)
        expect(numericValue(plain)).toBe(numericValue(padded))
      }),
    )
  })

  it("GIVEN any numbers THEN sorting does not depend on their order", () => {
    fc.assert(
      fc.property(fc.array(carNumberArb), (nums) => {
        expect(sortNumbers([...nums].reverse())).toEqual(sortNumbers(nums))
      }),
    )
  })
})

describe("nearbyFree", () => {
  it("GIVEN any class and claims THEN suggestions are free, unreserved in any form, inside the class, plain, closest first", () => {
    fc.assert(
      fc.property(
        classArb.chain((c) => fc.tuple(fc.constant(c), claimsArb(c.id, paddedNumberArb(c.min, c.max)), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 8 }))),
        ([c, claims, target, count]) => {
          const taken = claims.map((cl) => cl.number)
          const got = nearbyFree(c, taken, target, count)
          const usedValues = new Set([...taken, ...c.reserved].map(numericValue))
          const freeValues = Array.from({ length: c.max - c.min + 1 }, (_, i) => c.min + i).filter((v) => !usedValues.has(v))
          expect(got).toHaveLength(Math.min(count, freeValues.length))
          for (const num of got) {
            expect(num).toBe(String(numericValue(num)))
            expect(usedValues.has(numericValue(num))).toBe(false)
            expect(numericValue(num)).toBeGreaterThanOrEqual(c.min)
            expect(numericValue(num)).toBeLessThanOrEqual(c.max)
          }
          // Closest first: no free value left out is closer than the farthest one suggested.
          const distances = got.map((num) => Math.abs(numericValue(num) - target))
          expect(distances).toEqual([...distances].sort((a, b) => a - b))
          const farthest = Math.max(-1, ...distances)
          const left = freeValues.filter((v) => !got.includes(String(v) as CarNumber))
          if (got.length === count) for (const v of left) expect(Math.abs(v - target)).toBeGreaterThanOrEqual(farthest)
          // And they agree with the availability grid.
          const free = new Set(freeNumbers(availabilityGrid(c, claims)))
          for (const num of got) expect(free.has(num)).toBe(true)
        },
      ),
    )
  })
})

describe("availability", () => {
  it("GIVEN any class and claims THEN the counts add up to the range size, and free means no form is used", () => {
    fc.assert(
      fc.property(
        classArb.chain((c) => fc.tuple(fc.constant(c), claimsArb(c.id, paddedNumberArb(c.min, c.max)))),
        ([c, claims]) => {
          const grid = availabilityGrid(c, claims)
          const { free, taken, pending, reserved } = grid.counts
          expect(free + taken + pending + reserved).toBe(c.max - c.min + 1)
          expect(grid.cells).toHaveLength(c.max - c.min + 1)
          const used = new Set([...claims.map((cl) => cl.number), ...c.reserved].map(numericValue))
          expect(free).toBe(c.max - c.min + 1 - used.size)
          expect(taken + pending).toBe(new Set(claims.map((cl) => numericValue(cl.number))).size)
        },
      ),
    )
  })
})

describe("neutralizeFormula", () => {
  const triggers = ["=", "+", "-", "@", "\t", "\r"]
  const cellArb = fc.oneof(fc.string(), fc.tuple(fc.constantFrom(...triggers), fc.string()).map(([t, s]) => t + s))

  it("GIVEN any cell THEN the result never starts with a formula trigger, keeps the text, and a second pass changes nothing", () => {
    fc.assert(
      fc.property(cellArb, (cell) => {
        const out = neutralizeFormula(cell)
        expect(triggers.some((t) => out.startsWith(t))).toBe(false)
        expect(out.endsWith(cell)).toBe(true)
        expect(out.length - cell.length).toBeLessThanOrEqual(1)
        expect(neutralizeFormula(out)).toBe(out)
      }),
    )
  })
})

// ---------------------------------------------------------------- the whole guild

const countsByMemberAndClass = (s: ModelState) => {
  const counts = new Map<string, number>()
  for (const c of s.claims) counts.set(`${c.holderId}/${c.classId}`, (counts.get(`${c.holderId}/${c.classId}`) ?? 0) + 1)
  return counts
}

const limitOf = (classId: string) => SMALL_LEAGUE.find((c) => c.id === classId)?.limitPerMember ?? 0

const expectNoNumberHeldTwice = (s: ModelState) => {
  const keys = s.claims.map((c) => `${c.classId}/${c.number}`)
  expect(new Set(keys).size).toBe(keys.length)
}

const START = initialModel("g", SMALL_LEAGUE, Date.UTC(2026, 0, 1))

describe("any interleaving of claims, releases, trades, assigns and revocations", () => {
  const anyCommands = fc.array(commandArb({ admins: true }), { maxLength: 60, size: "max" })

  it("GIVEN any commands by many members and admins THEN no number is ever held twice in a class", () => {
    fc.assert(
      fc.property(anyCommands, (commands) => {
        for (const { step } of play(START, commands)) expectNoNumberHeldTwice(step.state)
      }),
      { numRuns: 300 },
    )
  })

  it("GIVEN members only (no admin) THEN nobody ever holds more than their class's limit", () => {
    fc.assert(
      fc.property(fc.array(commandArb({ admins: false }), { maxLength: 60, size: "max" }), (commands) => {
        for (const { step } of play(START, commands)) {
          for (const [key, count] of countsByMemberAndClass(step.state)) {
            expect(count).toBeLessThanOrEqual(limitOf(key.split("/")[1] ?? ""))
          }
        }
      }),
      { numRuns: 300 },
    )
  })

  it("GIVEN admins too THEN a member's own successful claim never takes them over the limit", () => {
    fc.assert(
      fc.property(anyCommands, (commands) => {
        for (const { command, step } of play(START, commands)) {
          if (command.type !== "claim" || command.isAdmin || !step.outcome.ok) continue
          const created = step.outcome.changes[0]
          if (created?.kind !== "created") throw new Error("a claim creates a claim")
          const mine = step.state.claims.filter((c) => c.holderId === command.memberId && c.classId === created.claim.classId)
          expect(mine.length).toBeLessThanOrEqual(limitOf(created.claim.classId))
        }
      }),
      { numRuns: 300 },
    )
  })

  it("GIVEN any history WHEN a release succeeds THEN exactly that member's number is freed and nothing else changes", () => {
    fc.assert(
      fc.property(anyCommands, (commands) => {
        for (const { before, command, step } of play(START, commands)) {
          if (command.type !== "release" || !step.outcome.ok) continue
          const gone = before.claims.filter((c) => !step.state.claims.includes(c))
          expect(gone).toHaveLength(1)
          expect(gone[0]?.holderId).toBe(command.memberId)
          expect(gone[0]?.number).toBe(command.number.trim())
          expect(step.state.claims).toEqual(before.claims.filter((c) => c !== gone[0]))
        }
      }),
      { numRuns: 300 },
    )
  })

  it("GIVEN any history WHEN a holder releases a number THEN another member can claim exactly that number", () => {
    fc.assert(
      fc.property(fc.array(commandArb({ admins: true }), { maxLength: 40, size: "max" }), fc.nat(), (commands, pick) => {
        const state = play(START, commands).at(-1)?.step.state ?? START
        const target = state.claims[pick % Math.max(1, state.claims.length)]
        if (target === undefined) return
        const className = SMALL_LEAGUE.find((c) => c.id === target.classId)?.name
        const base = { classes: SMALL_LEAGUE, requestedClass: className }
        const released = decideRelease({ ...base, number: target.number, memberId: target.holderId, activeClaims: state.claims })
        expect(released).toEqual({ ok: true, claim: target })
        const after = state.claims.filter((c) => c !== target)
        // An admin, so neither the reservation nor a limit gets in the way of the check.
        const again = decideClaim({ ...base, number: target.number, claimantId: "newcomer", isAdmin: true, activeClaims: after, now: 0 })
        expect(again.ok && again.number).toBe(target.number)
      }),
    )
  })

  it("GIVEN any history WHEN a trade is accepted THEN the two numbers swap holders and every member keeps the same count in every class", () => {
    fc.assert(
      fc.property(anyCommands, (commands) => {
        for (const { before, command, step } of play(START, commands)) {
          if (command.type !== "acceptTrade" || !step.outcome.ok) continue
          expect(countsByMemberAndClass(step.state)).toEqual(countsByMemberAndClass(before))
          const offer = before.offers[command.offerIndex]
          const holderOf = (n: string) => step.state.claims.find((c) => c.classId === offer?.classId && c.number === n)?.holderId
          expect(holderOf(offer?.proposerNumber ?? "")).toBe(offer?.targetId)
          expect(holderOf(offer?.targetNumber ?? "")).toBe(offer?.proposerId)
        }
      }),
      { numRuns: 300 },
    )
  })

  it("GIVEN any history WHEN a command is refused THEN the claims are unchanged", () => {
    fc.assert(
      fc.property(anyCommands, (commands) => {
        for (const { before, step } of play(START, commands)) {
          if (!step.outcome.ok) expect(step.state.claims).toBe(before.claims)
        }
      }),
    )
  })

  it("GIVEN the generated commands THEN each kind of outcome actually happens (the properties above are not vacuous)", () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(anyCommands, (commands) => {
        for (const { command, step } of play(START, commands)) {
          seen.add(`${command.type}:${step.outcome.ok ? "ok" : step.outcome.refusal}`)
        }
      }),
      { numRuns: 300, seed: 42 },
    )
    for (const expected of [
      "claim:ok",
      "claim:Taken",
      "claim:LimitReached",
      "claim:Reserved",
      "claim:AmbiguousClass",
      "claim:AlreadyYours",
      "release:ok",
      "assign:ok",
      "revoke:ok",
      "revoke:InvalidReason",
      "offerTrade:ok",
      "offerTrade:DifferentClasses",
      "acceptTrade:ok",
      "acceptTrade:Voided",
      "acceptTrade:Expired",
      "acceptTrade:NotYourOffer",
      "confirm:ok",
    ]) {
      expect(seen).toContain(expected)
    }
    expect(MEMBERS.length).toBeGreaterThan(2)
  })
})
