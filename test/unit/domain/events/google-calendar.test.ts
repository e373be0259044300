import { describe, expect, it } from "vitest"
import { BUTTON_URL_MAX, calendarEntryFor, googleCalendarLink } from "../../../../src/domain/events/google-calendar.js"
import { HOUR, PUBLISHED, RACE_START } from "../../../fixtures/wizard/answers.js"

const params = (link: string): URLSearchParams => new URL(link).searchParams

const entry = {
  title: "GT3 Sprint & Friends",
  details: "Two sprints\nBring a spare setup",
  location: "Spa-Francorchamps",
  startsAt: RACE_START,
  endsAt: RACE_START + 1.5 * HOUR,
}

describe("Google Calendar links", () => {
  it("carry the event as a template, with UTC times in Google's compact form", () => {
    const link = googleCalendarLink(entry)
    expect(link.startsWith("https://calendar.google.com/calendar/render?")).toBe(true)
    const query = params(link)
    expect(query.get("action")).toBe("TEMPLATE")
    expect(query.get("text")).toBe("GT3 Sprint & Friends")
    expect(query.get("dates")).toBe("20261205T200000Z/20261205T213000Z")
    expect(query.get("details")).toBe("Two sprints\nBring a spare setup")
    expect(query.get("location")).toBe("Spa-Francorchamps")
  })

  it("shorten the details to fit a Discord link button, keeping the title whole", () => {
    const link = googleCalendarLink({ ...entry, details: "🏁 lots of rules ".repeat(100) })
    expect(link.length).toBeLessThanOrEqual(BUTTON_URL_MAX)
    expect(params(link).get("text")).toBe(entry.title)
    expect(params(link).get("details")).toMatch(/^🏁 lots of rules.*…$/)
    expect(link.length).toBeGreaterThan(BUTTON_URL_MAX - 20)
  })

  it("shorten even the title when a long non-Latin title alone would not fit", () => {
    const link = googleCalendarLink({ ...entry, title: "グランツーリスモ".repeat(12) })
    expect(link.length).toBeLessThanOrEqual(BUTTON_URL_MAX)
    expect(params(link).get("details")).toBe("")
    expect(params(link).get("text")).toMatch(/^グランツーリスモ.*…$/)
  })

  it("are built for a published event from its track, description and vehicles", () => {
    const calendar = calendarEntryFor(PUBLISHED)
    expect(calendar).toEqual({
      title: "GT3 Sprint — Round 4",
      location: "Spa-Francorchamps",
      startsAt: RACE_START,
      endsAt: RACE_START + 90 * 60_000,
      details: "Two 45-minute sprints.\n\nVehicles: Porsche 911 GT3 R (992), BMW M4 GT3, Ferrari 296 GT3",
    })
  })
})
