/**
 * "Add to Google Calendar" links. Google's template URL takes the event in the query string,
 * with times as UTC ("20261205T200000Z") so each member's calendar shows their own local time.
 *
 * The link usually goes on a Discord link button, which takes at most 512 characters, so the
 * details (and, if it must, the title) are shortened to fit rather than the link failing.
 */
import { Temporal } from "temporal-polyfill"
import type { EventDetails } from "./draft.js"
import { endsAt } from "./draft.js"

const TEMPLATE_URL = "https://calendar.google.com/calendar/render"
export const BUTTON_URL_MAX = 512

export interface CalendarEntry {
  readonly title: string
  readonly details: string
  readonly location: string
  readonly startsAt: number
  readonly endsAt: number
}

const utcStamp = (epochMs: number): string =>
  Temporal.Instant.fromEpochMilliseconds(epochMs).toString({ smallestUnit: "second" }).replace(/[-:]/g, "")

const buildLink = (entry: CalendarEntry): string => {
  const params = new URLSearchParams({
    action: "TEMPLATE",
    text: entry.title,
    dates: `${utcStamp(entry.startsAt)}/${utcStamp(entry.endsAt)}`,
    details: entry.details,
    location: entry.location,
  })
  return `${TEMPLATE_URL}?${params.toString()}`
}

/** The longest start of `text` (whole characters, never half an emoji) for which `fits` holds. */
const longestFitting = (text: string, fits: (candidate: string) => boolean): string => {
  // Checked first because the "…" can encode longer than the tail it replaces.
  if (fits(text)) return text
  const chars = Array.from(text)
  const cut = (n: number): string => `${chars.slice(0, n).join("").trimEnd()}…`
  let low = 0
  let high = chars.length - 1
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (fits(cut(middle))) low = middle
    else high = middle - 1
  }
  return low === 0 ? "" : cut(low)
}

export const googleCalendarLink = (entry: CalendarEntry, maxLength: number = BUTTON_URL_MAX): string => {
  const fits = (candidate: CalendarEntry): boolean => buildLink(candidate).length <= maxLength
  if (fits(entry)) return buildLink(entry)
  const location = longestFitting(entry.location, (l) => fits({ ...entry, details: "", location: l }))
  const details = longestFitting(entry.details, (d) => fits({ ...entry, details: d, location }))
  const title = longestFitting(entry.title, (t) => fits({ ...entry, title: t, details, location }))
  return buildLink({ ...entry, title, details, location })
}

/** The calendar entry for a published event: the track as location, the essentials as details. */
export const calendarEntryFor = (event: EventDetails): CalendarEntry => ({
  title: event.details.title,
  location: event.track.name,
  startsAt: event.schedule.startsAt,
  endsAt: endsAt(event.schedule),
  details: [event.details.description, `Vehicles: ${event.vehicles.join(", ")}`].filter((line) => line.length > 0).join("\n\n"),
})
