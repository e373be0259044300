/**
 * Reads a wall-clock date and time as an admin types it, before any time zone is applied.
 *
 * Accepted (case and extra spaces don't matter):
 *   2026-12-05 20:00     2026-12-05T20:00     2026/12/05 20:00     2026-12-05 8pm
 *   5 Dec 2026 20:00     5 December 2026, 8:30 pm     December 5, 2026 at 20h30
 * Day/month orders like 05/12/2026 are refused on purpose: half the world reads that as
 * 5 December and the other half as 12 May.
 */
import * as Either from "effect/Either"
import { Temporal } from "temporal-polyfill"

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

const HOW_TO_WRITE = "Write it as year-month-day and a 24-hour time, like 2026-12-05 20:00."

/** "dec", "decem" and "december" all work; "sept" too. Three letters are the least we accept. */
const monthNumber = (name: string): number | undefined => {
  const index = name.length < 3 ? -1 : MONTHS.findIndex((month) => month.startsWith(name))
  return index >= 0 ? index + 1 : undefined
}

interface DateParts {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly rest: string
}

const readDate = (text: string): DateParts | undefined => {
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(.*)$/.exec(text)
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), rest: iso[4] ?? "" }
  const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{4})(.*)$/.exec(text)
  const dayMonth = dayFirst && monthNumber(dayFirst[2] ?? "")
  if (dayFirst && dayMonth) return { year: Number(dayFirst[3]), month: dayMonth, day: Number(dayFirst[1]), rest: dayFirst[4] ?? "" }
  const monthFirst = /^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(.*)$/.exec(text)
  const month = monthFirst && monthNumber(monthFirst[1] ?? "")
  if (monthFirst && month) return { year: Number(monthFirst[3]), month, day: Number(monthFirst[2]), rest: monthFirst[4] ?? "" }
  return undefined
}

/** "20:00", "20.00", "20h00", "20h", "8pm", "8:30 pm", "12am" (midnight). */
const readTime = (text: string): { hour: number; minute: number } | "bad" | undefined => {
  const match = /^(\d{1,2})(?:([:.h])(\d{2})?)?\s*(am|pm)?$/.exec(text)
  if (!match) return undefined
  const [, h, separator, m, meridiem] = match
  if (separator === undefined && meridiem === undefined) return undefined
  if ((separator === ":" || separator === ".") && m === undefined) return undefined
  let hour = Number(h)
  const minute = Number(m ?? 0)
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return "bad"
    hour = (hour % 12) + (meridiem === "pm" ? 12 : 0)
  }
  if (hour > 23 || minute > 59) return "bad"
  return { hour, minute }
}

export const parseLocalDateTime = (text: string): Either.Either<Temporal.PlainDateTime, string> => {
  const cleaned = text.trim().toLowerCase().replace(/\s+/g, " ")
  const date = readDate(cleaned)
  if (!date) return Either.left(`I couldn't read a date in “${text.trim()}”. ${HOW_TO_WRITE}`)
  const timeText = date.rest.replace(/^(?:t(?=\d)|,? ?(?:at )?)/, "").trim()
  if (timeText.length === 0) return Either.left(`Add the start time after the date. ${HOW_TO_WRITE}`)
  const time = readTime(timeText)
  if (time === undefined) return Either.left(`I couldn't read “${timeText}” as a time. ${HOW_TO_WRITE}`)
  if (time === "bad") return Either.left(`“${timeText}” isn't a time of day. ${HOW_TO_WRITE}`)
  try {
    return Either.right(Temporal.PlainDateTime.from({ ...date, ...time }, { overflow: "reject" }))
  } catch {
    const shown = `${date.year}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`
    return Either.left(`${shown} isn't a date on the calendar. Check the month and day.`)
  }
}

/** The tidy form shown back to the admin and kept in the draft: "2026-12-05 20:00". */
export const formatLocalDateTime = (local: Temporal.PlainDateTime): string =>
  local.toString({ smallestUnit: "minute" }).replace("T", " ")
