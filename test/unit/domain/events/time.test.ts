import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { formatLocalDateTime, parseLocalDateTime } from "../../../../src/domain/events/local-datetime.js"
import { COMMON_TIMEZONES, discordTimestamp, formatInZone, isValidTimeZone, parseLocalStart, parseTimeZone } from "../../../../src/domain/events/time.js"
import { HOUR } from "../../../fixtures/wizard/answers.js"

const JAN_1_2026 = Date.UTC(2026, 0, 1)

const refusal = <A>(result: Either.Either<A, string>): string => {
  if (Either.isRight(result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.right)}`)
  return result.left
}
const accepted = <A>(result: Either.Either<A, string>): A => {
  if (Either.isLeft(result)) throw new Error(`expected success, got: ${result.left}`)
  return result.right
}

describe("time zones", () => {
  it("every common zone is valid, and there are few enough to leave room for “Other…” in a select", () => {
    expect(COMMON_TIMEZONES.length).toBeLessThanOrEqual(24)
    for (const { zone, label } of COMMON_TIMEZONES) {
      expect(isValidTimeZone(zone), zone).toBe(true)
      expect(label.length).toBeLessThanOrEqual(100)
    }
    expect(new Set(COMMON_TIMEZONES.map((z) => z.zone)).size).toBe(COMMON_TIMEZONES.length)
  })
  it("IANA names are accepted in any case and returned properly capitalised", () => {
    expect(parseTimeZone(" europe/london ")).toEqual(Either.right("Europe/London"))
    expect(parseTimeZone("utc")).toEqual(Either.right("UTC"))
    expect(parseTimeZone("America/Argentina/Buenos_Aires")).toEqual(Either.right("America/Argentina/Buenos_Aires"))
  })
  it("a name that isn't IANA is refused, with a suggestion when a zone's city matches", () => {
    expect(refusal(parseTimeZone("Mars/Olympus_Mons"))).toMatch(/isn't a time zone I know.*Europe\/Berlin/)
    expect(refusal(parseTimeZone("new york"))).toMatch(/Did you mean America\/New_York\?/)
    expect(isValidTimeZone("London")).toBe(false)
  })
  it("fixed offsets and abbreviations are refused because they ignore daylight saving", () => {
    for (const offset of ["+02:00", "GMT+1", "UTC-5", "Etc/GMT+5"]) expect(refusal(parseTimeZone(offset))).toMatch(/fixed offset/)
    for (const abbreviation of ["EST", "CET"]) expect(refusal(parseTimeZone(abbreviation))).toMatch(/abbreviation/)
    expect(refusal(parseTimeZone(""))).toMatch(/Enter a time zone name/)
  })
})

describe("reading a date and time as typed", () => {
  it.each([
    "2026-12-05 20:00",
    "2026-12-05T20:00",
    "2026/12/05 20:00",
    "2026-12-05 8pm",
    "2026-12-05 8:00 PM",
    "2026-12-05 20h00",
    "2026-12-05 20h",
    "2026-12-05 20.00",
    "5 Dec 2026 20:00",
    "5th December 2026, 8pm",
    "December 5, 2026 at 20:00",
    "dec 5 2026 20:00",
  ])("“%s” is 2026-12-05 20:00", (text) => {
    expect(formatLocalDateTime(accepted(parseLocalDateTime(text)))).toBe("2026-12-05 20:00")
  })
  it("12am is midnight and 12pm is noon", () => {
    expect(formatLocalDateTime(accepted(parseLocalDateTime("2026-12-05 12am")))).toBe("2026-12-05 00:00")
    expect(formatLocalDateTime(accepted(parseLocalDateTime("2026-12-05 12pm")))).toBe("2026-12-05 12:00")
  })
  it("ambiguous day/month orders, missing times and impossible dates are refused with the expected format", () => {
    expect(refusal(parseLocalDateTime("05/12/2026 20:00"))).toMatch(/2026-12-05 20:00/)
    expect(refusal(parseLocalDateTime("2026-12-05"))).toMatch(/Add the start time/)
    expect(refusal(parseLocalDateTime("2026-12-05 20"))).toMatch(/couldn't read “20” as a time/)
    expect(refusal(parseLocalDateTime("2026-12-05 25:00"))).toMatch(/isn't a time of day/)
    expect(refusal(parseLocalDateTime("2026-12-05 13pm"))).toMatch(/isn't a time of day/)
    expect(refusal(parseLocalDateTime("2026-02-30 20:00"))).toMatch(/2026-02-30 isn't a date on the calendar/)
    expect(refusal(parseLocalDateTime("Decimal 5 2026 20:00"))).toMatch(/couldn't read a date/)
  })
})

describe("start times in a zone", () => {
  it("winter and summer times in London are GMT and BST", () => {
    expect(accepted(parseLocalStart("2026-12-05 20:00", "Europe/London", JAN_1_2026)).startsAt).toBe(Date.UTC(2026, 11, 5, 20))
    expect(accepted(parseLocalStart("2026-07-04 20:00", "Europe/London", JAN_1_2026)).startsAt).toBe(Date.UTC(2026, 6, 4, 19))
  })
  it("a time in London's spring-forward gap is refused, naming the jump and a time that exists", () => {
    const reason = refusal(parseLocalStart("2026-03-29 01:30", "Europe/London", JAN_1_2026))
    expect(reason).toMatch(/01:30 doesn't exist in Europe\/London/)
    expect(reason).toMatch(/clocks jump from 01:00 to 02:00/)
    expect(reason).toMatch(/like 2026-03-29 02:30/)
  })
  it("a time in New York's spring-forward gap is refused", () => {
    expect(refusal(parseLocalStart("2026-03-08 02:30", "America/New_York", JAN_1_2026))).toMatch(/clocks jump from 02:00 to 03:00/)
  })
  it("the edges of the gap exist: 00:59 GMT and 02:00 BST in London", () => {
    expect(accepted(parseLocalStart("2026-03-29 00:59", "Europe/London", JAN_1_2026)).startsAt).toBe(Date.UTC(2026, 2, 29, 0, 59))
    expect(accepted(parseLocalStart("2026-03-29 02:00", "Europe/London", JAN_1_2026)).startsAt).toBe(Date.UTC(2026, 2, 29, 1, 0))
  })
  it("a repeated time at London's fall-back takes the earlier one (BST) and says so", () => {
    const start = accepted(parseLocalStart("2026-10-25 01:30", "Europe/London", JAN_1_2026))
    expect(start.startsAt).toBe(Date.UTC(2026, 9, 25, 0, 30))
    expect(start.note).toMatch(/happens twice in Europe\/London.*first one \(UTC\+01:00\)/)
    expect(start.note).toMatch(/choose the UTC time zone and enter 2026-10-25 01:30/)
  })
  it("a repeated time at New York's fall-back takes the earlier one (EDT)", () => {
    const start = accepted(parseLocalStart("2026-11-01 01:30", "America/New_York", JAN_1_2026))
    expect(start.startsAt).toBe(Date.UTC(2026, 10, 1, 5, 30))
    expect(start.note).toMatch(/UTC-04:00.*enter 2026-11-01 06:30/)
  })
  it("ordinary times carry no note", () => {
    expect(accepted(parseLocalStart("2026-10-25 03:00", "Europe/London", JAN_1_2026)).note).toBeUndefined()
  })
  it("the past, and the present instant, are refused; one minute ahead is fine", () => {
    const now = Date.UTC(2026, 11, 5, 20, 0)
    expect(refusal(parseLocalStart("2026-12-05 20:00", "UTC", now))).toMatch(/in the past.*Enter a future date/)
    expect(refusal(parseLocalStart("2025-12-05 20:00", "UTC", now))).toMatch(/in the past/)
    expect(accepted(parseLocalStart("2026-12-05 20:01", "UTC", now)).startsAt).toBe(now + 60_000)
  })
  it("a bad zone is refused before the date is read", () => {
    expect(refusal(parseLocalStart("2026-12-05 20:00", "Europe/Londres", JAN_1_2026))).toMatch(/isn't a time zone/)
  })
})

describe("showing times", () => {
  it("Discord timestamps are in whole seconds", () => {
    expect(discordTimestamp(Date.UTC(2026, 11, 5, 20) + 999)).toBe("<t:1796500800:F>")
    expect(discordTimestamp(0, "R")).toBe("<t:0:R>")
  })
  it("an instant is shown as the wall-clock time in a zone", () => {
    expect(formatInZone(Date.UTC(2026, 6, 4, 19), "Europe/London")).toBe("2026-07-04 20:00")
    expect(formatInZone(Date.UTC(2026, 6, 4, 19) + 2 * HOUR, "America/New_York")).toBe("2026-07-04 17:00")
  })
})
