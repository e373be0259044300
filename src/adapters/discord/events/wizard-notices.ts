import { STEP_LABELS } from "../../../domain/events/draft.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import type { WizardCommand } from "../../../machines/event-wizard.js"
import type { WizardView } from "../../../machines/event-wizard-step.js"
import { capacityText, durationText, teamsText } from "./event-format.js"

/** What an accepted click did, in one line above the next step. */
export const doneText = (command: WizardCommand, view: WizardView): string => {
  const { draft } = view
  switch (command.type) {
    case "SET_DETAILS":
      return `Saved the title “${draft.details?.title ?? ""}”.`
    case "SET_TIMEZONE":
      return `Time zone: **${draft.timezone ?? ""}**. It will be pre-selected for your next event too.`
    case "SET_SCHEDULE": {
      const schedule = draft.schedule
      if (schedule === undefined) return "Saved the start time."
      const note = schedule.note === undefined ? "" : `\n⚠️ ${schedule.note}`
      return `Start: ${discordTimestamp(schedule.startsAt, "F")} (${discordTimestamp(schedule.startsAt, "R")}), lasting ${durationText(schedule.durationMinutes)}.${note}`
    }
    case "SET_VEHICLES":
      return `Saved ${draft.vehicles?.length ?? 0} vehicle${draft.vehicles?.length === 1 ? "" : "s"}.`
    case "SET_TRACK":
      return `Track: **${draft.track?.name ?? ""}**.`
    case "SET_CAPACITY":
      return draft.capacity === undefined ? "Saved the capacity." : `Capacity: ${capacityText(draft.capacity)}.`
    case "SET_TEAMS":
      return draft.teams === undefined ? "Saved the teams." : `Teams: ${teamsText(draft.teams, draft.capacity?.maxDrivers)}`
    case "SET_ROLES_AND_CHANNELS":
      return "Saved the roles and channels; Pitboard can post in them."
    case "SET_RULES":
      return "Saved the rules."
    case "SET_CHAMPIONSHIP":
      return `Championship: ${draft.championship === null || draft.championship === undefined ? "none" : `**${draft.championship.name}**`}.`
    case "BACK":
      return "Went back one step. Change the answer, or press **Continue** to keep it."
    case "EDIT_FIELD":
      return `Change **${STEP_LABELS[command.step]}**; once saved you're back at the review.`
    case "CANCEL":
    case "PUBLISH":
      return ""
  }
}
