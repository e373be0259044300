import { describe, expect, it } from "vitest"
import {
  DEFAULT_CHECK_IN_OPENS_BEFORE_MS,
  checkInRefusal,
  checkInState,
  checkInWindow,
  checkOutRefusal,
  checkoutsLeft,
  mayTakeFreePlace,
  withdrawRefusal,
} from "../../../../src/domain/race-night/check-in.js"
import { AFTER_CLOSE, AFTER_START, BEFORE_OPEN, CHECK_IN_OPEN, CLOSES_AT, DAY, DETAILS, HOUR, MINUTE, OPENS_AT, RACE_START } from "../../../fixtures/participant/sample.js"

const WINDOW = checkInWindow(DETAILS)
const notIn = { checkedIn: false, checkouts: 0 }
const isIn = { checkedIn: true, checkouts: 0 }

describe("checkInWindow", () => {
  it("GIVEN the defaults THEN check-in opens 24 h before the start and closes the event's 60 minutes before", () => {
    expect(DEFAULT_CHECK_IN_OPENS_BEFORE_MS).toBe(DAY)
    expect(WINDOW).toEqual({ opensAt: RACE_START - DAY, closesAt: RACE_START - HOUR, startsAt: RACE_START })
  })
  it("GIVEN another opening time and a zero closing time THEN check-in runs right up to the start", () => {
    const w = checkInWindow({ ...DETAILS, rules: { ...DETAILS.rules, checkInClosesMinutes: 0 } }, 2 * HOUR)
    expect(w).toEqual({ opensAt: RACE_START - 2 * HOUR, closesAt: RACE_START, startsAt: RACE_START })
  })
  it("GIVEN check-in would close before it opens THEN the window is empty, never backwards", () => {
    const w = checkInWindow({ ...DETAILS, rules: { ...DETAILS.rules, checkInClosesMinutes: 120 } }, HOUR)
    expect(w.opensAt).toBe(w.closesAt)
    expect(checkInState(w, w.opensAt)).toBe("closed")
  })
})

describe("checkInState", () => {
  it.each([
    [OPENS_AT - 1, "not-open"],
    [OPENS_AT, "open"],
    [CLOSES_AT - 1, "open"],
    [CLOSES_AT, "closed"],
    [RACE_START - 1, "closed"],
    [RACE_START, "started"],
  ] as const)("GIVEN %i THEN %s (boundaries belong to the later phase)", (now, state) => {
    expect(checkInState(WINDOW, now)).toBe(state)
  })
})

describe("who may take a free place", () => {
  it("GIVEN before check-in closes THEN anyone waiting; after THEN only the checked in; once started THEN nobody", () => {
    expect([BEFORE_OPEN, CHECK_IN_OPEN].map((t) => mayTakeFreePlace(false, WINDOW, t))).toEqual([true, true])
    expect([mayTakeFreePlace(false, WINDOW, AFTER_CLOSE), mayTakeFreePlace(true, WINDOW, AFTER_CLOSE)]).toEqual([false, true])
    expect(mayTakeFreePlace(true, WINDOW, AFTER_START)).toBe(false)
  })
})

describe("check in", () => {
  it("GIVEN each phase THEN only the open window accepts, once", () => {
    expect(checkInRefusal(notIn, WINDOW, BEFORE_OPEN)).toMatch(/^Check-in opens <t:\d+:R>/)
    expect(checkInRefusal(notIn, WINDOW, CHECK_IN_OPEN)).toBeNull()
    expect(checkInRefusal(isIn, WINDOW, CHECK_IN_OPEN)).toBe("You are already checked in.")
    expect(checkInRefusal(notIn, WINDOW, AFTER_CLOSE)).toMatch(/^Check-in closed/)
    expect(checkInRefusal(notIn, WINDOW, AFTER_START)).toMatch(/race has started/)
  })
})

describe("check out", () => {
  it("GIVEN a checked-in member with check-outs left THEN accepted while open and after closing, refused after the start", () => {
    expect(checkOutRefusal(isIn, WINDOW, 3, CHECK_IN_OPEN)).toBeNull()
    expect(checkOutRefusal(isIn, WINDOW, 3, AFTER_CLOSE)).toBeNull()
    expect(checkOutRefusal(isIn, WINDOW, 3, RACE_START)).toMatch(/race has started/)
  })
  it("GIVEN a member not checked in THEN there is nothing to check out of", () => {
    expect(checkOutRefusal(notIn, WINDOW, 3, CHECK_IN_OPEN)).toMatch(/not checked in/)
  })
  it("GIVEN every check-out used THEN refused naming the limit; a limit of 0 says check-outs are off", () => {
    expect(checkOutRefusal({ checkedIn: true, checkouts: 2 }, WINDOW, 3, CHECK_IN_OPEN)).toBeNull()
    expect(checkOutRefusal({ checkedIn: true, checkouts: 3 }, WINDOW, 3, CHECK_IN_OPEN)).toMatch(/all 3 check-outs/)
    expect(checkOutRefusal({ checkedIn: true, checkouts: 1 }, WINDOW, 1, CHECK_IN_OPEN)).toMatch(/all 1 check-out for/)
    expect(checkOutRefusal(isIn, WINDOW, 0, CHECK_IN_OPEN)).toMatch(/does not allow checking out/)
  })
  it("GIVEN check-outs used THEN the count left never goes below zero", () => {
    expect([0, 2, 3, 5].map((checkouts) => checkoutsLeft({ checkedIn: false, checkouts }, 3))).toEqual([3, 1, 0, 0])
  })
})

describe("withdraw", () => {
  it("GIVEN any time before the start THEN allowed; from the start THEN refused", () => {
    expect(withdrawRefusal(WINDOW, AFTER_CLOSE)).toBeNull()
    expect(withdrawRefusal(WINDOW, RACE_START - MINUTE)).toBeNull()
    expect(withdrawRefusal(WINDOW, RACE_START)).toMatch(/race has started/)
  })
})
