import { describe, expect, it } from "vitest"
import { googleLinkFor, icsFileName, icsFor } from "../../../../src/app/events/calendar.js"
import { DEFAULT_RACE_NIGHT_SETTINGS } from "../../../../src/domain/race-night/race-settings.js"
import { PUBLISHED, RACE_START } from "../../../fixtures/wizard/answers.js"
import type { StoredEvent } from "../../../../src/domain/events/event.js"

const event = (overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  id: "Ab3_x-9QzLpW",
  guildId: "900000000000000001",
  status: "published",
  details: PUBLISHED,
  createdBy: "200000000000000001",
  createdAt: RACE_START - 30 * 86_400_000,
  updatedAt: RACE_START - 30 * 86_400_000,
  cardChannelId: null,
  cardMessageId: null,
  scheduledEventId: null,
  raceSettings: DEFAULT_RACE_NIGHT_SETTINGS,
  gridChannelId: null,
  gridMessageId: null,
  publication: "complete",
  ...overrides,
})

/** Unfolds RFC 5545 continuation lines so assertions read whole properties. */
const properties = (ics: string) => ics.replace(/\r\n[ \t]/g, "").split("\r\n")

describe("the .ics file of an event", () => {
  it("GIVEN a published event THEN it is one VEVENT with the event id as UID, UTC times, the track as location and the regulation as URL", () => {
    const lines = properties(icsFor(event()))
    expect(lines[0]).toBe("BEGIN:VCALENDAR")
    expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(1)
    expect(lines).toContain("UID:Ab3_x-9QzLpW")
    expect(lines).toContain("DTSTART:20261205T200000Z")
    expect(lines).toContain("DTEND:20261205T213000Z")
    expect(lines).toContain("LOCATION:Spa-Francorchamps")
    expect(lines).toContain("URL:https://league.example.org/rules")
    expect(lines).toContain("STATUS:CONFIRMED")
    expect(lines).toContain("SUMMARY:GT3 Sprint — Round 4")
  })

  it("GIVEN an edit THEN SEQUENCE grows, so calendars replace the copy they imported; a cancelled event says CANCELLED", () => {
    const sequence = (e: StoredEvent) => Number(properties(icsFor(e)).find((line) => line.startsWith("SEQUENCE:"))?.slice("SEQUENCE:".length) ?? 0)
    const published = event()
    const edited = event({ updatedAt: published.updatedAt + 3_600_000 })
    expect(sequence(edited)).toBeGreaterThan(sequence(published))
    expect(properties(icsFor(event({ status: "cancelled" })))).toContain("STATUS:CANCELLED")
  })

  it("GIVEN no regulation link THEN there is no URL line; commas and semicolons in text are escaped", () => {
    const details = { ...PUBLISHED, details: { title: "Sprint, round 5; night", description: "" }, rules: { ...PUBLISHED.rules, regulationUrl: null } }
    const lines = properties(icsFor(event({ details })))
    expect(lines.some((line) => line.startsWith("URL:"))).toBe(false)
    expect(lines).toContain("SUMMARY:Sprint\\, round 5\\; night")
  })

  it("names the file after the title, safe for any file system", () => {
    expect(icsFileName(event())).toBe("gt3-sprint-round-4.ics")
    expect(icsFileName(event({ details: { ...PUBLISHED, details: { title: "🏁🏁", description: "" } } }))).toBe("event-Ab3_x-9QzLpW.ics")
  })

  it("gives a Google Calendar link within a link button's 512 characters", () => {
    const link = googleLinkFor(event())
    expect(link.length).toBeLessThanOrEqual(512)
    expect(link).toContain("dates=20261205T200000Z%2F20261205T213000Z")
  })
})
