/**
 * Checks for what an admin types into the event wizard. Each returns either the tidied value
 * or a short reason that says what to enter instead (shown to the admin as is).
 */
import * as Either from "effect/Either"
import type { Track } from "./draft.js"

export const TITLE_MAX = 100
export const DESCRIPTION_MAX = 2000
export const VEHICLES_MAX = 30
export const VEHICLE_NAME_MAX = 100
export const SPECIAL_RULES_MAX = 1000
/** Link buttons in Discord accept at most 512 characters. */
export const URL_MAX = 512
export const CHECK_IN_DEFAULT_MINUTES = 60
export const CHECK_IN_MAX_MINUTES = 24 * 60
export const DURATION_MIN_MINUTES = 10
export const DURATION_MAX_MINUTES = 48 * 60
export const PIT_SLOTS_MAX = 200
export const DRIVERS_PER_TEAM_MIN = 2
export const DRIVERS_PER_TEAM_MAX = 10

type Check<A> = Either.Either<A, string>

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`

export const checkTitle = (text: string): Check<string> => {
  const title = text.trim()
  if (title.length === 0) return Either.left("The event needs a title, like “GT3 Sprint — Round 4”.")
  if (title.length > TITLE_MAX) {
    return Either.left(`The title is ${title.length} characters; Discord allows ${TITLE_MAX}. Shorten it and put the rest in the description.`)
  }
  return Either.right(title)
}

export const checkDescription = (text: string): Check<string> => {
  const description = text.trim()
  if (description.length > DESCRIPTION_MAX) {
    return Either.left(`The description is ${description.length} characters; the limit is ${DESCRIPTION_MAX}. Shorten it, or link to a document with the details.`)
  }
  return Either.right(description)
}

/**
 * One vehicle per line. Blank lines are ignored and repeats dropped (ignoring case), so
 * pasting a list twice or with stray spacing does no harm; the first spelling is kept.
 */
export const parseVehicles = (text: string): Check<ReadonlyArray<string>> => {
  const vehicles: Array<string> = []
  const seen = new Set<string>()
  for (const line of text.split(/\r?\n/)) {
    const name = line.trim()
    if (name.length === 0 || seen.has(name.toLowerCase())) continue
    if (name.length > VEHICLE_NAME_MAX) {
      return Either.left(`“${name.slice(0, 30)}…” is longer than ${VEHICLE_NAME_MAX} characters. Shorten that vehicle's name.`)
    }
    seen.add(name.toLowerCase())
    vehicles.push(name)
  }
  if (vehicles.length === 0) return Either.left("List at least one vehicle, one per line (for example “Porsche 911 GT3 R (992)”).")
  if (vehicles.length > VEHICLES_MAX) {
    return Either.left(`That's ${vehicles.length} different vehicles; the limit is ${VEHICLES_MAX}. Remove some, or use a class name like “GT3 class” instead.`)
  }
  return Either.right(vehicles)
}

/** Whole numbers only: "24" but not "24.5", "2e1" or "twenty". */
export const parseWholeNumber = (text: string, what: string): Check<number> => {
  const trimmed = text.trim()
  if (!/^\d{1,6}$/.test(trimmed)) return Either.left(`${what} must be a whole number, like 24 (you entered “${trimmed}”).`)
  return Either.right(Number(trimmed))
}

/**
 * Accepts "90", "90m", "90 min", "2h", "1h30", "1h 30m" and "1:30" (hours:minutes), because
 * admins write durations all of these ways.
 */
export const parseDuration = (text: string): Check<number> => {
  const t = text.trim().toLowerCase()
  const minutesOnly = /^(\d{1,4})\s*(?:m|min|mins|minutes?)?$/.exec(t)
  const hoursMinutes = /^(\d{1,2})\s*(?:h|hr|hrs|hours?)\s*(?:(\d{1,2})\s*(?:m|min|mins|minutes?)?)?$/.exec(t)
  const clock = /^(\d{1,2}):(\d{2})$/.exec(t)
  const minutes = minutesOnly
    ? Number(minutesOnly[1])
    : hoursMinutes
      ? Number(hoursMinutes[1]) * 60 + Number(hoursMinutes[2] ?? 0)
      : clock
        ? Number(clock[1]) * 60 + Number(clock[2])
        : undefined
  if (minutes === undefined) return Either.left(`I couldn't read “${text.trim()}” as a duration. Write minutes (“90”) or hours and minutes (“1h30”).`)
  if (minutes < DURATION_MIN_MINUTES) return Either.left(`An event lasts at least ${DURATION_MIN_MINUTES} minutes; “${text.trim()}” is ${plural(minutes, "minute")}.`)
  if (minutes > DURATION_MAX_MINUTES) return Either.left(`An event lasts at most 48 hours; for longer ones, create one event per day.`)
  return Either.right(minutes)
}

/** What the wizard is told about a track; pit slots come from the guild's track list. */
export const checkTrack = (track: Track): Check<Track> => {
  const name = track.name.trim()
  if (track.id.trim().length === 0 || name.length === 0) return Either.left("Choose a track from the list.")
  if (!Number.isInteger(track.pitSlots) || track.pitSlots < 1 || track.pitSlots > PIT_SLOTS_MAX) {
    return Either.left(`${name} has ${track.pitSlots} pit slots on record, which can't be right. Fix it with /track edit, then choose it again.`)
  }
  if (!Number.isInteger(track.broadcastSlots) || track.broadcastSlots < 0 || track.broadcastSlots >= track.pitSlots) {
    return Either.left(`${name} keeps ${track.broadcastSlots} of its ${track.pitSlots} pit slots for broadcast, which leaves no room for drivers. Fix it with /track edit.`)
  }
  return Either.right({ ...track, name })
}

/** Every pit slot not kept for a broadcast car (commentators, spectators) can take a driver. */
export const maxDriversLimit = (track: Track, broadcastSlots: number): number => Math.max(0, track.pitSlots - broadcastSlots)

export const checkCapacity = (track: Track, maxDrivers: number, broadcastSlots: number): Check<{ maxDrivers: number; broadcastSlots: number }> => {
  if (broadcastSlots >= track.pitSlots) {
    return Either.left(`${track.name} has ${plural(track.pitSlots, "pit slot")}, so at most ${track.pitSlots - 1} can be broadcast slots (drivers need at least one).`)
  }
  const limit = maxDriversLimit(track, broadcastSlots)
  if (maxDrivers < 1) return Either.left("Allow at least 1 driver.")
  if (maxDrivers > limit) {
    const kept = broadcastSlots === 0 ? "," : `, with ${broadcastSlots} kept for broadcast,`
    return Either.left(`${track.name} has ${plural(track.pitSlots, "pit slot")}${kept} so at most ${plural(limit, "driver")} fit. Enter ${limit} or fewer${broadcastSlots > 0 ? ", or keep fewer broadcast slots" : ""}.`)
  }
  return Either.right({ maxDrivers, broadcastSlots })
}

/**
 * Teams needed for `capacity` drivers. Rounded up: a team that is not full still races
 * (one driver short), so 25 drivers in teams of 4 make 7 teams, not 6.
 */
export const teamCount = (capacity: number, driversPerTeam: number): number => Math.ceil(capacity / driversPerTeam)

export const explainTeamCount = (capacity: number, driversPerTeam: number): string => {
  const teams = teamCount(capacity, driversPerTeam)
  const lastTeam = capacity - (teams - 1) * driversPerTeam
  const base = `${plural(capacity, "driver")} in teams of ${driversPerTeam} make ${plural(teams, "team")}`
  return lastTeam === driversPerTeam ? `${base}.` : `${base}; the last one has ${plural(lastTeam, "driver")}.`
}

export const checkDriversPerTeam = (driversPerTeam: number | null, capacity: number): Check<number | null> => {
  if (driversPerTeam === null) return Either.right(null)
  if (!Number.isInteger(driversPerTeam) || driversPerTeam < DRIVERS_PER_TEAM_MIN || driversPerTeam > DRIVERS_PER_TEAM_MAX) {
    return Either.left(`Teams have ${DRIVERS_PER_TEAM_MIN} to ${DRIVERS_PER_TEAM_MAX} drivers; for solo racing choose “Teams off”.`)
  }
  if (driversPerTeam > capacity) {
    return Either.left(`Teams of ${driversPerTeam} don't fit in an event for ${plural(capacity, "driver")}. Choose smaller teams, or raise the capacity first.`)
  }
  return Either.right(driversPerTeam)
}

/**
 * An optional https link. Empty means "none". Parsed with the URL parser rather than a
 * pattern, so what we accept is exactly what a browser would open.
 */
export const checkHttpsUrl = (text: string, what: string): Check<string | null> => {
  const trimmed = text.trim()
  if (trimmed.length === 0) return Either.right(null)
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return Either.left(`The ${what} “${trimmed.slice(0, 60)}” isn't a web address. Paste the full link, starting with https://.`)
  }
  if (url.protocol !== "https:") return Either.left(`The ${what} must start with https:// (secure links only), not ${url.protocol}//.`)
  if (url.hostname.length === 0 || !url.hostname.includes(".")) return Either.left(`The ${what} “${trimmed.slice(0, 60)}” has no proper site name. Paste the full link.`)
  if (url.username !== "" || url.password !== "") return Either.left(`The ${what} contains a user name or password. Share a link without them.`)
  if (url.href.length > URL_MAX) return Either.left(`The ${what} is longer than ${URL_MAX} characters, too long for a Discord button. Use a shorter link.`)
  return Either.right(url.href)
}

/** Minutes before the start when check-in closes; empty means the default of 60. */
export const parseCheckInMinutes = (text: string): Check<number> => {
  if (text.trim().length === 0) return Either.right(CHECK_IN_DEFAULT_MINUTES)
  return Either.flatMap(parseWholeNumber(text, "Check-in closing time"), (minutes) =>
    minutes > CHECK_IN_MAX_MINUTES
      ? Either.left(`Check-in can close at most ${CHECK_IN_MAX_MINUTES} minutes (24 hours) before the start; 0 closes it at the start.`)
      : Either.right(minutes),
  )
}

export const checkSpecialRules = (text: string): Check<string> => {
  const rules = text.trim()
  if (rules.length > SPECIAL_RULES_MAX) {
    return Either.left(`The special rules are ${rules.length} characters; the limit is ${SPECIAL_RULES_MAX}. Put the full text in the regulation link.`)
  }
  return Either.right(rules)
}

/** Discord ids (snowflakes) are 17–20 digits. The shell has already checked the bot can post there. */
export const checkDiscordId = (id: string, what: string): Check<string> =>
  /^\d{17,20}$/.test(id) ? Either.right(id) : Either.left(`Choose the ${what} from the list.`)
