/** Small helpers for the entry-list tests: register people, read where everyone is. */
import { expect } from "vitest"
import { type EntryList, type Outcome, entryListFor, gridOf, refusalOf, waitlistOf } from "../../../../src/machines/race-night/entry-list.js"
import { register } from "../../../../src/machines/race-night/member-actions.js"
import { EVENT, registrationOf } from "../../../fixtures/participant/sample.js"

/** The list after an operation that must succeed. */
export const ok = (outcome: Outcome): EntryList => {
  expect(refusalOf(outcome), "expected the operation to succeed").toBeUndefined()
  return outcome.list
}

/** The refusal of an operation that must be refused; the list must be unchanged. */
export const refused = (outcome: Outcome, before: EntryList): string => {
  const reason = refusalOf(outcome)
  expect(reason, "expected a refusal").toBeDefined()
  expect(outcome.list.participants).toBe(before.participants)
  expect(outcome.changed).toEqual([])
  return reason ?? ""
}

export const emptyList = (capacity = 3): EntryList =>
  entryListFor({ ...EVENT, details: { ...EVENT.details, capacity: { ...EVENT.details.capacity, maxDrivers: capacity } } })

/** Registers each member in turn at `at` (already checked registrations). */
export const withMembers = (list: EntryList, members: ReadonlyArray<string>, at: number): EntryList =>
  members.reduce((l, memberId) => ok(register(l, { memberId, actorId: memberId, at, registration: registrationOf(memberId) })), list)

export const grid = (list: EntryList): ReadonlyArray<string> => gridOf(list).map((e) => e.memberId)
export const waiting = (list: EntryList): ReadonlyArray<string> => waitlistOf(list).map((e) => e.memberId)

/** Effects without the noise: "Give alice", "Promoted bob (withdrawal)", "Notify bob promoted". */
export const effectsOf = (outcome: Outcome): ReadonlyArray<string> =>
  outcome.effects.map((e) => {
    switch (e._tag) {
      case "GiveDriverRole":
        return `Give ${e.memberId}`
      case "TakeDriverRole":
        return `Take ${e.memberId}`
      case "Promoted":
        return `Promoted ${e.memberId} (${e.cause})`
      case "Notify":
        return `Notify ${e.memberId} ${e.notice.kind}${"position" in e.notice ? ` #${e.notice.position}` : ""}`
      case "FailedAttemptsChanged":
        return `Attempts ${e.memberId} ${e.failedAttempts}`
      case "Audit":
        return `Audit ${e.action} ${e.memberId ?? "-"}`
      case "Refused":
        return "Refused"
    }
  })
