import { describe, expect, it } from "vitest"
import { entryOf, failedAttemptsOf, participantOf } from "../../../../src/machines/race-night/entry-list.js"
import { checkIn, checkOut, register, submitRegistration, withdraw } from "../../../../src/machines/race-night/member-actions.js"
import { adminRemove } from "../../../../src/machines/race-night/organiser-actions.js"
import { DEFAULT_RACE_NIGHT_SETTINGS } from "../../../../src/domain/race-night/race-settings.js"
import { ADMIN, AFTER_CLOSE, AFTER_START, BEFORE_OPEN, CHECK_IN_OPEN, EVENT, goodForm, member, registrationOf } from "../../../fixtures/participant/sample.js"
import { effectsOf, emptyList, grid, ok, refused, waiting, withMembers } from "./helpers.js"

const T = BEFORE_OPEN

describe("registering", () => {
  it("GIVEN a grid of 3 WHEN five members register THEN three race with the driver role and two wait in order with their positions", () => {
    let list = emptyList(3)
    const notices: Array<string> = []
    for (const m of ["ana", "ben", "cy", "dee", "eve"]) {
      const outcome = register(list, { memberId: m, actorId: m, at: T, registration: registrationOf(m) })
      notices.push(...effectsOf(outcome))
      list = ok(outcome)
    }
    expect(grid(list)).toEqual(["ana", "ben", "cy"])
    expect(waiting(list)).toEqual(["dee", "eve"])
    expect(notices).toEqual([
      "Give ana", "Notify ana on-grid", "Give ben", "Notify ben on-grid", "Give cy", "Notify cy on-grid",
      "Notify dee waitlisted #1", "Notify eve waitlisted #2",
    ])
  })

  it("GIVEN a member already on the waitlist WHEN they submit again THEN refused with their position, and no attempt is counted", () => {
    const list = withMembers(emptyList(1), ["ana", "ben"], T)
    const outcome = submitRegistration(list, { event: EVENT, member: member("ben"), form: goodForm(), at: T })
    expect(refused(outcome, list)).toBe("You are already registered: #1 on the waitlist.")
    expect(failedAttemptsOf(outcome.list, "ben")).toBe(0)
  })

  it("GIVEN a good form THEN the member is registered with the checked details", () => {
    const list = ok(submitRegistration(emptyList(), { event: EVENT, member: member("ana"), form: goodForm(), at: T }))
    expect(entryOf(list, "ana")?.registration).toMatchObject({ fullName: "Ayrton Senna", vehicle: "BMW M4 GT3", driverId: "123456" })
  })

  it("GIVEN bad forms THEN each counts one attempt and says how many are left, until only an admin can add the member", () => {
    const limit = DEFAULT_RACE_NIGHT_SETTINGS.failedAttemptLimit
    let list = emptyList()
    const reasons: Array<string> = []
    for (let i = 1; i <= limit; i++) {
      const outcome = submitRegistration(list, { event: EVENT, member: member("ana"), form: goodForm({ driverId: "x" }), at: T })
      reasons.push(refused(outcome, list))
      expect(effectsOf(outcome)).toEqual([`Attempts ana ${i}`, "Refused"])
      list = outcome.list
    }
    expect(reasons[0]).toMatch(new RegExp(`\\(${limit - 1} attempts left\\)$`))
    expect(reasons[limit - 2]).toMatch(/\(1 attempt left\)$/)
    expect(reasons[limit - 1]).toMatch(/last attempt; ask an admin/)
    const locked = submitRegistration(list, { event: EVENT, member: member("ana"), form: goodForm(), at: T })
    expect(refused(locked, list)).toMatch(/refused 5 times.*the limit is 5/)
    expect(failedAttemptsOf(locked.list, "ana")).toBe(limit)
  })

  it("GIVEN registration closed THEN refused without counting an attempt", () => {
    const list = emptyList()
    const outcome = submitRegistration(list, { event: EVENT, member: member("ana"), form: goodForm({ driverId: "x" }), at: AFTER_CLOSE })
    expect(refused(outcome, list)).toMatch(/Registration closed when check-in closed/)
    expect(outcome.effects).toHaveLength(1)
  })

  it("GIVEN a member removed by an admin THEN they cannot register themselves again", () => {
    const list = ok(adminRemove(withMembers(emptyList(), ["ana"], T), { memberId: "ana", actorId: ADMIN, at: T }))
    expect(refused(submitRegistration(list, { event: EVENT, member: member("ana"), form: goodForm(), at: T }), list)).toMatch(/admin removed you/)
  })

  it("GIVEN a member who withdrew WHEN they register again THEN they join at the back of the queue, keeping the same participant", () => {
    let list = withMembers(emptyList(1), ["ana", "ben", "cy"], T)
    list = ok(withdraw(list, { memberId: "ben", at: T }))
    list = ok(register(list, { memberId: "ben", actorId: "ben", at: T + 1, registration: registrationOf("ben") }))
    expect(waiting(list)).toEqual(["cy", "ben"])
    expect(participantOf(list, "ben")?.context.history.map((h) => h.action)).toEqual(["register", "withdraw", "register"])
  })

  it("GIVEN the race started THEN nobody can join, not even through an admin", () => {
    const list = emptyList()
    expect(refused(register(list, { memberId: "ana", actorId: ADMIN, at: AFTER_START, registration: registrationOf("ana") }), list)).toMatch(/race has started/)
  })
})

describe("withdrawing", () => {
  it("GIVEN a full grid WHEN a driver withdraws THEN the first on the waitlist is promoted at once, told, and given the role", () => {
    const list = withMembers(emptyList(2), ["ana", "ben", "cy", "dee"], T)
    const outcome = withdraw(list, { memberId: "ana", at: T })
    expect(effectsOf(outcome)).toEqual(["Take ana", "Notify ana withdrawn", "Give cy", "Promoted cy (withdrawal)", "Notify cy promoted"])
    expect([grid(outcome.list), waiting(outcome.list)]).toEqual([["ben", "cy"], ["dee"]])
    expect(outcome.changed).toEqual(["ana", "cy"])
  })

  it("GIVEN a waitlisted member WHEN they withdraw THEN nobody is promoted and the others move up a position", () => {
    const list = ok(withdraw(withMembers(emptyList(1), ["ana", "ben", "cy"], T), { memberId: "ben", at: T }))
    expect(entryOf(list, "cy")).toMatchObject({ status: "waitlist", position: 1 })
  })

  it("GIVEN someone else, or a member not registered, or the race started THEN refused", () => {
    const list = withMembers(emptyList(), ["ana"], T)
    expect(refused(withdraw(list, { memberId: "zed", at: T }), list)).toMatch(/not on this event's entry list/)
    expect(refused(withdraw(list, { memberId: "ana", at: AFTER_START }), list)).toMatch(/race has started/)
  })
})

describe("checking in and out", () => {
  const list = withMembers(emptyList(1), ["ana", "ben"], T)

  it("GIVEN check-in not open yet THEN refused; once open THEN grid and waitlist members can check in", () => {
    expect(refused(checkIn(list, { memberId: "ana", at: BEFORE_OPEN }), list)).toMatch(/Check-in opens/)
    const both = ok(checkIn(ok(checkIn(list, { memberId: "ana", at: CHECK_IN_OPEN })), { memberId: "ben", at: CHECK_IN_OPEN }))
    expect([entryOf(both, "ana")?.checkedIn, entryOf(both, "ben")?.checkedIn]).toEqual([true, true])
    expect(refused(checkIn(both, { memberId: "ana", at: CHECK_IN_OPEN }), both)).toBe("You are already checked in.")
  })

  it("GIVEN a limit of 3 check-outs THEN the fourth is refused and each reply says how many are left", () => {
    let l = list
    const left: Array<string> = []
    for (let i = 0; i < 3; i++) {
      l = ok(checkIn(l, { memberId: "ana", at: CHECK_IN_OPEN + i }))
      const out = checkOut(l, { memberId: "ana", at: CHECK_IN_OPEN + i })
      left.push(...effectsOf(out))
      const notice = out.effects.find((e) => e._tag === "Notify")
      expect(notice?._tag === "Notify" && notice.notice).toEqual({ kind: "checked-out", checkoutsLeft: 2 - i })
      l = ok(out)
    }
    l = ok(checkIn(l, { memberId: "ana", at: CHECK_IN_OPEN + 9 }))
    expect(refused(checkOut(l, { memberId: "ana", at: CHECK_IN_OPEN + 9 }), l)).toMatch(/all 3 check-outs/)
    expect(entryOf(l, "ana")?.checkouts).toBe(3)
  })

  it("GIVEN check-in closed THEN a checked-in driver may still check out, but not once the race started", () => {
    const checked = ok(checkIn(list, { memberId: "ana", at: CHECK_IN_OPEN }))
    expect(entryOf(ok(checkOut(checked, { memberId: "ana", at: AFTER_CLOSE })), "ana")?.checkedIn).toBe(false)
    expect(refused(checkOut(checked, { memberId: "ana", at: AFTER_START }), checked)).toMatch(/race has started/)
  })

  it("GIVEN a member not on the list THEN check-in and check-out are refused", () => {
    expect(refused(checkIn(list, { memberId: "zed", at: CHECK_IN_OPEN }), list)).toMatch(/Register first/)
    expect(refused(checkOut(list, { memberId: "zed", at: CHECK_IN_OPEN }), list)).toMatch(/Register first/)
  })
})
