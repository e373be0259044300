/** Entry lists of any size for the shell's views, exports and bench: names, teams, car numbers, check-ins. */
import { unsafeCarNumber } from "../../../../src/domain/numbers/car-number.js"
import { type EntryList, entryListFor, refusalOf, type Outcome } from "../../../../src/machines/race-night/entry-list.js"
import { checkIn, register } from "../../../../src/machines/race-night/member-actions.js"
import { DEFAULT_RACE_NIGHT_SETTINGS, type RaceEvent } from "../../../../src/domain/race-night/race-settings.js"
import { CHECK_IN_OPEN, DETAILS, EVENT, registrationOf } from "../../../fixtures/participant/sample.js"

const ok = (outcome: Outcome): EntryList => {
  const refusal = refusalOf(outcome)
  if (refusal !== undefined) throw new Error(refusal)
  return outcome.list
}

export const memberIdOf = (i: number): string => String(700000000000000000n + BigInt(i))

export const eventWith = (capacity: number, overrides: Partial<RaceEvent> = {}): RaceEvent => ({
  ...EVENT,
  details: { ...DETAILS, capacity: { ...DETAILS.capacity, maxDrivers: capacity } },
  settings: DEFAULT_RACE_NIGHT_SETTINGS,
  ...overrides,
})

/**
 * `entrants` members registered in order (the first `capacity` on the grid), every third one
 * checked in. Names and teams are long on purpose: the worst case for the 6000-character limit.
 */
export const bigList = (entrants: number, capacity: number, options: { readonly longNames?: boolean } = {}): EntryList => {
  let list = entryListFor(eventWith(capacity))
  const at = CHECK_IN_OPEN - 60 * 60_000
  for (let i = 0; i < entrants; i++) {
    const name = options.longNames === true ? `Driver ${i} Maximilian Alexander von Hohenberg-Lichtenstein` : `Driver ${i}`
    const registration = registrationOf(name, {
      carNumber: unsafeCarNumber(String(i % 1000)),
      teamName: options.longNames === true ? `Team ${i} Extremely Long Racing Team Name Motorsport` : i % 2 === 0 ? `Team ${i % 7}` : null,
    })
    list = ok(register(list, { memberId: memberIdOf(i), actorId: memberIdOf(i), at: at + i, registration }))
  }
  for (let i = 0; i < entrants; i += 3) list = ok(checkIn(list, { memberId: memberIdOf(i), at: CHECK_IN_OPEN }))
  return list
}
