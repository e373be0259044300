/**
 * Time zones and start times for events.
 *
 * Events are stored as UTC instants (epoch ms) and shown with Discord timestamps, so every
 * member sees their own local time. Admins, though, think in their league's local time, so
 * the wizard reads "2026-12-05 20:00" in the chosen IANA zone with the Temporal API (the
 * temporal-polyfill package, which takes zone rules from the runtime's Intl data).
 *
 * Daylight saving makes two kinds of local time special:
 * - skipped times (clocks go forward, e.g. 01:30 on the last Sunday of March in London) do
 *   not exist: they are refused, with the times either side suggested;
 * - repeated times (clocks go back, e.g. 01:30 on the last Sunday of October in London)
 *   happen twice: the earlier one is used, and a note says so and how to get the later one.
 */
import * as Either from "effect/Either"
import { Temporal } from "temporal-polyfill"
import { formatLocalDateTime, parseLocalDateTime } from "./local-datetime.js"

/** The zones most leagues race in. At most 24, so a select with "Other…" fits Discord's 25. */
export const COMMON_TIMEZONES: ReadonlyArray<{ readonly zone: string; readonly label: string }> = [
  { zone: "UTC", label: "UTC (no daylight saving)" },
  { zone: "Europe/London", label: "London, Dublin, Lisbon" },
  { zone: "Europe/Paris", label: "Paris, Brussels, Madrid" },
  { zone: "Europe/Berlin", label: "Berlin, Amsterdam, Rome, Vienna" },
  { zone: "Europe/Warsaw", label: "Warsaw, Prague, Budapest" },
  { zone: "Europe/Helsinki", label: "Helsinki, Athens, Bucharest" },
  { zone: "Europe/Istanbul", label: "Istanbul" },
  { zone: "Europe/Moscow", label: "Moscow" },
  { zone: "America/New_York", label: "US Eastern (New York, Toronto)" },
  { zone: "America/Chicago", label: "US Central (Chicago)" },
  { zone: "America/Denver", label: "US Mountain (Denver)" },
  { zone: "America/Phoenix", label: "Arizona (no daylight saving)" },
  { zone: "America/Los_Angeles", label: "US Pacific (Los Angeles, Vancouver)" },
  { zone: "America/Mexico_City", label: "Mexico City" },
  { zone: "America/Sao_Paulo", label: "Brasília, São Paulo" },
  { zone: "America/Argentina/Buenos_Aires", label: "Buenos Aires" },
  { zone: "Africa/Johannesburg", label: "South Africa" },
  { zone: "Asia/Dubai", label: "Dubai" },
  { zone: "Asia/Kolkata", label: "India" },
  { zone: "Asia/Singapore", label: "Singapore, Kuala Lumpur, Perth" },
  { zone: "Asia/Tokyo", label: "Tokyo, Seoul" },
  { zone: "Australia/Sydney", label: "Sydney, Melbourne" },
  { zone: "Pacific/Auckland", label: "New Zealand" },
]

const ZONE_LIST_URL = "https://en.wikipedia.org/wiki/List_of_tz_database_time_zones"

/** Zone names the runtime knows whose last part matches, e.g. "new york" → America/New_York. */
const suggestZones = (text: string): ReadonlyArray<string> => {
  const wanted = text.trim().toLowerCase().replace(/ /g, "_")
  return Intl.supportedValuesOf("timeZone")
    .filter((zone) => zone.toLowerCase().split("/").pop() === wanted)
    .slice(0, 3)
}

/**
 * An IANA zone name like "Europe/London", or "UTC", checked against the runtime's zone data
 * and returned in its proper capitalisation. Fixed offsets ("+02:00", "GMT+1") and
 * abbreviations ("CET", "EST") are refused: they don't follow the local daylight-saving
 * rules, which is the whole point of picking a zone.
 */
export const parseTimeZone = (text: string): Either.Either<string, string> => {
  const name = text.trim()
  if (name.length === 0) return Either.left("Enter a time zone name, like Europe/London or America/New_York.")
  // Etc/GMT+5 is a valid IANA name, but a fixed offset with a famously inverted sign (UTC−5).
  if (/^(?:etc\/)?(?:utc|gmt)?\s*[+\-−]\s*\d/i.test(name)) {
    return Either.left(`“${name}” is a fixed offset, which ignores daylight saving. Enter your place's zone name instead, like Europe/Paris (list: ${ZONE_LIST_URL}).`)
  }
  let zone: string
  try {
    zone = Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(name).timeZoneId
  } catch {
    const suggestions = suggestZones(name)
    const hint = suggestions.length > 0 ? `Did you mean ${suggestions.join(" or ")}?` : `Enter a zone name like Europe/Berlin (list: ${ZONE_LIST_URL}).`
    return Either.left(`“${name.slice(0, 50)}” isn't a time zone I know. ${hint}`)
  }
  if (zone !== "UTC" && !zone.includes("/")) {
    return Either.left(`“${name}” is an abbreviation, and those don't say which daylight-saving rules apply. Enter a place name like Europe/Berlin or America/New_York.`)
  }
  return Either.right(zone)
}

export const isValidTimeZone = (text: string): boolean => Either.isRight(parseTimeZone(text))

/** `<t:1796500800:F>`: Discord shows it in each reader's own time zone and language. */
export const discordTimestamp = (epochMs: number, style: "t" | "T" | "d" | "D" | "f" | "F" | "s" | "S" | "R" = "F"): string =>
  `<t:${Math.floor(epochMs / 1000)}:${style}>`

/** "2026-12-05 20:00" in `zone`; `zone` must already be valid. */
export const formatInZone = (epochMs: number, zone: string): string =>
  formatLocalDateTime(Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone).toPlainDateTime())

export interface LocalStart {
  readonly startsAt: number
  /** The tidy wall-clock text, kept so the same time can be re-read in another zone. */
  readonly local: string
  /** Set when the time needed a decision the admin should know about (a repeated hour). */
  readonly note?: string
}

const weekdayDate = (date: Temporal.PlainDateTime): string =>
  date.toPlainDate().toLocaleString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric" })

const hhmm = (date: Temporal.PlainDateTime | Temporal.ZonedDateTime): string => date.toPlainTime().toString({ smallestUnit: "minute" })

/**
 * The instant an admin means by `text` in `zone`, which must be after `now` (epoch ms).
 * See the top of this file for skipped and repeated local times.
 */
export const parseLocalStart = (text: string, zone: string, now: number): Either.Either<LocalStart, string> =>
  Either.flatMap(parseTimeZone(zone), (timezone) =>
    Either.flatMap(parseLocalDateTime(text), (wallClock) => {
      const earlier = wallClock.toZonedDateTime(timezone, { disambiguation: "earlier" })
      const later = wallClock.toZonedDateTime(timezone, { disambiguation: "later" })
      const local = formatLocalDateTime(wallClock)
      let note: string | undefined
      if (earlier.epochMilliseconds !== later.epochMilliseconds) {
        if (!earlier.toPlainDateTime().equals(wallClock)) {
          // In a skipped hour "earlier" and "later" land either side of the gap.
          const jump = later.epochMilliseconds - earlier.epochMilliseconds
          const gapEnd = earlier.getTimeZoneTransition("next")
          const gapEndLocal = gapEnd ? gapEnd.toPlainDateTime() : later.toPlainDateTime()
          const gapStartLocal = gapEndLocal.subtract({ milliseconds: jump })
          return Either.left(
            `${hhmm(wallClock)} doesn't exist in ${timezone} on ${weekdayDate(wallClock)}: the clocks jump from ${hhmm(gapStartLocal)} to ${hhmm(gapEndLocal)}. ` +
              `Pick a time before ${hhmm(gapStartLocal)} or from ${hhmm(gapEndLocal)} on, like ${formatLocalDateTime(later.toPlainDateTime())}.`,
          )
        }
        const laterInUtc = formatInZone(later.epochMilliseconds, "UTC")
        note =
          `${hhmm(wallClock)} happens twice in ${timezone} on ${weekdayDate(wallClock)} because the clocks go back; ` +
          `I used the first one (UTC${earlier.offset}). For the second one, choose the UTC time zone and enter ${laterInUtc}.`
      }
      const startsAt = earlier.epochMilliseconds
      if (startsAt <= now) {
        return Either.left(`${local} in ${timezone} is in the past (${discordTimestamp(startsAt, "R")}). Enter a future date and time.`)
      }
      return Either.right(note === undefined ? { startsAt, local } : { startsAt, local, note })
    }),
  )
