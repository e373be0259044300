/**
 * What each wizard step accepts, and when a whole draft is ready to publish.
 *
 * Answers arrive as the panel submitted them (modal text, select values, ids the shell has
 * already checked). `answerStep` checks one answer and returns the updated draft, or the
 * reason it was refused; the wizard machine uses it both as its guard and as its action, so
 * the rule and the explanation can never disagree.
 *
 * Some answers depend on earlier ones (capacity on the track, teams on capacity, the start on
 * the time zone). Changing an earlier answer never silently rewrites a later one, except that
 * a new time zone re-reads the same wall-clock start when it can; anything that no longer fits
 * is listed by `draftProblems` and blocks publishing until it is fixed.
 */
import * as Either from "effect/Either"
import { type EventDetails, type EventDraft, STEP_LABELS, type Track, type WizardStep, WIZARD_STEPS } from "./draft.js"
import { discordTimestamp, parseLocalStart, parseTimeZone } from "./time.js"
import {
  checkCapacity,
  checkDescription,
  checkDiscordId,
  checkDriversPerTeam,
  checkHttpsUrl,
  checkSpecialRules,
  checkTitle,
  checkTrack,
  parseCheckInMinutes,
  parseDuration,
  parseVehicles,
  parseWholeNumber,
} from "./validation.js"

export type StepAnswer =
  | { readonly type: "SET_DETAILS"; readonly title: string; readonly description: string }
  | { readonly type: "SET_TIMEZONE"; readonly timezone: string }
  | { readonly type: "SET_SCHEDULE"; readonly start: string; readonly duration: string }
  | { readonly type: "SET_VEHICLES"; readonly vehicles: string }
  | { readonly type: "SET_TRACK"; readonly track: Track }
  | { readonly type: "SET_CAPACITY"; readonly maxDrivers: string; readonly broadcastSlots: string }
  | { readonly type: "SET_TEAMS"; readonly driversPerTeam: number | null }
  | {
      readonly type: "SET_ROLES_AND_CHANNELS"
      readonly driverRoleId: string
      readonly stewardRoleId: string | null
      readonly publishChannelId: string
      readonly rosterChannelId: string | null
    }
  | {
      readonly type: "SET_RULES"
      readonly specialRules: string
      readonly regulationUrl: string
      readonly liveriesUrl: string
      readonly checkInClosesMinutes: string
      readonly briefing: boolean
    }
  | { readonly type: "SET_CHAMPIONSHIP"; readonly championship: { readonly id: string; readonly name: string } | null }

/** Which step each answer belongs to. */
export const STEP_OF_ANSWER: { readonly [K in StepAnswer["type"]]: WizardStep } = {
  SET_DETAILS: "details",
  SET_TIMEZONE: "timezone",
  SET_SCHEDULE: "schedule",
  SET_VEHICLES: "vehicles",
  SET_TRACK: "track",
  SET_CAPACITY: "capacity",
  SET_TEAMS: "teams",
  SET_ROLES_AND_CHANNELS: "rolesAndChannels",
  SET_RULES: "rules",
  SET_CHAMPIONSHIP: "championship",
}

export const isStepAnswer = (event: { readonly type: string }): event is StepAnswer => Object.hasOwn(STEP_OF_ANSWER, event.type)

type Answered = Either.Either<EventDraft, string>

const optionalId = (id: string | null, what: string): Either.Either<string | null, string> => (id === null ? Either.right(null) : checkDiscordId(id, what))

/** Re-reads the admin's wall-clock start in a new zone; keeps the old answer if that fails (see draftProblems). */
const rereadSchedule = (draft: EventDraft, timezone: string, now: number): EventDraft => {
  const schedule = draft.schedule
  if (schedule === undefined || schedule.timezone === timezone) return draft
  const reread = parseLocalStart(schedule.local, timezone, now)
  if (Either.isLeft(reread)) return draft
  const { startsAt, note } = reread.right
  return { ...draft, schedule: { local: schedule.local, timezone, startsAt, durationMinutes: schedule.durationMinutes, ...(note === undefined ? {} : { note }) } }
}

/** Checks one step's answer against the draft so far; `now` is epoch ms. */
export const answerStep = (draft: EventDraft, answer: StepAnswer, now: number): Answered => {
  switch (answer.type) {
    case "SET_DETAILS":
      return Either.map(Either.all({ title: checkTitle(answer.title), description: checkDescription(answer.description) }), (details) => ({ ...draft, details }))
    case "SET_TIMEZONE":
      return Either.map(parseTimeZone(answer.timezone), (timezone) => ({ ...rereadSchedule(draft, timezone, now), timezone }))
    case "SET_SCHEDULE": {
      const timezone = draft.timezone
      if (timezone === undefined) return Either.left("Choose the time zone first (go back one step).")
      return Either.map(Either.all({ start: parseLocalStart(answer.start, timezone, now), durationMinutes: parseDuration(answer.duration) }), ({ start, durationMinutes }) => ({
        ...draft,
        schedule: { local: start.local, timezone, startsAt: start.startsAt, durationMinutes, ...(start.note === undefined ? {} : { note: start.note }) },
      }))
    }
    case "SET_VEHICLES":
      return Either.map(parseVehicles(answer.vehicles), (vehicles) => ({ ...draft, vehicles }))
    case "SET_TRACK":
      return Either.map(checkTrack(answer.track), (track) => ({ ...draft, track }))
    case "SET_CAPACITY": {
      const track = draft.track
      if (track === undefined) return Either.left("Choose the track first (go back one step).")
      // Left empty, broadcast slots default to what the track's record says.
      const broadcastText = answer.broadcastSlots.trim() === "" ? String(track.broadcastSlots) : answer.broadcastSlots
      return Either.flatMap(
        Either.all({ maxDrivers: parseWholeNumber(answer.maxDrivers, "Max drivers"), broadcastSlots: parseWholeNumber(broadcastText, "Broadcast slots") }),
        ({ maxDrivers, broadcastSlots }) => Either.map(checkCapacity(track, maxDrivers, broadcastSlots), (capacity) => ({ ...draft, capacity })),
      )
    }
    case "SET_TEAMS": {
      const capacity = draft.capacity
      if (capacity === undefined) return Either.left("Set the capacity first (go back one step).")
      return Either.map(checkDriversPerTeam(answer.driversPerTeam, capacity.maxDrivers), (perTeam) => ({
        ...draft,
        teams: perTeam === null ? ("off" as const) : { driversPerTeam: perTeam },
      }))
    }
    case "SET_ROLES_AND_CHANNELS":
      return Either.map(
        Either.all({
          driverRoleId: checkDiscordId(answer.driverRoleId, "driver role"),
          stewardRoleId: optionalId(answer.stewardRoleId, "steward role"),
          publishChannelId: checkDiscordId(answer.publishChannelId, "channel to publish in"),
          rosterChannelId: optionalId(answer.rosterChannelId, "roster channel"),
        }),
        (rolesAndChannels) => ({ ...draft, rolesAndChannels }),
      )
    case "SET_RULES":
      return Either.map(
        Either.all({
          specialRules: checkSpecialRules(answer.specialRules),
          regulationUrl: checkHttpsUrl(answer.regulationUrl, "regulation link"),
          liveriesUrl: checkHttpsUrl(answer.liveriesUrl, "custom liveries link"),
          checkInClosesMinutes: parseCheckInMinutes(answer.checkInClosesMinutes),
          briefing: Either.right(answer.briefing),
        }),
        (rules) => ({ ...draft, rules }),
      )
    case "SET_CHAMPIONSHIP": {
      const chosen = answer.championship
      if (chosen === null) return Either.right({ ...draft, championship: null })
      if (chosen.id.trim() === "" || chosen.name.trim() === "") return Either.left("Choose a championship from the list, or “No championship”.")
      return Either.right({ ...draft, championship: { id: chosen.id, name: chosen.name.trim() } })
    }
  }
}

export interface DraftProblem {
  readonly step: WizardStep
  readonly reason: string
}

/** Everything that stops the draft from being published now, in step order. */
export const draftProblems = (draft: EventDraft, now: number): ReadonlyArray<DraftProblem> => {
  const problems: Array<DraftProblem> = WIZARD_STEPS.filter((step) => draft[step] === undefined).map((step) => ({ step, reason: "Not answered yet." }))
  const { timezone, schedule, track, capacity, teams } = draft
  if (schedule !== undefined && timezone !== undefined && schedule.timezone !== timezone) {
    problems.push({ step: "schedule", reason: `The start (${schedule.local}) was entered for ${schedule.timezone}, not ${timezone}, and couldn't be moved over. Enter it again.` })
  } else if (schedule !== undefined && schedule.startsAt <= now) {
    problems.push({ step: "schedule", reason: `The start time (${discordTimestamp(schedule.startsAt)}) has passed. Choose a new date.` })
  }
  if (track !== undefined && capacity !== undefined) {
    const fits = checkCapacity(track, capacity.maxDrivers, capacity.broadcastSlots)
    if (Either.isLeft(fits)) problems.push({ step: "capacity", reason: fits.left })
  }
  if (capacity !== undefined && teams !== undefined && teams !== "off") {
    const fits = checkDriversPerTeam(teams.driversPerTeam, capacity.maxDrivers)
    if (Either.isLeft(fits)) problems.push({ step: "teams", reason: fits.left })
  }
  return problems.sort((a, b) => WIZARD_STEPS.indexOf(a.step) - WIZARD_STEPS.indexOf(b.step))
}

/** The draft as a finished event when every step is answered (whether or not it still passes every check). */
export const completeDraft = (draft: EventDraft): EventDetails | undefined => {
  const { details, timezone, schedule, vehicles, track, capacity, teams, rolesAndChannels, rules, championship } = draft
  if (
    details === undefined ||
    timezone === undefined ||
    schedule === undefined ||
    vehicles === undefined ||
    track === undefined ||
    capacity === undefined ||
    teams === undefined ||
    rolesAndChannels === undefined ||
    rules === undefined ||
    championship === undefined
  ) {
    return undefined
  }
  return { details, timezone, schedule, vehicles, track, capacity, teams, rolesAndChannels, rules, championship }
}

/** The finished event, or one message listing what to fix first (with the step to edit). */
export const checkPublishable = (draft: EventDraft, now: number): Either.Either<EventDetails, string> => {
  const problems = draftProblems(draft, now)
  const complete = completeDraft(draft)
  if (problems.length > 0 || complete === undefined) {
    const lines = problems.map((problem) => `• ${STEP_LABELS[problem.step]}: ${problem.reason}`)
    return Either.left(`Not ready to publish yet. Edit these steps first:\n${lines.join("\n")}`)
  }
  return Either.right(complete)
}
