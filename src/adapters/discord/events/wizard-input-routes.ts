import { channelMention, roleMention } from "discord.js"
import { Effect } from "effect"
import { presetByKey } from "../../../app/events/wizard-presets.js"
import { isWizardStep, type Track } from "../../../domain/events/draft.js"
import type { WizardCommand } from "../../../machines/event-wizard.js"
import { admin, modal, select, type ComponentRoute } from "../command.js"
import { refuse } from "../../../app/refusal.js"
import type { AppServices } from "../../../app/services.js"
import { wizardModal } from "./wizard-modals.js"
import { FORM_FIELDS, NO_CHAMPIONSHIP, OTHER_ZONE, TEAMS_OFF, wizardFormId, wizardPickId, wizardRoleChannelId, type RoleChannelPick } from "./event-ids.js"
import { applyCommand, refOf, checkCardChannel, picksFromMessage, showPanel, staleNotice } from "./wizard-apply.js"
import { currentPanel } from "./wizard-nav-routes.js"
import { type StoredTrack, trackLabel } from "../../../domain/events/track-rules.js"

/** The wizard keeps its own copy of the track as chosen; pit slots come from the guild's list, never from the panel. */
const asTrack = (track: StoredTrack): Track => ({ id: track.id, name: trackLabel(track), pitSlots: track.pitSlots, broadcastSlots: track.broadcastSlots })

const matchTrack = (tracks: ReadonlyArray<StoredTrack>, typed: string) => {
  const wanted = typed.trim().toLowerCase()
  const exact = tracks.filter((track) => trackLabel(track).toLowerCase() === wanted || track.name.toLowerCase() === wanted)
  const partial = tracks.filter((track) => trackLabel(track).toLowerCase().includes(wanted))
  const found = exact.length === 1 ? exact[0] : partial.length === 1 ? partial[0] : undefined
  if (found !== undefined) return Effect.succeed(found)
  if (partial.length === 0) return Effect.fail(refuse(`No track of this server matches “${typed.trim().slice(0, 60)}”. Check the spelling, or add it with /track add.`))
  return Effect.fail(refuse(`${partial.length} tracks match “${typed.trim().slice(0, 60)}”: ${partial.slice(0, 8).map(trackLabel).join(", ")}${partial.length > 8 ? ", …" : ""}. Type more of the name.`))
}

/** Modal submits: the typed answer goes to the machine as is; its checks say what to fix. */
const submitForm = modal(wizardFormId, admin("events"), (interaction, { draft, rev, form }) =>
  Effect.gen(function* () {
    const ref = yield* refOf(interaction, draft, rev)
    const field = (id: string) => interaction.fields.getTextInputValue(id)
    let command: WizardCommand
    switch (form) {
      case "details":
        command = { type: "SET_DETAILS", title: field(FORM_FIELDS.title), description: field(FORM_FIELDS.description) }
        break
      case "timezone":
        command = { type: "SET_TIMEZONE", timezone: field(FORM_FIELDS.timezone) }
        break
      case "schedule":
        command = { type: "SET_SCHEDULE", start: field(FORM_FIELDS.start), duration: field(FORM_FIELDS.duration) }
        break
      case "vehicles":
        command = { type: "SET_VEHICLES", vehicles: field(FORM_FIELDS.vehicles) }
        break
      case "capacity":
        command = { type: "SET_CAPACITY", maxDrivers: field(FORM_FIELDS.maxDrivers), broadcastSlots: field(FORM_FIELDS.broadcastSlots) }
        break
      case "rules":
        command = {
          type: "SET_RULES",
          specialRules: field(FORM_FIELDS.specialRules),
          regulationUrl: field(FORM_FIELDS.regulationUrl),
          liveriesUrl: field(FORM_FIELDS.liveriesUrl),
          checkInClosesMinutes: field(FORM_FIELDS.checkIn),
          briefing: interaction.fields.getCheckbox(FORM_FIELDS.briefing),
        }
        break
      case "track": {
        const panel = yield* currentPanel(interaction, ref)
        if (panel === null) return
        command = { type: "SET_TRACK", track: asTrack(yield* matchTrack(panel.tracks, field(FORM_FIELDS.track))) }
        break
      }
    }
    yield* applyCommand(interaction, ref, command)
  }),
)

/** String selects apply as soon as something is picked; "Other…" opens the time zone form instead. */
const pickOption = select(wizardPickId, admin("events"), (interaction, { draft, rev, what }) =>
  Effect.gen(function* () {
    const ref = yield* refOf(interaction, draft, rev)
    const value = interaction.values[0]
    if (value === undefined) return yield* refuse("Pick one of the options.")
    switch (what) {
      case "timezone": {
        if (value !== OTHER_ZONE) return yield* applyCommand(interaction, ref, { type: "SET_TIMEZONE", timezone: value })
        const panel = yield* currentPanel(interaction, ref)
        if (panel === null) return
        return yield* Effect.promise(() => interaction.showModal(wizardModal({ draftId: draft, revision: rev }, "timezone", panel.view.draft)))
      }
      case "vehicles": {
        const preset = presetByKey(value)
        if (preset === undefined) return yield* refuse("That preset no longer exists. Pick another, or type the vehicles.")
        return yield* applyCommand(interaction, ref, { type: "SET_VEHICLES", vehicles: preset.vehicles.join("\n") })
      }
      case "track": {
        const panel = yield* currentPanel(interaction, ref)
        if (panel === null) return
        const track = panel.tracks.find((candidate) => candidate.id === value)
        if (track === undefined) return yield* showPanel(interaction, panel, staleNotice("That track was removed meanwhile. Pick one from the list as it is now."))
        return yield* applyCommand(interaction, ref, { type: "SET_TRACK", track: asTrack(track) })
      }
      case "teams":
        return yield* applyCommand(interaction, ref, { type: "SET_TEAMS", driversPerTeam: value === TEAMS_OFF ? null : Number(value) })
      case "championship": {
        if (value === NO_CHAMPIONSHIP) return yield* applyCommand(interaction, ref, { type: "SET_CHAMPIONSHIP", championship: null })
        const panel = yield* currentPanel(interaction, ref)
        if (panel === null) return
        const found = panel.championships.find((candidate) => candidate.id === value)
        if (found === undefined) return yield* showPanel(interaction, panel, staleNotice("That championship was removed or archived meanwhile. Pick again."))
        return yield* applyCommand(interaction, ref, { type: "SET_CHAMPIONSHIP", championship: { id: found.id, name: found.name } })
      }
      case "edit":
        if (!isWizardStep(value)) return yield* refuse("Pick a step from the menu.")
        return yield* applyCommand(interaction, ref, { type: "EDIT_FIELD", step: value })
    }
  }),
)

const PICK_NAMES: Record<RoleChannelPick, string> = { driver: "Driver role", steward: "Steward role", publish: "Publish channel", roster: "Roster channel" }

/** Step 8: a pick is checked and kept on the panel; Continue applies all four together. */
const pickRoleOrChannel = select(wizardRoleChannelId, admin("events"), (interaction, { draft, rev, what }) =>
  Effect.gen(function* () {
    const ref = yield* refOf(interaction, draft, rev)
    const panel = yield* currentPanel(interaction, ref)
    if (panel === null) return
    if (panel.view.step !== "rolesAndChannels") return yield* showPanel(interaction, panel, staleNotice("This panel was out of date: the draft is on another step now."))
    const value = interaction.values[0] ?? null
    const isRole = what === "driver" || what === "steward"
    if (isRole && value !== null) {
      if (value === ref.guildId) return yield* refuse("@everyone can't be an event role: pick a role that only drivers (or stewards) have.")
      if (interaction.isRoleSelectMenu() && interaction.roles.get(value)?.managed === true) return yield* refuse(`${roleMention(value)} belongs to a bot or integration, so members can't be given it. Pick another role.`)
    }
    if (!isRole && value !== null) yield* checkCardChannel(interaction, value)
    const picks = { ...picksFromMessage(interaction.message, panel), [what]: value }
    const shown = value === null ? "none" : isRole ? roleMention(value) : channelMention(value)
    yield* showPanel(interaction, panel, { kind: "done", text: `${PICK_NAMES[what]}: ${shown}.${picks.driver !== null && picks.publish !== null ? " Press **Continue** when the picks are right." : ""}` }, picks)
  }),
)

export const wizardInputRoutes: ReadonlyArray<ComponentRoute<AppServices>> = [submitForm, pickOption, pickRoleOrChannel]
