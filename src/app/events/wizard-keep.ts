/**
 * "Continue" on a step that already has an answer (after Back, or editing from review) re-submits
 * that answer, so the admin never has to re-type or re-pick something to move on. A select can't
 * send its already-selected option again, which is why this exists.
 */
import type { EventDraft, WizardStep } from "../../domain/events/draft.js"
import type { WizardCommand } from "../../machines/event-wizard.js"

export const keepCommand = (draft: EventDraft, step: WizardStep, rememberedTimezone: string | null = null): WizardCommand | undefined => {
  switch (step) {
    case "details":
      return draft.details && { type: "SET_DETAILS", title: draft.details.title, description: draft.details.description }
    case "timezone": {
      const timezone = draft.timezone ?? rememberedTimezone
      return timezone === null || timezone === undefined ? undefined : { type: "SET_TIMEZONE", timezone }
    }
    case "schedule":
      return draft.schedule && { type: "SET_SCHEDULE", start: draft.schedule.local, duration: String(draft.schedule.durationMinutes) }
    case "vehicles":
      return draft.vehicles && { type: "SET_VEHICLES", vehicles: draft.vehicles.join("\n") }
    case "track":
      return draft.track && { type: "SET_TRACK", track: draft.track }
    case "capacity":
      return draft.capacity && { type: "SET_CAPACITY", maxDrivers: String(draft.capacity.maxDrivers), broadcastSlots: String(draft.capacity.broadcastSlots) }
    case "teams":
      return draft.teams && { type: "SET_TEAMS", driversPerTeam: draft.teams === "off" ? null : draft.teams.driversPerTeam }
    case "rolesAndChannels":
      return draft.rolesAndChannels && { type: "SET_ROLES_AND_CHANNELS", ...draft.rolesAndChannels }
    case "rules":
      return (
        draft.rules && {
          type: "SET_RULES",
          specialRules: draft.rules.specialRules,
          regulationUrl: draft.rules.regulationUrl ?? "",
          liveriesUrl: draft.rules.liveriesUrl ?? "",
          checkInClosesMinutes: String(draft.rules.checkInClosesMinutes),
          briefing: draft.rules.briefing,
        }
      )
    case "championship":
      return draft.championship === undefined ? undefined : { type: "SET_CHAMPIONSHIP", championship: draft.championship }
  }
}
