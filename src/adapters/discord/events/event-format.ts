import { channelMention, roleMention } from "discord.js"
import { endsAt, type EventDetails, type EventDraft, type WizardStep } from "../../../domain/events/draft.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import { explainTeamCount } from "../../../domain/events/validation.js"

/** Text for event answers, shared by the wizard panel and the public card so both say the same thing. */

export const durationText = (minutes: number): string => {
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return `${rest} min`
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}

export const startText = (startsAt: number): string => `${discordTimestamp(startsAt, "F")} (${discordTimestamp(startsAt, "R")})`

export const checkInClosesAt = (details: Pick<EventDetails, "schedule" | "rules">): number => details.schedule.startsAt - details.rules.checkInClosesMinutes * 60_000

export const checkInText = (details: Pick<EventDetails, "schedule" | "rules">): string =>
  details.rules.checkInClosesMinutes === 0
    ? `At the start, ${discordTimestamp(details.schedule.startsAt, "t")}`
    : `${discordTimestamp(checkInClosesAt(details), "F")} (${details.rules.checkInClosesMinutes} min before the start)`

export const capacityText = (capacity: EventDetails["capacity"]): string =>
  `${capacity.maxDrivers} drivers${capacity.broadcastSlots === 0 ? "" : ` · ${capacity.broadcastSlots} broadcast slot${capacity.broadcastSlots === 1 ? "" : "s"}`}`

export const teamsText = (teams: EventDetails["teams"], maxDrivers: number | undefined): string =>
  teams === "off" ? "Solo (no teams)" : maxDrivers === undefined ? `${teams.driversPerTeam} drivers per team` : explainTeamCount(maxDrivers, teams.driversPerTeam)

export const linksText = (rules: EventDetails["rules"]): string | null => {
  const links = [rules.regulationUrl === null ? null : `[Regulations](${rules.regulationUrl})`, rules.liveriesUrl === null ? null : `[Custom liveries](${rules.liveriesUrl})`]
  const present = links.filter((link): link is string => link !== null)
  return present.length === 0 ? null : present.join(" · ")
}

export const rolesText = (value: EventDetails["rolesAndChannels"]): string =>
  [
    `Drivers: ${roleMention(value.driverRoleId)}`,
    `Stewards: ${value.stewardRoleId === null ? "none" : roleMention(value.stewardRoleId)}`,
    `Published in ${channelMention(value.publishChannelId)}`,
    `Roster in ${channelMention(value.rosterChannelId ?? value.publishChannelId)}`,
  ].join("\n")

/** One line per answered step, for the panel's "answers so far". */
export const answerLine = (draft: EventDraft, step: WizardStep): string | null => {
  switch (step) {
    case "details":
      return draft.details ? `**Title:** ${draft.details.title}` : null
    case "timezone":
      return draft.timezone ? `**Time zone:** ${draft.timezone}` : null
    case "schedule":
      return draft.schedule
        ? `**Start:** ${startText(draft.schedule.startsAt)}, ${durationText(draft.schedule.durationMinutes)} (until ${discordTimestamp(endsAt(draft.schedule), "t")}) · typed as ${draft.schedule.local} ${draft.schedule.timezone}`
        : null
    case "vehicles":
      return draft.vehicles ? `**Vehicles (${draft.vehicles.length}):** ${draft.vehicles.join(", ")}` : null
    case "track":
      return draft.track ? `**Track:** ${draft.track.name} (${draft.track.pitSlots} pit slots)` : null
    case "capacity":
      return draft.capacity ? `**Capacity:** ${capacityText(draft.capacity)}` : null
    case "teams":
      return draft.teams ? `**Teams:** ${teamsText(draft.teams, draft.capacity?.maxDrivers)}` : null
    case "rolesAndChannels":
      return draft.rolesAndChannels ? `**Roles and channels:** ${rolesText(draft.rolesAndChannels).replace(/\n/g, " · ")}` : null
    case "rules":
      return draft.rules
        ? `**Rules:** check-in closes ${draft.rules.checkInClosesMinutes} min before the start · briefing ${draft.rules.briefing ? "on" : "off"}${draft.rules.specialRules === "" ? "" : " · special rules set"}${linksText(draft.rules) === null ? "" : ` · ${linksText(draft.rules)}`}`
        : null
    case "championship":
      return draft.championship === undefined ? null : `**Championship:** ${draft.championship === null ? "none" : draft.championship.name}`
  }
}
