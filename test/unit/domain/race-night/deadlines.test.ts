import { describe, expect, it } from "vitest"
import { checkInWindow } from "../../../../src/domain/race-night/check-in.js"
import { type Trigger, dueTriggers, eventTriggers, nextTrigger, REMINDER_BEFORE_CLOSE_MS } from "../../../../src/domain/race-night/deadlines.js"
import { CLOSES_AT, DETAILS, HOUR, MINUTE, OPENS_AT, RACE_START } from "../../../fixtures/participant/sample.js"

const TRIGGERS = eventTriggers(checkInWindow(DETAILS))
const kinds = (ts: ReadonlyArray<Trigger>) => ts.map((t) => t.kind)

describe("eventTriggers", () => {
  it("GIVEN an event THEN check-in opens, a reminder 15 minutes before closing, closing and the start, in that order", () => {
    expect(TRIGGERS).toEqual([
      { kind: "checkin-open", at: OPENS_AT },
      { kind: "reminder-before-close", at: CLOSES_AT - 15 * MINUTE },
      { kind: "checkin-close", at: CLOSES_AT },
      { kind: "event-start", at: RACE_START },
    ])
    expect(REMINDER_BEFORE_CLOSE_MS).toBe(15 * MINUTE)
  })
  it("GIVEN check-in open for 15 minutes or less THEN no reminder (it would come before the opening)", () => {
    const short = eventTriggers(checkInWindow(DETAILS, HOUR + 15 * MINUTE))
    expect(kinds(short)).toEqual(["checkin-open", "checkin-close", "event-start"])
    expect(kinds(eventTriggers(checkInWindow(DETAILS, HOUR + 16 * MINUTE)))).toContain("reminder-before-close")
  })
})

describe("dueTriggers", () => {
  it("GIVEN a moment before check-in opens THEN nothing is due; at the exact moment THEN it is", () => {
    expect(dueTriggers(TRIGGERS, [], OPENS_AT - 1)).toEqual([])
    expect(dueTriggers(TRIGGERS, [], OPENS_AT)).toEqual([{ kind: "checkin-open", at: OPENS_AT, stale: false }])
  })

  it("GIVEN the bot was down past the start WHEN it starts up THEN every missed trigger is due in order, and the announcements are stale", () => {
    const due = dueTriggers(TRIGGERS, [], RACE_START + HOUR)
    expect(due.map((t) => [t.kind, t.stale])).toEqual([
      ["checkin-open", true],
      ["reminder-before-close", true],
      ["checkin-close", false],
      ["event-start", false],
    ])
  })

  it("GIVEN triggers in any order THEN they come out in time order", () => {
    expect(kinds(dueTriggers([...TRIGGERS].reverse(), [], RACE_START))).toEqual(kinds(TRIGGERS))
  })

  it("GIVEN a scheduler that records what it fired WHEN it wakes many times THEN each trigger fires exactly once", () => {
    const fired: Array<Trigger> = []
    const firings: Array<string> = []
    for (let now = OPENS_AT - HOUR; now <= RACE_START + HOUR; now += 7 * MINUTE) {
      for (const t of dueTriggers(TRIGGERS, fired, now)) {
        firings.push(t.kind)
        fired.push(t)
      }
    }
    expect(firings).toEqual(kinds(TRIGGERS))
    expect(dueTriggers(TRIGGERS, fired, RACE_START + 10 * HOUR)).toEqual([])
  })

  it("GIVEN the event is moved after check-in opened THEN the new opening is a new trigger and fires again", () => {
    const fired = dueTriggers(TRIGGERS, [], OPENS_AT + MINUTE)
    const moved = eventTriggers(checkInWindow({ ...DETAILS, schedule: { ...DETAILS.schedule, startsAt: RACE_START + 2 * HOUR } }))
    expect(kinds(dueTriggers(moved, fired, OPENS_AT + 2 * HOUR))).toEqual(["checkin-open"])
  })
})

describe("nextTrigger", () => {
  it("GIVEN some triggers fired THEN the next wake-up is the earliest one left, and none once all fired", () => {
    expect(nextTrigger(TRIGGERS, [])).toEqual(TRIGGERS[0])
    expect(nextTrigger(TRIGGERS, TRIGGERS.slice(0, 2))?.kind).toBe("checkin-close")
    expect(nextTrigger(TRIGGERS, TRIGGERS)).toBeUndefined()
  })
})
