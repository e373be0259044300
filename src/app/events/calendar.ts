/**
 * Calendar files and links for a published event. The .ics is built by the `ics` library (RFC
 * 5545 escaping and line folding are easy to get subtly wrong by hand); times go in as UTC so
 * every calendar shows the member's own local time.
 */
import { createEvent, type EventAttributes } from "ics"
import { endsAt } from "../../domain/events/draft.js"
import { calendarEntryFor, googleCalendarLink } from "../../domain/events/google-calendar.js"
import type { StoredEvent } from "../../domain/events/event.js"

export const ICS_PRODUCT_ID = "-//Pitboard//Sim racing league events//EN"

/** "gt3-sprint-round-4.ics": readable in a downloads folder, safe on every file system. */
export const icsFileName = (event: StoredEvent): string => {
  const slug = event.details.details.title
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-")
    .slice(0, 60)
  return `${slug === "" ? `event-${event.id}` : slug}.ics`
}

/**
 * One VEVENT. UID is the event id, so importing an edited event updates it rather than adding a
 * second one; SEQUENCE (seconds between publishing and the last edit) grows with every edit
 * without keeping a counter.
 */
export const icsFor = (event: StoredEvent): string => {
  const { details } = event
  const entry = calendarEntryFor(details)
  const attributes: EventAttributes = {
    uid: event.id,
    productId: ICS_PRODUCT_ID,
    title: details.details.title,
    description: entry.details,
    location: entry.location,
    start: details.schedule.startsAt,
    startInputType: "utc",
    startOutputType: "utc",
    end: endsAt(details.schedule),
    endInputType: "utc",
    endOutputType: "utc",
    status: event.status === "cancelled" ? "CANCELLED" : "CONFIRMED",
    sequence: Math.max(0, Math.floor((event.updatedAt - event.createdAt) / 1000)),
    lastModified: event.updatedAt,
    ...(details.rules.regulationUrl === null ? {} : { url: details.rules.regulationUrl }),
  }
  const { error, value } = createEvent(attributes)
  // The attributes come from a validated event, so a failure here is a bug, not bad input.
  if (error !== null || value === null) throw new Error(`could not build the .ics for event ${event.id}`, { cause: error })
  return value
}

export const googleLinkFor = (event: StoredEvent): string => googleCalendarLink(calendarEntryFor(event.details))
