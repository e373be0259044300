import type { WizardPanel } from "../../../app/events/wizard.js"
import { endsAt } from "../../../domain/events/draft.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import { maxDriversLimit } from "../../../domain/events/validation.js"
import type { WizardStateName } from "../../../machines/event-wizard.js"
import type { StoredTrack } from "../../../domain/events/track-rules.js"

/** What each step asks for, in the words of the panel's buttons. */

export const MAX_SELECT_OPTIONS = 25

export const tracksListed = (tracks: ReadonlyArray<StoredTrack>) => tracks.slice(0, MAX_SELECT_OPTIONS)

const trackStep = (panel: WizardPanel): string => {
  const { tracks } = panel
  if (tracks.length === 0) return "This server has no tracks yet. Add one with `/track add`, then press **Refresh**."
  const more = tracks.length > MAX_SELECT_OPTIONS ? ` Only the first ${MAX_SELECT_OPTIONS} of ${tracks.length} are listed; press **Find a track** to search by name.` : " Or press **Find a track** to search by name."
  return `Pick the track from the menu; its pit slots set how many drivers fit.${more}`
}

const capacityStep = (panel: WizardPanel): string => {
  const { track, capacity } = panel.view.draft
  if (track === undefined) return "Choose the track first (press **Back**)."
  const broadcast = capacity?.broadcastSlots ?? track.broadcastSlots
  const limit = maxDriversLimit(track, broadcast)
  return (
    `**${track.name}** has ${track.pitSlots} pit slots. With ${broadcast} kept for broadcast cars, **at most ${limit} drivers** fit ` +
    `(pit slots minus broadcast slots). Press **Enter capacity** to set max drivers and broadcast slots.`
  )
}

export const stepInstructions = (panel: WizardPanel): string => {
  const { view } = panel
  const zone = view.draft.timezone
  switch (view.step) {
    case "details":
      return "Give the event a title, and a description members will read on the card. Press **Enter title and description**."
    case "timezone": {
      const remembered = view.draft.timezone ?? panel.rememberedTimezone
      const keep = remembered === null ? "" : `\n**${remembered}** is pre-selected (your last choice): press **Use ${remembered}** to keep it.`
      return `Pick the time zone you'll type the start time in. Members still see every time in their own zone.\nNot listed? Choose **Other…** and type its name, like America/Halifax.${keep}`
    }
    case "schedule":
      return `Press **Enter date and time**: the start in **${zone ?? "your time zone"}** as year-month-day and 24-hour time (like \`2026-12-05 20:00\`), and how long the event lasts (\`90\`, \`1h30\`). It must be in the future.`
    case "vehicles":
      return "Press **Enter vehicles** to type them (one per line), or pick a preset list from the menu."
    case "track":
      return trackStep(panel)
    case "capacity":
      return capacityStep(panel)
    case "teams": {
      const drivers = view.draft.capacity?.maxDrivers
      return `Solo racing, or teams of 2 to 10 drivers. The number of teams follows from the capacity${drivers === undefined ? "" : ` (${drivers} drivers)`}.`
    }
    case "rolesAndChannels":
      return (
        "Pick the **driver role** and the **channel to publish in** (both needed), and if you like a **steward role** and a **roster channel** " +
        "(without one, the roster goes to the publish channel). Then press **Continue**. Pitboard checks it can post in the channels you pick."
      )
    case "rules":
      return "Press **Enter rules**: special rules, regulation and custom liveries links (https only), when check-in closes (default 60 minutes before the start), and whether there is a briefing."
    case "championship":
      return "Pick the championship this event counts for, or **No championship**."
    case "review":
      return view.editingEventId === null
        ? "This is the event as it will be published. Change any step from the menu, then press **Publish**."
        : "This is the event with your changes. Change any step from the menu, then press **Save changes**: the card and the Discord event are updated."
    case "published":
    case "cancelled":
      return ""
  }
}

/** The start, echoed back the way members will see it. */
export const scheduleEcho = (panel: WizardPanel): string | null => {
  const schedule = panel.view.draft.schedule
  if (schedule === undefined) return null
  const note = schedule.note === undefined ? "" : `\n⚠️ ${schedule.note}`
  return `Start: ${discordTimestamp(schedule.startsAt, "F")} (${discordTimestamp(schedule.startsAt, "R")}), until ${discordTimestamp(endsAt(schedule), "t")}.${note}`
}

export const stepNumber = (step: WizardStateName): string => {
  const order: ReadonlyArray<WizardStateName> = ["details", "timezone", "schedule", "vehicles", "track", "capacity", "teams", "rolesAndChannels", "rules", "championship", "review"]
  const index = order.indexOf(step)
  return index < 0 ? "" : `Step ${index + 1} of ${order.length}`
}
