import { describe, expect, it } from "vitest"
import { entryListFor, entryOf, failedAttemptsOf, participantOf } from "../../../../src/machines/race-night/entry-list.js"
import { checkIn, submitRegistration, withdraw } from "../../../../src/machines/race-night/member-actions.js"
import { adminAdd, adminMove, adminRemove, closeCheckIn, resetFailedAttempts, setCapacity } from "../../../../src/machines/race-night/organiser-actions.js"
import { DEFAULT_RACE_NIGHT_SETTINGS } from "../../../../src/domain/race-night/race-settings.js"
import {
  ADMIN,
  AFTER_CLOSE,
  AFTER_START,
  BEFORE_OPEN,
  CHECK_IN_OPEN,
  CLOSES_AT,
  EVENT,
  goodForm,
  HOUR,
  member,
  OPENS_AT,
  RACE_START,
  registrationOf,
} from "../../../fixtures/participant/sample.js"
import { effectsOf, emptyList, grid, ok, refused, waiting, withMembers } from "./helpers.js"

const T = BEFORE_OPEN
const by = { actorId: ADMIN, at: T }

describe("capacity", () => {
  it("GIVEN a waitlist WHEN the capacity grows by two THEN the first two in the queue are promoted, in order", () => {
    const list = withMembers(emptyList(1), ["ana", "ben", "cy", "dee"], T)
    const outcome = setCapacity(list, { ...by, capacity: 3 })
    expect(effectsOf(outcome)).toEqual([
      "Audit capacity -", "Give ben", "Promoted ben (capacity)", "Notify ben promoted", "Give cy", "Promoted cy (capacity)", "Notify cy promoted",
    ])
    expect([grid(outcome.list), waiting(outcome.list)]).toEqual([["ana", "ben", "cy"], ["dee"]])
  })

  it("GIVEN a full grid WHEN the capacity shrinks THEN nobody loses their place, and nobody moves up until the grid is below the new capacity", () => {
    let list = ok(setCapacity(withMembers(emptyList(4), ["ana", "ben", "cy", "dee", "eve"], T), { ...by, capacity: 2 }))
    expect([grid(list), waiting(list)]).toEqual([["ana", "ben", "cy", "dee"], ["eve"]])
    list = ok(withdraw(list, { memberId: "ana", at: T }))
    list = ok(withdraw(list, { memberId: "ben", at: T }))
    expect([grid(list), waiting(list)]).toEqual([["cy", "dee"], ["eve"]])
    list = ok(withdraw(list, { memberId: "cy", at: T }))
    expect([grid(list), waiting(list)]).toEqual([["dee", "eve"], []])
  })

  it("GIVEN a capacity below 1 or not whole THEN refused", () => {
    const list = emptyList()
    for (const capacity of [0, -1, 2.5]) expect(refused(setCapacity(list, { ...by, capacity }), list)).toMatch(/at least 1/)
  })
})

describe("admin moves", () => {
  const full = withMembers(emptyList(2), ["ana", "ben", "cy", "dee"], T)

  it("GIVEN a full grid WHEN an admin moves a waitlisted member up without an exchange THEN refused, naming the way out", () => {
    expect(refused(adminMove(full, { ...by, memberId: "dee", to: "grid" }), full)).toMatch(/grid is full \(2 of 2\).*in exchange/)
  })

  it("GIVEN a full grid WHEN an admin swaps THEN the newcomer races and the other goes to the back of the waitlist", () => {
    const outcome = adminMove(full, { ...by, memberId: "dee", to: "grid", replacing: "ana" })
    expect([grid(outcome.list), waiting(outcome.list)]).toEqual([["ben", "dee"], ["cy", "ana"]])
    expect(effectsOf(outcome)).toEqual([
      "Take ana", "Give dee", "Notify ana moved-to-waitlist #2", "Promoted dee (admin)", "Notify dee promoted", "Audit move-to-grid dee",
    ])
  })

  it("GIVEN a grid driver WHEN moved to the waitlist THEN they go to the back and the first in line takes the place", () => {
    const outcome = adminMove(full, { ...by, memberId: "ana", to: "waitlist" })
    expect([grid(outcome.list), waiting(outcome.list)]).toEqual([["ben", "cy"], ["dee", "ana"]])
    expect(effectsOf(outcome)).toEqual([
      "Take ana", "Give cy", "Promoted cy (moved-down)", "Notify cy promoted", "Notify ana moved-to-waitlist #2", "Audit move-to-waitlist ana",
    ])
    expect(participantOf(outcome.list, "ana")?.context.queueNumber).toBeGreaterThan(participantOf(outcome.list, "dee")?.context.queueNumber ?? 0)
  })

  it("GIVEN nobody else waiting WHEN an admin moves a driver to the waitlist THEN refused, since they would come straight back", () => {
    const two = withMembers(emptyList(2), ["ana", "ben"], T)
    expect(refused(adminMove(two, { ...by, memberId: "ana", to: "waitlist" }), two)).toMatch(/straight back/)
  })

  it("GIVEN moves of a member who is not where the move starts THEN refused, saying where they are", () => {
    const wait = withMembers(emptyList(1), ["ana", "ben"], T)
    expect(refused(adminMove(wait, { ...by, memberId: "ana", to: "grid" }), wait)).toMatch(/not on the waitlist/)
    expect(refused(adminMove(wait, { ...by, memberId: "ben", to: "waitlist" }), wait)).toMatch(/already on the waitlist/)
    expect(refused(adminMove(wait, { ...by, memberId: "ben", to: "grid", replacing: "ben" }), wait)).toMatch(/different driver/)
    expect(refused(adminMove(wait, { ...by, memberId: "ben", to: "grid", replacing: "zed" }), wait)).toMatch(/not on this event's entry list/)
    expect(refused(adminMove(wait, { ...by, memberId: "zed", to: "waitlist" }), wait)).toMatch(/not on this event's entry list/)
  })

  it("GIVEN one free place and a waiting member WHEN the admin names an exchange THEN refused as unnecessary", () => {
    const list = ok(closeCheckIn(withMembers(emptyList(2), ["ana", "ben", "cy"], T), { at: AFTER_CLOSE }))
    expect(grid(list)).toEqual([])
    const relisted = ok(adminAdd(list, { ...by, at: AFTER_CLOSE, memberId: "dan", registration: registrationOf("dan") }))
    expect(refused(adminMove(relisted, { ...by, at: AFTER_CLOSE, memberId: "cy", to: "grid", replacing: "dan" }), relisted)).toMatch(/free place/)
    expect(grid(ok(adminMove(relisted, { ...by, at: AFTER_CLOSE, memberId: "cy", to: "grid" })))).toEqual(["cy", "dan"])
  })
})

describe("admin add and remove", () => {
  it("GIVEN a member out of attempts WHEN an admin adds them THEN they are registered and the add is audited", () => {
    let list = emptyList()
    for (let i = 0; i < DEFAULT_RACE_NIGHT_SETTINGS.failedAttemptLimit; i++) {
      list = submitRegistration(list, { event: EVENT, member: member("ana"), form: goodForm({ vehicle: "tractor" }), at: T }).list
    }
    const outcome = adminAdd(list, { ...by, memberId: "ana", registration: registrationOf("ana") })
    expect(effectsOf(outcome)).toEqual(["Give ana", "Notify ana on-grid", "Audit add ana"])
    expect(participantOf(outcome.list, "ana")?.context.history.at(-1)?.actorId).toBe(ADMIN)
  })

  it("GIVEN a grid driver WHEN an admin removes them with a reason THEN they are told why and the next in line is promoted", () => {
    const list = withMembers(emptyList(1), ["ana", "ben"], T)
    const outcome = adminRemove(list, { ...by, memberId: "ana", reason: " unsporting " })
    expect(effectsOf(outcome)).toEqual(["Take ana", "Notify ana removed", "Audit remove ana", "Give ben", "Promoted ben (removal)", "Notify ben promoted"])
    expect(outcome.effects[1]).toEqual({ _tag: "Notify", memberId: "ana", notice: { kind: "removed", reason: "unsporting" } })
    expect(participantOf(outcome.list, "ana")?.context.history.at(-1)).toMatchObject({ action: "remove", actorId: ADMIN, reason: "unsporting" })
  })

  it("GIVEN a member not on the list THEN removing them is refused", () => {
    const list = emptyList()
    expect(refused(adminRemove(list, { ...by, memberId: "zed" }), list)).toMatch(/not on this event's entry list/)
  })

  it("GIVEN a member's attempts WHEN an admin resets them THEN the counter is 0 again and audited", () => {
    const list = submitRegistration(emptyList(), { event: EVENT, member: member("ana"), form: goodForm({ fullName: "" }), at: T }).list
    expect(failedAttemptsOf(list, "ana")).toBe(1)
    const outcome = resetFailedAttempts(list, { ...by, memberId: "ana" })
    expect(failedAttemptsOf(outcome.list, "ana")).toBe(0)
    expect(effectsOf(outcome)).toEqual(["Attempts ana 0", "Audit reset-attempts ana"])
  })
})

describe("closing check-in", () => {
  // Grid of 3: ana checks in, ben and cy do not. Waiting: dee (not checked in), eve and fay (checked in).
  const setup = () => {
    let list = withMembers(emptyList(3), ["ana", "ben", "cy", "dee", "eve", "fay"], T)
    for (const m of ["ana", "eve", "fay"]) list = ok(checkIn(list, { memberId: m, at: CHECK_IN_OPEN }))
    return list
  }

  it("GIVEN the closing time has not come THEN refused", () => {
    const list = setup()
    expect(refused(closeCheckIn(list, { at: CLOSES_AT - 1 }), list)).toMatch(/only closes/)
  })

  it("GIVEN drivers who did not check in THEN they become no-shows and checked-in waitlisted members take their places in queue order, skipping those not checked in", () => {
    const outcome = closeCheckIn(setup(), { at: CLOSES_AT })
    expect(effectsOf(outcome)).toEqual([
      "Take ben", "Notify ben no-show", "Take cy", "Notify cy no-show",
      "Give eve", "Promoted eve (no-show)", "Notify eve promoted", "Give fay", "Promoted fay (no-show)", "Notify fay promoted",
    ])
    expect([grid(outcome.list), waiting(outcome.list)]).toEqual([["ana", "eve", "fay"], ["dee"]])
    expect(participantOf(outcome.list, "ben")?.value).toBe("noShow")
  })

  it("GIVEN more checked-in members waiting than no-shows THEN the grid still never exceeds capacity", () => {
    let list = withMembers(emptyList(2), ["ana", "ben", "cy", "dee", "eve"], T)
    for (const m of ["ana", "cy", "dee", "eve"]) list = ok(checkIn(list, { memberId: m, at: CHECK_IN_OPEN }))
    const closed = ok(closeCheckIn(list, { at: AFTER_CLOSE }))
    expect([grid(closed), waiting(closed)]).toEqual([["ana", "cy"], ["dee", "eve"]])
  })

  it("GIVEN check-in closed WHEN a driver withdraws THEN only a checked-in member moves up", () => {
    const closed = ok(closeCheckIn(setup(), { at: CLOSES_AT }))
    const withDee = ok(setCapacity(closed, { ...by, at: AFTER_CLOSE, capacity: 4 }))
    expect(waiting(withDee)).toEqual(["dee"])
    const left = ok(withdraw(withDee, { memberId: "ana", at: AFTER_CLOSE }))
    expect(grid(left)).toEqual(["eve", "fay"])
  })

  it("GIVEN the close ran late, after the start THEN no-shows are marked but nobody is promoted into a running race", () => {
    const outcome = closeCheckIn(setup(), { at: AFTER_START })
    expect(grid(outcome.list)).toEqual(["ana"])
    expect(effectsOf(outcome).filter((e) => e.startsWith("Promoted"))).toEqual([])
  })
})

describe("entryListFor", () => {
  it("GIVEN an event THEN capacity, check-out limit and window come from it", () => {
    const list = entryListFor(EVENT)
    expect(list).toMatchObject({ eventId: "ev1", capacity: 3, checkoutLimit: 3, window: { opensAt: OPENS_AT, closesAt: CLOSES_AT, startsAt: RACE_START } })
    const later = entryListFor({ ...EVENT, settings: { ...EVENT.settings, checkInOpensBeforeMinutes: 120 } })
    expect(later.window.opensAt).toBe(RACE_START - 2 * HOUR)
  })
  it("GIVEN two stored participants for one member THEN it refuses to build the list", () => {
    const list = withMembers(emptyList(), ["ana"], T)
    const ana = participantOf(list, "ana")
    if (ana === undefined) throw new Error("ana registered")
    expect(() => entryListFor(EVENT, [ana, ana])).toThrow(/two participants/)
    expect(entryOf(entryListFor(EVENT, [ana]), "ana")?.status).toBe("grid")
  })
})
