/**
 * When drivers can check in, and what a participant may do at a given moment.
 *
 *   opensAt ─── check-in open ─── closesAt ─── closed ─── startsAt ─── started
 *
 * Check-in opens a configurable time before the start (24 h unless the event says
 * otherwise) and closes the event's "check-in closes" minutes before it. Check-outs are
 * accepted until the start, even after check-in closed; nothing changes after the start.
 *
 * These rules are the guards of the participant machine (src/machines/participant.ts), and
 * the entry list asks the same functions who may take a free place, so a rule and its
 * explanation live in exactly one place.
 */
import type { EventDetails } from "../events/draft.js"
import { discordTimestamp } from "../events/time.js"
import { MINUTE_MS, type RaceNightSettings } from "./race-settings.js"

export const DEFAULT_CHECK_IN_OPENS_BEFORE_MS = 24 * 60 * MINUTE_MS

/** Epoch ms. `opensAt <= closesAt <= startsAt` always holds. */
export interface CheckInWindow {
  readonly opensAt: number
  readonly closesAt: number
  readonly startsAt: number
}

/**
 * The window of an event. When check-in would close before it opens (closing 24 h before
 * the start while opening only 12 h before), it opens at the closing time: an empty
 * window, rather than one that runs backwards.
 */
/** An event's window with its own race-night settings: the one way every caller computes it. */
export const raceEventWindow = (event: { readonly details: Pick<EventDetails, "schedule" | "rules">; readonly settings: Pick<RaceNightSettings, "checkInOpensBeforeMinutes"> }): CheckInWindow =>
  checkInWindow(event.details, event.settings.checkInOpensBeforeMinutes * MINUTE_MS)

export const checkInWindow = (
  event: Pick<EventDetails, "schedule" | "rules">,
  opensBeforeMs: number = DEFAULT_CHECK_IN_OPENS_BEFORE_MS,
): CheckInWindow => {
  const startsAt = event.schedule.startsAt
  const closesAt = startsAt - Math.max(0, event.rules.checkInClosesMinutes) * MINUTE_MS
  return { opensAt: Math.min(startsAt - Math.max(0, opensBeforeMs), closesAt), closesAt, startsAt }
}

export type CheckInState = "not-open" | "open" | "closed" | "started"

export const checkInState = (window: CheckInWindow, now: number): CheckInState =>
  now >= window.startsAt ? "started" : now >= window.closesAt ? "closed" : now >= window.opensAt ? "open" : "not-open"

/**
 * Who may take a free place on the grid right now: anyone waiting before check-in closes;
 * after that only those who checked in (the others would be no-shows); nobody once the
 * race has started, since a race in progress cannot take new drivers.
 */
export const mayTakeFreePlace = (checkedIn: boolean, window: CheckInWindow, now: number): boolean => {
  const state = checkInState(window, now)
  return state === "closed" ? checkedIn : state !== "started"
}

/** What the check-in rules need to know about one participant. */
export interface Attendance {
  readonly checkedIn: boolean
  readonly checkouts: number
}

const STARTED = "The race has started, so nothing can change any more. Ask an admin if something is wrong."

export const checkInRefusal = (attendance: Attendance, window: CheckInWindow, now: number): string | null => {
  switch (checkInState(window, now)) {
    case "not-open":
      return `Check-in opens ${discordTimestamp(window.opensAt, "R")} (${discordTimestamp(window.opensAt, "f")}).`
    case "closed":
      return `Check-in closed ${discordTimestamp(window.closesAt, "R")}. Ask an admin if you are here to race.`
    case "started":
      return STARTED
    case "open":
      return attendance.checkedIn ? "You are already checked in." : null
  }
}

export const checkOutRefusal = (attendance: Attendance, window: CheckInWindow, limit: number, now: number): string | null => {
  if (checkInState(window, now) === "started") return STARTED
  if (!attendance.checkedIn) return "You are not checked in, so there is nothing to check out of."
  if (attendance.checkouts >= limit) {
    return limit === 0
      ? "This event does not allow checking out. Ask an admin, or withdraw if you cannot race."
      : `You have used all ${limit} check-out${limit === 1 ? "" : "s"} for this event. Ask an admin, or withdraw if you cannot race.`
  }
  return null
}

export const withdrawRefusal = (window: CheckInWindow, now: number): string | null =>
  checkInState(window, now) === "started" ? STARTED : null

export const checkoutsLeft = (attendance: Attendance, limit: number): number => Math.max(0, limit - attendance.checkouts)
