import { describe, expect, it } from "vitest"
import { checkInWindow } from "../../../src/domain/race-night/check-in.js"
import {
  type ParticipantEvent,
  type ParticipantSnapshot,
  type RegisterEvent,
  applyParticipantEvent,
  participantState,
} from "../../../src/machines/participant.js"
import { ADMIN, AFTER_CLOSE, AFTER_START, BEFORE_OPEN, CHECK_IN_OPEN, DETAILS, registrationOf } from "../../fixtures/participant/sample.js"

const window = checkInWindow(DETAILS)
const ANA = "ana"
const register = (to: "grid" | "waitlist", overrides: Partial<RegisterEvent> = {}): RegisterEvent => ({
  type: "REGISTER", eventId: "ev1", memberId: ANA, to, registration: registrationOf("Ana"), queueNumber: 1, actorId: ANA, at: BEFORE_OPEN, ...overrides,
})
const checkIn: ParticipantEvent = { type: "CHECK_IN", window, actorId: ANA, at: CHECK_IN_OPEN }
const checkOut = (limit = 3, at = CHECK_IN_OPEN): ParticipantEvent => ({ type: "CHECK_OUT", window, checkoutLimit: limit, actorId: ANA, at })

const run = (events: ReadonlyArray<ParticipantEvent>): ParticipantSnapshot => {
  let s: ParticipantSnapshot | null = null
  for (const e of events) {
    const r = applyParticipantEvent(s, e)
    if ("refused" in r) throw new Error(`${e.type} refused: ${r.refused}`)
    s = r.next
  }
  if (s === null) throw new Error("run needs at least a registration")
  return s
}

const refusal = (s: ParticipantSnapshot | null, e: ParticipantEvent): string => {
  const r = applyParticipantEvent(s, e)
  if (!("refused" in r)) throw new Error(`${e.type} was accepted in ${s === null ? "nothing" : s.value}`)
  return r.refused
}

describe("participant lifecycle", () => {
  it("GIVEN a registration THEN the participant starts where the entry list placed them, with one history entry", () => {
    const s = run([register("waitlist", { queueNumber: 4 })])
    expect(participantState(s)).toBe("waitlist")
    expect(s.context).toMatchObject({ memberId: ANA, queueNumber: 4, registeredAt: BEFORE_OPEN, checkedIn: false, checkouts: 0 })
    expect(s.context.history).toEqual([{ at: BEFORE_OPEN, actorId: ANA, action: "register", status: "waitlist", reason: null }])
    expect(participantState(run([register("grid")]))).toBe("grid")
  })

  it("GIVEN no participant yet THEN only a registration can create one", () => {
    expect(refusal(null, checkIn)).toMatch(/not registered/)
  })

  it("GIVEN a waitlisted member who checked in WHEN promoted THEN they are on the grid and still checked in", () => {
    const s = run([register("waitlist"), checkIn, { type: "PROMOTE", actorId: "pitboard", at: CHECK_IN_OPEN + 1, reason: "a place came free" }])
    expect([participantState(s), s.context.checkedIn]).toEqual(["grid", true])
    expect(s.context.history.at(-1)).toMatchObject({ action: "promote", status: "grid", reason: "a place came free" })
  })

  it("GIVEN a grid driver WHEN an admin moves them down THEN they get the new queue number", () => {
    const s = run([register("grid"), { type: "DEMOTE", queueNumber: 12, actorId: ADMIN, at: BEFORE_OPEN + 1 }])
    expect([participantState(s), s.context.queueNumber]).toEqual(["waitlist", 12])
  })

  it("GIVEN check-outs THEN each is counted, and the limit and the start refuse more", () => {
    const s = run([register("grid"), checkIn, checkOut(), checkIn])
    expect(s.context).toMatchObject({ checkedIn: true, checkouts: 1 })
    expect(refusal(s, checkOut(1))).toMatch(/all 1 check-out/)
    expect(refusal(s, checkOut(3, AFTER_START))).toMatch(/race has started/)
  })

  it("GIVEN someone else's entry THEN they cannot check in, check out or withdraw it", () => {
    const s = run([register("grid"), checkIn])
    for (const e of [{ ...checkIn, actorId: "bob" }, { ...checkOut(), actorId: "bob" }, { type: "WITHDRAW", window, actorId: "bob", at: CHECK_IN_OPEN } as const]) {
      expect(refusal(s, e)).toBe("Only <@ana> can do that for their own entry.")
    }
  })

  it("GIVEN a checked-in member WHEN they withdraw or are removed THEN they are no longer checked in, but their check-outs stay counted", () => {
    const withdrawn = run([register("grid"), checkIn, checkOut(), checkIn, { type: "WITHDRAW", window, actorId: ANA, at: CHECK_IN_OPEN }])
    expect([participantState(withdrawn), withdrawn.context.checkedIn, withdrawn.context.checkouts]).toEqual(["withdrawn", false, 1])
    const removed = run([register("waitlist"), checkIn, { type: "REMOVE", actorId: ADMIN, at: CHECK_IN_OPEN, reason: "  " }])
    expect([participantState(removed), removed.context.checkedIn, removed.context.history.at(-1)?.reason]).toEqual(["removed", false, null])
  })

  it("GIVEN a grid driver WHEN check-in closes THEN only one who did not check in can be marked a no-show", () => {
    const noShow = run([register("grid"), { type: "MARK_NO_SHOW", actorId: "pitboard", at: AFTER_CLOSE }])
    expect(participantState(noShow)).toBe("noShow")
    expect(refusal(run([register("grid"), checkIn]), { type: "MARK_NO_SHOW", actorId: "pitboard", at: AFTER_CLOSE })).toMatch(/checked in, so they are not a no-show/)
    expect(refusal(run([register("waitlist")]), { type: "MARK_NO_SHOW", actorId: "pitboard", at: AFTER_CLOSE })).toMatch(/not on the grid/)
  })

  it.each(["withdrawn", "removed", "noShow"] as const)("GIVEN a member who is %s WHEN registered again THEN they get their new place and queue number", (state) => {
    const leave: Record<typeof state, ParticipantEvent> = {
      withdrawn: { type: "WITHDRAW", window, actorId: ANA, at: BEFORE_OPEN },
      removed: { type: "REMOVE", actorId: ADMIN, at: BEFORE_OPEN },
      noShow: { type: "MARK_NO_SHOW", actorId: "pitboard", at: AFTER_CLOSE },
    }
    const out = run([register("grid"), leave[state]])
    expect(participantState(out)).toBe(state)
    const back = run([register("grid"), leave[state], register("waitlist", { queueNumber: 7, registration: registrationOf("Ana Again"), at: AFTER_CLOSE + 1 })])
    expect(back.context).toMatchObject({ queueNumber: 7, registeredAt: AFTER_CLOSE + 1, registration: { fullName: "Ana Again" } })
  })

  it("GIVEN events that do not apply to the state THEN each is refused with where the member is, and nothing changes", () => {
    const grid = run([register("grid")])
    const waiting = run([register("waitlist")])
    const gone = run([register("grid"), { type: "REMOVE", actorId: ADMIN, at: BEFORE_OPEN }])
    expect(refusal(grid, register("grid"))).toBe("<@ana> is already registered (on the grid).")
    expect(refusal(grid, { type: "PROMOTE", actorId: ADMIN, at: 1 })).toBe("<@ana> is already on the grid.")
    expect(refusal(waiting, { type: "DEMOTE", queueNumber: 3, actorId: ADMIN, at: 1 })).toBe("<@ana> is already on the waitlist.")
    expect(refusal(gone, { type: "PROMOTE", actorId: ADMIN, at: 1 })).toMatch(/not on the waitlist \(removed by an admin\)/)
    expect(refusal(gone, { type: "DEMOTE", queueNumber: 3, actorId: ADMIN, at: 1 })).toMatch(/not on the grid/)
    expect(refusal(gone, checkIn)).toMatch(/removed by an admin in this event/)
    expect(refusal(gone, { type: "REMOVE", actorId: ADMIN, at: 1 })).toMatch(/removed by an admin in this event/)
    expect(refusal(waiting, { ...checkIn, at: BEFORE_OPEN })).toMatch(/Check-in opens/)
  })
})
