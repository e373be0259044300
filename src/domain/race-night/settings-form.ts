/**
 * The race-night settings an admin edits per event (`/event manage` → Race-night settings): the
 * form arrives as text, and every problem is listed at once so one resubmit fixes them all.
 */
import * as Either from "effect/Either"
import type { RaceNightSettings } from "./race-settings.js"

export interface RaceNightSettingsForm {
  /** "iracing" or "steam" (any case). */
  readonly platform: string
  /** Hours before the start that check-in opens, e.g. "24" or "1.5". */
  readonly checkInOpensHours: string
  readonly checkoutLimit: string
  readonly failedAttemptLimit: string
  /** "yes" / "no". */
  readonly carNumberRequired: string
  /** The role members need to register, or null for anyone. */
  readonly requiredRoleId: string | null
}

const MAX_OPENS_HOURS = 14 * 24

const wholeNumber = (text: string, what: string, min: number, max: number, problems: string[]): number => {
  const value = Number(text.trim())
  if (text.trim() === "" || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${what} must be a whole number from ${min} to ${max}; "${text.trim()}" is not.`)
    return min
  }
  return value
}

export const parseRaceNightSettingsForm = (form: RaceNightSettingsForm): Either.Either<RaceNightSettings, string> => {
  const problems: string[] = []
  const platform = form.platform.trim().toLowerCase()
  if (platform !== "iracing" && platform !== "steam") problems.push(`Platform must be "iracing" or "steam"; "${form.platform.trim()}" is neither.`)
  const hours = Number(form.checkInOpensHours.trim().replace(",", "."))
  if (form.checkInOpensHours.trim() === "" || !Number.isFinite(hours) || hours < 0 || hours > MAX_OPENS_HOURS) {
    problems.push(`Check-in opening must be a number of hours from 0 to ${MAX_OPENS_HOURS} before the start; "${form.checkInOpensHours.trim()}" is not.`)
  }
  const checkoutLimit = wholeNumber(form.checkoutLimit, "The check-out limit", 0, 20, problems)
  const failedAttemptLimit = wholeNumber(form.failedAttemptLimit, "The attempt limit", 1, 20, problems)
  const answer = form.carNumberRequired.trim().toLowerCase()
  if (!["yes", "no", "y", "n"].includes(answer)) problems.push(`"Car number required" must be yes or no; "${form.carNumberRequired.trim()}" is neither.`)
  if (problems.length > 0) return Either.left(problems.join(" "))
  return Either.right({
    platform: platform as RaceNightSettings["platform"],
    checkInOpensBeforeMinutes: Math.round(hours * 60),
    checkoutLimit,
    failedAttemptLimit,
    carNumberRequired: answer.startsWith("y"),
    requiredRoleId: form.requiredRoleId,
  })
}

/** The form prefilled from what is stored. */
export const settingsToForm = (settings: RaceNightSettings): RaceNightSettingsForm => ({
  platform: settings.platform,
  checkInOpensHours: String(settings.checkInOpensBeforeMinutes / 60),
  checkoutLimit: String(settings.checkoutLimit),
  failedAttemptLimit: String(settings.failedAttemptLimit),
  carNumberRequired: settings.carNumberRequired ? "yes" : "no",
  requiredRoleId: settings.requiredRoleId,
})
