/**
 * What a member enters to register for an event, and whether they may register at all.
 *
 * Two separate questions, answered separately because they count differently:
 * - `checkRegistrationOpen`: may this member register now? (the event is open, they have
 *   the role it requires, a car number if it needs one, attempts left). A "no" here is not
 *   the member's mistake and is never counted as a failed attempt.
 * - `validateRegistration`: is what they typed usable? A "no" here counts as one failed
 *   attempt (see entry-list), so guessing ids cannot go on forever.
 *
 * Roles: an event may name a `requiredRoleId` that gates registration. The event's driver
 * role (`rolesAndChannels.driverRoleId`) is different: it is given on joining the grid and
 * taken on leaving it, so it marks who races, not who may register.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { CarNumber } from "../numbers/car-number.js"
import { checkHttpsUrl } from "../events/validation.js"
import { discordTimestamp } from "../events/time.js"
import { checkInState, raceEventWindow } from "./check-in.js"
import { Platform, type RaceEvent } from "./race-settings.js"

/** The modal as submitted: every field is text; absent or blank means "not given". */
export const RegistrationForm = Schema.Struct({
  fullName: Schema.String,
  /** iRacing customer id, or SteamID64 for other sims (prefilled from the member's link). */
  driverId: Schema.String,
  vehicle: Schema.String,
  teamName: Schema.optionalWith(Schema.String, { exact: true }),
  liveryUrl: Schema.optionalWith(Schema.String, { exact: true }),
})
export type RegistrationForm = typeof RegistrationForm.Type

/** A checked registration, as stored with the participant. */
export const Registration = Schema.Struct({
  fullName: Schema.String,
  platform: Platform,
  /** Customer id (digits, no leading zeros) or SteamID64, depending on `platform`. */
  driverId: Schema.String,
  carNumber: Schema.NullOr(CarNumber),
  /** Spelled exactly as in the event's vehicle list. */
  vehicle: Schema.String,
  teamName: Schema.NullOr(Schema.String),
  liveryUrl: Schema.NullOr(Schema.String),
})
export type Registration = typeof Registration.Type

/** What the bot knows about the member outside the form. */
export interface Member {
  readonly memberId: string
  readonly roleIds: ReadonlyArray<string>
  /** From the member's iRacing link, if they linked one. */
  readonly iracingCustomerId: string | null
  /** The car number the member holds for this event's class, if any. */
  readonly claimedCarNumber: CarNumber | null
}

export const FULL_NAME_MIN = 2
export const FULL_NAME_MAX = 64
export const TEAM_NAME_MAX = 50
/** Steam's individual-account ids: the universe/type prefix 7656119 and 10 more digits. */
const STEAM_ID64 = /^7656119\d{10}$/
const STEAM_PROFILE_URL = /^https?:\/\/steamcommunity\.com\/profiles\/(\d+)\/?$/i

type Check<A> = Either.Either<A, string>

export const checkFullName = (text: string): Check<string> => {
  const name = text.trim().replace(/\s+/g, " ")
  if (name.length < FULL_NAME_MIN) return Either.left("Enter your full name as it should appear on the entry list, like “Ayrton Senna”.")
  if (name.length > FULL_NAME_MAX) return Either.left(`Your name is ${name.length} characters; the limit is ${FULL_NAME_MAX}. Shorten it.`)
  return Either.right(name)
}

/** 1 to 10 digits; leading zeros are dropped (iRacing ids are plain numbers). */
export const parseIracingCustomerId = (text: string): Check<string> => {
  const trimmed = text.trim()
  if (!/^\d{1,10}$/.test(trimmed)) {
    return Either.left(`An iRacing customer id is 1 to 10 digits (find it under Account in iRacing); “${trimmed.slice(0, 20)}” is not.`)
  }
  const id = trimmed.replace(/^0+/, "")
  return id === "" ? Either.left("An iRacing customer id is never 0. Copy it from your iRacing account page.") : Either.right(id)
}

/** A SteamID64, or a steamcommunity.com/profiles/… link containing one. */
export const parseSteamId64 = (text: string): Check<string> => {
  const trimmed = text.trim()
  const id = STEAM_PROFILE_URL.exec(trimmed)?.[1] ?? trimmed
  if (STEAM_ID64.test(id)) return Either.right(id)
  return Either.left(`A SteamID64 is 17 digits starting with 7656119 (see your Steam profile link); “${trimmed.slice(0, 40)}” is not one.`)
}

/** Matches ignoring case and surrounding spaces; with only one vehicle, blank picks it. */
export const matchVehicle = (text: string, vehicles: ReadonlyArray<string>): Check<string> => {
  const wanted = text.trim().toLowerCase()
  const only = vehicles.length === 1 ? vehicles[0] : undefined
  if (wanted === "" && only !== undefined) return Either.right(only)
  const found = vehicles.find((v) => v.trim().toLowerCase() === wanted)
  if (found !== undefined) return Either.right(found)
  const list = vehicles.slice(0, 10).join(", ")
  return Either.left(`“${text.trim().slice(0, 40)}” is not one of this event's vehicles. Choose one of: ${list}${vehicles.length > 10 ? ", …" : ""}.`)
}

const carNumberProblem = (event: RaceEvent, member: Member): string | null =>
  event.settings.carNumberRequired && member.claimedCarNumber === null
    ? "This event needs a car number. Claim one with /number claim, then register again."
    : null

const checkDriverId = (form: RegistrationForm, event: RaceEvent, member: Member): Check<string> => {
  if (event.settings.platform === "steam") return parseSteamId64(form.driverId)
  return Either.flatMap(parseIracingCustomerId(form.driverId), (id) =>
    member.iracingCustomerId !== null && member.iracingCustomerId !== id
      ? Either.left(`Your Discord account is linked to iRacing customer id ${member.iracingCustomerId}. Register with that id, or ask an admin to fix the link.`)
      : Either.right(id),
  )
}

const checkTeamName = (form: RegistrationForm, event: RaceEvent): Check<string | null> => {
  if (event.details.teams === "off") return Either.right(null)
  const team = (form.teamName ?? "").trim().replace(/\s+/g, " ")
  if (team === "") return Either.left("This is a team event: enter your team's name (the same spelling as your teammates).")
  if (team.length > TEAM_NAME_MAX) return Either.left(`The team name is ${team.length} characters; the limit is ${TEAM_NAME_MAX}.`)
  return Either.right(team)
}

const checkLiveryUrl = (form: RegistrationForm, event: RaceEvent): Check<string | null> => {
  if (event.details.rules.liveriesUrl === null) return Either.right(null)
  return Either.flatMap(checkHttpsUrl(form.liveryUrl ?? "", "livery link"), (url) =>
    url === null ? Either.left("This event uses custom liveries: paste the https:// link to yours.") : Either.right(url),
  )
}

/**
 * The registration to store, or the first problem in words for the member. Team name and
 * livery are only read when the event uses them; the car number is the member's claim.
 */
export const validateRegistration = (form: RegistrationForm, event: RaceEvent, member: Member): Check<Registration> => {
  const carProblem = carNumberProblem(event, member)
  if (carProblem !== null) return Either.left(carProblem)
  return Either.all({
    fullName: checkFullName(form.fullName),
    driverId: checkDriverId(form, event, member),
    vehicle: matchVehicle(form.vehicle, event.details.vehicles),
    teamName: checkTeamName(form, event),
    liveryUrl: checkLiveryUrl(form, event),
  }).pipe(Either.map((checked) => ({ ...checked, platform: event.settings.platform, carNumber: member.claimedCarNumber })))
}

export type RegistrationClosedKind = "cancelled" | "started" | "check-in-closed" | "attempts-used" | "missing-role" | "needs-car-number"

export interface RegistrationClosed {
  readonly kind: RegistrationClosedKind
  readonly message: string
}

/** Why `member` may not register now, or null when they may. Checked before the form is read. */
export const checkRegistrationOpen = (
  event: RaceEvent,
  now: number,
  state: { readonly member: Member; readonly failedAttempts: number },
): RegistrationClosed | null => {
  const closed = (kind: RegistrationClosedKind, message: string): RegistrationClosed => ({ kind, message })
  if (event.status === "cancelled") return closed("cancelled", "This event was cancelled, so registration is closed.")
  const window = raceEventWindow(event)
  const phase = checkInState(window, now)
  if (phase === "started") return closed("started", "The race has started, so registration is closed.")
  if (phase === "closed") {
    return closed("check-in-closed", `Registration closed when check-in closed, ${discordTimestamp(window.closesAt, "R")}. Ask an admin if you still need a place.`)
  }
  const limit = event.settings.failedAttemptLimit
  if (state.failedAttempts >= limit) {
    return closed("attempts-used", `Your registration was refused ${state.failedAttempts} times for this event (the limit is ${limit}). Ask an admin to add you.`)
  }
  const role = event.settings.requiredRoleId
  if (role !== null && !state.member.roleIds.includes(role)) {
    return closed("missing-role", `This event is for members with the <@&${role}> role. Ask an admin if you should have it.`)
  }
  const carProblem = carNumberProblem(event, state.member)
  return carProblem === null ? null : closed("needs-car-number", carProblem)
}

/** What the registration modal shows for this event, prefilled where the bot already knows. */
export interface RegistrationField {
  readonly id: keyof RegistrationForm
  readonly label: string
  readonly maxLength: number
  readonly value: string
}

export const registrationFields = (event: RaceEvent, member: Member): ReadonlyArray<RegistrationField> => {
  const only = event.details.vehicles.length === 1 ? (event.details.vehicles[0] ?? "") : ""
  const fields: Array<RegistrationField> = [
    { id: "fullName", label: "Full name", maxLength: FULL_NAME_MAX, value: "" },
    event.settings.platform === "iracing"
      ? { id: "driverId", label: "iRacing customer id", maxLength: 10, value: member.iracingCustomerId ?? "" }
      : { id: "driverId", label: "SteamID64", maxLength: 100, value: "" },
    { id: "vehicle", label: "Vehicle", maxLength: 100, value: only },
  ]
  if (event.details.teams !== "off") fields.push({ id: "teamName", label: "Team name", maxLength: TEAM_NAME_MAX, value: "" })
  if (event.details.rules.liveriesUrl !== null) fields.push({ id: "liveryUrl", label: "Livery link (https://…)", maxLength: 512, value: "" })
  return fields
}
