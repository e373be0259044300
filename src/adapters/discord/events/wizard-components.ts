import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelSelectMenuBuilder,
  ChannelType,
  RoleSelectMenuBuilder,
  StringSelectMenuBuilder,
  type MessageActionRowComponentBuilder,
} from "discord.js"
import { VEHICLE_PRESETS } from "../../../app/events/wizard-presets.js"
import type { WizardPanel } from "../../../app/events/wizard.js"
import { STEP_LABELS, WIZARD_STEPS } from "../../../domain/events/draft.js"
import { COMMON_TIMEZONES } from "../../../domain/events/time.js"
import { DRIVERS_PER_TEAM_MAX, DRIVERS_PER_TEAM_MIN, explainTeamCount } from "../../../domain/events/validation.js"
import { NO_CHAMPIONSHIP, OTHER_ZONE, TEAMS_OFF, wizardNavId, wizardPickId, wizardRoleChannelId, type RoleChannelPick, type WIZARD_ACTIONS } from "./event-ids.js"
import { truncate } from "../embeds.js"
import { MAX_SELECT_OPTIONS, tracksListed } from "./wizard-steps-view.js"
import { trackLabel } from "../../../domain/events/track-rules.js"

type Row = ActionRowBuilder<MessageActionRowComponentBuilder>
const row = (...components: MessageActionRowComponentBuilder[]): Row => new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(...components)

/** Step 8's picks so far: on the panel until Continue applies them. */
export type RoleChannelPicks = { readonly [K in RoleChannelPick]: string | null }
export const NO_PICKS: RoleChannelPicks = { driver: null, steward: null, publish: null, roster: null }

const option = (label: string, value: string, description?: string, isDefault = false) => ({
  label: truncate(label, 100),
  value,
  ...(description === undefined ? {} : { description: truncate(description, 100) }),
  ...(isDefault ? { default: true } : {}),
})

const navButton = (panel: WizardPanel, act: (typeof WIZARD_ACTIONS)[number], label: string, style = ButtonStyle.Secondary) =>
  new ButtonBuilder().setCustomId(wizardNavId.encode({ draft: panel.draftId, rev: panel.view.revision, act })).setLabel(truncate(label, 80)).setStyle(style)

const pick = (panel: WizardPanel, what: Parameters<typeof wizardPickId.encode>[0]["what"]) => wizardPickId.encode({ draft: panel.draftId, rev: panel.view.revision, what })

/** Back, Cancel and Save-and-close after the step's own buttons; at most 5 in the row. */
const navRow = (panel: WizardPanel, own: ReadonlyArray<ButtonBuilder>): Row => {
  const { view } = panel
  const firstStep = view.step === "details" && Object.keys(view.draft).length === 0
  return row(
    ...own,
    navButton(panel, "back", "Back").setDisabled(firstStep),
    navButton(panel, "cancel", view.editingEventId === null ? "Cancel draft" : "Discard changes", ButtonStyle.Danger),
    navButton(panel, "close", "Save and close"),
  )
}

const timezoneSelect = (panel: WizardPanel): Row => {
  const chosen = panel.view.draft.timezone ?? panel.rememberedTimezone
  const common = COMMON_TIMEZONES.map((zone) => option(zone.zone, zone.zone, zone.label, zone.zone === chosen))
  const extra = chosen !== null && !COMMON_TIMEZONES.some((zone) => zone.zone === chosen) ? [option(chosen, chosen, "Your last choice", true)] : []
  const other = option("Other…", OTHER_ZONE, "Type any zone name, like America/Halifax")
  return row(new StringSelectMenuBuilder().setCustomId(pick(panel, "timezone")).setPlaceholder("Time zone…").addOptions([...common, ...extra, other].slice(0, MAX_SELECT_OPTIONS)))
}

const trackSelect = (panel: WizardPanel): Row =>
  row(
    new StringSelectMenuBuilder()
      .setCustomId(pick(panel, "track"))
      .setPlaceholder("Track…")
      .addOptions(tracksListed(panel.tracks).map((track) => option(trackLabel(track), track.id, `${track.pitSlots} pit slots, ${track.broadcastSlots} for broadcast`, panel.view.draft.track?.id === track.id))),
  )

const teamsSelect = (panel: WizardPanel): Row => {
  const { teams, capacity } = panel.view.draft
  const drivers = capacity?.maxDrivers ?? DRIVERS_PER_TEAM_MAX
  const sizes = Array.from({ length: DRIVERS_PER_TEAM_MAX - DRIVERS_PER_TEAM_MIN + 1 }, (_, i) => i + DRIVERS_PER_TEAM_MIN).filter((size) => size <= drivers)
  const current = teams === undefined ? undefined : teams === "off" ? TEAMS_OFF : String(teams.driversPerTeam)
  return row(
    new StringSelectMenuBuilder()
      .setCustomId(pick(panel, "teams"))
      .setPlaceholder("Teams…")
      .addOptions([
        option("Teams off (solo)", TEAMS_OFF, "Every driver races for themselves", current === TEAMS_OFF),
        ...sizes.map((size) => option(`${size} drivers per team`, String(size), capacity === undefined ? undefined : explainTeamCount(capacity.maxDrivers, size), current === String(size))),
      ]),
  )
}

const championshipSelect = (panel: WizardPanel): Row => {
  const current = panel.view.draft.championship
  return row(
    new StringSelectMenuBuilder()
      .setCustomId(pick(panel, "championship"))
      .setPlaceholder("Championship…")
      .addOptions([
        option("No championship", NO_CHAMPIONSHIP, "A stand-alone event", current === null),
        ...panel.championships.slice(0, MAX_SELECT_OPTIONS - 1).map((c) => option(c.name, c.id, c.description === "" ? undefined : c.description, current?.id === c.id)),
      ]),
  )
}

const rolesAndChannels = (panel: WizardPanel, picks: RoleChannelPicks): Row[] => {
  const id = (what: RoleChannelPick) => wizardRoleChannelId.encode({ draft: panel.draftId, rev: panel.view.revision, what })
  const role = (what: RoleChannelPick, placeholder: string, optional: boolean) => {
    const menu = new RoleSelectMenuBuilder().setCustomId(id(what)).setPlaceholder(placeholder).setMinValues(optional ? 0 : 1).setMaxValues(1)
    const current = picks[what]
    return current === null ? menu : menu.setDefaultRoles(current)
  }
  const channel = (what: RoleChannelPick, placeholder: string, optional: boolean) => {
    const menu = new ChannelSelectMenuBuilder()
      .setCustomId(id(what))
      .setPlaceholder(placeholder)
      .setChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)
      .setMinValues(optional ? 0 : 1)
      .setMaxValues(1)
    const current = picks[what]
    return current === null ? menu : menu.setDefaultChannels(current)
  }
  return [
    row(role("driver", "Driver role (needed)…", false)),
    row(role("steward", "Steward role (optional)…", true)),
    row(channel("publish", "Channel to publish in (needed)…", false)),
    row(channel("roster", "Roster channel (optional)…", true)),
  ]
}

const hasAnswer = (panel: WizardPanel): boolean => {
  const { step, draft } = panel.view
  return step !== "review" && step !== "published" && step !== "cancelled" && draft[step] !== undefined
}

/** The rows of the current step: its own inputs, then the navigation row. Never more than 5. */
export const wizardComponents = (panel: WizardPanel, picks: RoleChannelPicks = NO_PICKS): Row[] => {
  const { view } = panel
  const keep = hasAnswer(panel) ? [navButton(panel, "next", "Continue", ButtonStyle.Success)] : []
  const enter = (label: string) => navButton(panel, "open", label, ButtonStyle.Primary)
  switch (view.step) {
    case "details":
      return [navRow(panel, [enter("Enter title and description"), ...keep])]
    case "timezone": {
      const zone = view.draft.timezone ?? panel.rememberedTimezone
      return [timezoneSelect(panel), navRow(panel, zone === null ? [] : [navButton(panel, "next", `Use ${zone}`, ButtonStyle.Success)])]
    }
    case "schedule":
      return [navRow(panel, [enter("Enter date and time"), ...keep])]
    case "vehicles":
      return [
        row(new StringSelectMenuBuilder().setCustomId(pick(panel, "vehicles")).setPlaceholder("Or pick a preset list…").addOptions(VEHICLE_PRESETS.map((p) => option(p.label, p.key, p.vehicles.join(", "))))),
        navRow(panel, [enter("Enter vehicles"), ...keep]),
      ]
    case "track":
      return panel.tracks.length === 0
        ? [navRow(panel, [navButton(panel, "refresh", "Refresh", ButtonStyle.Primary), ...keep])]
        : [trackSelect(panel), navRow(panel, [enter("Find a track"), ...keep])]
    case "capacity":
      return [navRow(panel, [enter("Enter capacity"), ...keep])]
    case "teams":
      return [teamsSelect(panel), navRow(panel, keep)]
    case "rolesAndChannels": {
      const ready = picks.driver !== null && picks.publish !== null
      return [...rolesAndChannels(panel, picks), navRow(panel, [navButton(panel, "next", "Continue", ButtonStyle.Success).setDisabled(!ready)])]
    }
    case "rules":
      return [navRow(panel, [enter("Enter rules"), ...keep])]
    case "championship":
      return [championshipSelect(panel), navRow(panel, keep)]
    case "review":
      return [
        row(new StringSelectMenuBuilder().setCustomId(pick(panel, "edit")).setPlaceholder("Change a step…").addOptions(WIZARD_STEPS.map((step) => option(STEP_LABELS[step], step)))),
        navRow(panel, [navButton(panel, "publish", view.editingEventId === null ? "Publish" : "Save changes", ButtonStyle.Success)]),
      ]
    case "published":
    case "cancelled":
      return []
  }
}
