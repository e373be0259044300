import { channelMention, roleMention, type BaseInteraction, type Message, type MessageComponentInteraction, type ModalSubmitInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import * as Clock from "effect/Clock"
import { presetByKey } from "../../../app/events/wizard-presets.js"
import { isWizardStep, type Track } from "../../../domain/events/draft.js"
import type { WizardCommand } from "../../../machines/event-wizard.js"
import { admin, modal, select, type ComponentRoute, dieOnDatabase, guildIdOf } from "../command.js"
import { refuse, type Refusal } from "../../../app/refusal.js"
import type { AppServices } from "../handler-services.js"
import { wizardModal } from "./wizard-modals.js"
import { FORM_FIELDS, NO_CHAMPIONSHIP, OTHER_ZONE, TEAMS_OFF, wizardFormId, wizardPickId, wizardRoleChannelId, type RoleChannelPick } from "./event-ids.js"
import { type StoredTrack, trackLabel } from "../../../domain/events/track-rules.js"
import { googleLinkFor } from "../../../app/events/calendar.js"
import { readEventById } from "../../../app/events/event-use-cases.js"
import { readDraftPanel, stepDraft, type DraftRef, type StepOutcome, type WizardPanel } from "../../../app/events/wizard.js"
import { FollowUps } from "../../../app/follow-ups.js"
import { checkBotCanPost, TO_POST_EMBEDS } from "../channel-access.js"
import { parseCustomId } from "../custom-id.js"
import { form as openForm, later, update, type Reply } from "../reply.js"
import { deliveryLines } from "./delivery-report-view.js"
import { cardLinkOf } from "./event-card-view.js"
import { promoteAfterEdit } from "./fill-grid-after-edit.js"
import { NO_PICKS, type RoleChannelPicks } from "./wizard-components.js"
import { closedPanel, doneText, wizardPanel, type PanelNotice } from "./wizard-panel-view.js"

/** A panel click or form, from the custom id to the panel that follows: who pressed it, the command applied, what is shown. */

/** Step 8's picks as the draft has them (entering the step, or editing from review). */
export const picksFromDraft = (panel: WizardPanel): RoleChannelPicks => {
  const stored = panel.view.draft.rolesAndChannels
  return stored === undefined
    ? NO_PICKS
    : { driver: stored.driverRoleId, steward: stored.stewardRoleId, publish: stored.publishChannelId, roster: stored.rosterChannelId }
}

/**
 * Step 8's picks as the clicked panel shows them. Each pick redraws the panel with the picks so
 * far as the selects' defaults, so the panel itself carries them until Continue applies them
 * together; a panel without those selects falls back to the draft's answer.
 */
export const picksFromMessage = (message: Message | null, panel: WizardPanel): RoleChannelPicks => {
  const picks: Record<string, string | null> = { ...picksFromDraft(panel) }
  let found = false
  for (const row of message?.components ?? []) {
    if (!("components" in row)) continue
    for (const component of row.components) {
      const data = component.toJSON() as { custom_id?: string; default_values?: ReadonlyArray<{ id: string }> }
      if (data.custom_id === undefined) continue
      const parsed = parseCustomId(data.custom_id)
      if (parsed._tag !== "Parsed" || parsed.route !== wizardRoleChannelId.route) continue
      const decoded = wizardRoleChannelId.decodeFields(parsed.fields)
      if (decoded._tag !== "Right") continue
      found = true
      picks[decoded.right.what] = data.default_values?.[0]?.id ?? null
    }
  }
  return found ? (picks as RoleChannelPicks) : picksFromDraft(panel)
}

/** The panel the admin clicked, redrawn (or the answer to the modal submitted from it). */
export const showPanel = (panel: WizardPanel, notice?: PanelNotice, picks: RoleChannelPicks = picksFromDraft(panel)) =>
  Effect.map(Clock.currentTimeMillis, (now) => update(wizardPanel(panel, now, notice, picks)))

export const staleNotice = (text: string): PanelNotice => ({ kind: "warning", text })

/** The event card needs embeds; see channel-access.ts. */
export const checkCardChannel = (interaction: BaseInteraction, channelId: string) => checkBotCanPost(interaction, channelId, TO_POST_EMBEDS, "the event card")

type PanelInteraction = MessageComponentInteraction | ModalSubmitInteraction

/** How long the panel waits for the card and the Discord event before it says they are on their way. */
const PUBLISH_WAIT_MS = 8000

/** Who pressed which panel, from the custom_id's draft and revision. */
export const refOf = (interaction: PanelInteraction, draftId: string, revision: number) =>
  Effect.map(guildIdOf(interaction), (guildId): DraftRef => ({ guildId, draftId, actorId: interaction.user.id, revision }))

const showOutcome = (ref: DraftRef, outcome: StepOutcome, command: WizardCommand) =>
  Effect.gen(function* () {
    const { panel } = outcome
    if (outcome.stale !== null) return yield* showPanel(panel, staleNotice(outcome.stale))
    const editing = panel.view.editingEventId !== null
    if (panel.view.step === "cancelled") {
      return update(
        closedPanel(editing ? "Changes discarded" : "Draft cancelled", [editing ? "The event stays as it was published." : "The draft was thrown away. Start again any time with /event create."]),
      )
    }
    if (outcome.published !== null) {
      const { followUpIds } = outcome.published
      if (editing) yield* promoteAfterEdit(outcome.published.event, ref.actorId)
      // The card and the Discord event are delivered by the outbox; the panel waits a little to say how it went.
      const delivered = yield* Effect.flatMap(FollowUps, (followUps) => followUps.settle(followUpIds, PUBLISH_WAIT_MS))
      const event = yield* readEventById(outcome.published.event.guildId, outcome.published.event.id)
      const title = `${editing ? "Saved changes to" : "Published"}: ${event.details.details.title}`
      const cardUrl = cardLinkOf(event)
      const links = [{ label: "Add to Google Calendar", url: googleLinkFor(event) }, ...(cardUrl === null ? [] : [{ label: "Open the card", url: cardUrl }])]
      const lines = deliveryLines(delivered, ["EventCard", "ScheduledEvent"])
      return update(closedPanel(title, [...lines, "", "Change or cancel it later with `/event manage`."], links))
    }
    return yield* showPanel(panel, { kind: "done", text: doneText(command, panel.view) })
  })

/**
 * Sends one wizard command from a panel and shows what follows. Publishing acknowledges first:
 * posting the card and creating the Discord event can take longer than Discord waits.
 */
export const applyCommand = (ref: DraftRef, command: WizardCommand): Effect.Effect<Reply<AppServices>, Refusal, AppServices> => {
  const step = Effect.flatMap(dieOnDatabase(stepDraft(ref, command)), (outcome) => showOutcome(ref, outcome, command))
  return command.type === "PUBLISH" ? Effect.succeed(later("panel", step)) : step
}

/**
 * For a click that reads the draft before it acts: `use` gets the current draft; an older panel is
 * instead redrawn as it is now, saying so, and `use` does not run.
 */
export const withCurrentPanel = <R>(ref: DraftRef, use: (panel: WizardPanel) => Effect.Effect<Reply<R>, Refusal, R>) =>
  Effect.flatMap(dieOnDatabase(readDraftPanel(ref)), ({ panel, stale }): Effect.Effect<Reply<R>, Refusal, R> => (stale === null ? use(panel) : showPanel(panel, staleNotice(stale))))

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
      case "track":
        return yield* withCurrentPanel(ref, (panel) =>
          Effect.flatMap(matchTrack(panel.tracks, field(FORM_FIELDS.track)), (track) => applyCommand(ref, { type: "SET_TRACK", track: asTrack(track) })),
        )
    }
    return yield* applyCommand(ref, command)
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
        if (value !== OTHER_ZONE) return yield* applyCommand(ref, { type: "SET_TIMEZONE", timezone: value })
        return yield* withCurrentPanel(ref, (panel) => Effect.succeed(openForm(wizardModal({ draftId: draft, revision: rev }, "timezone", panel.view.draft))))
      }
      case "vehicles": {
        const preset = presetByKey(value)
        if (preset === undefined) return yield* refuse("That preset no longer exists. Pick another, or type the vehicles.")
        return yield* applyCommand(ref, { type: "SET_VEHICLES", vehicles: preset.vehicles.join("\n") })
      }
      case "track": {
        return yield* withCurrentPanel(ref, (panel) => {
          const track = panel.tracks.find((candidate) => candidate.id === value)
          if (track === undefined) return showPanel(panel, staleNotice("That track was removed meanwhile. Pick one from the list as it is now."))
          return applyCommand(ref, { type: "SET_TRACK", track: asTrack(track) })
        })
      }
      case "teams":
        return yield* applyCommand(ref, { type: "SET_TEAMS", driversPerTeam: value === TEAMS_OFF ? null : Number(value) })
      case "championship": {
        if (value === NO_CHAMPIONSHIP) return yield* applyCommand(ref, { type: "SET_CHAMPIONSHIP", championship: null })
        return yield* withCurrentPanel(ref, (panel) => {
          const found = panel.championships.find((candidate) => candidate.id === value)
          if (found === undefined) return showPanel(panel, staleNotice("That championship was removed or archived meanwhile. Pick again."))
          return applyCommand(ref, { type: "SET_CHAMPIONSHIP", championship: { id: found.id, name: found.name } })
        })
      }
      case "edit":
        if (!isWizardStep(value)) return yield* refuse("Pick a step from the menu.")
        return yield* applyCommand(ref, { type: "EDIT_FIELD", step: value })
    }
  }),
)

const PICK_NAMES: Record<RoleChannelPick, string> = { driver: "Driver role", steward: "Steward role", publish: "Publish channel", roster: "Roster channel" }

/** Step 8: a pick is checked and kept on the panel; Continue applies all four together. */
const pickRoleOrChannel = select(wizardRoleChannelId, admin("events"), (interaction, { draft, rev, what }) =>
  Effect.gen(function* () {
    const ref = yield* refOf(interaction, draft, rev)
    return yield* withCurrentPanel(ref, (panel) =>
      Effect.gen(function* () {
        if (panel.view.step !== "rolesAndChannels") return yield* showPanel(panel, staleNotice("This panel was out of date: the draft is on another step now."))
        const value = interaction.values[0] ?? null
        const isRole = what === "driver" || what === "steward"
        if (isRole && value !== null) {
          if (value === ref.guildId) return yield* refuse("@everyone can't be an event role: pick a role that only drivers (or stewards) have.")
          if (interaction.isRoleSelectMenu() && interaction.roles.get(value)?.managed === true) return yield* refuse(`${roleMention(value)} belongs to a bot or integration, so members can't be given it. Pick another role.`)
        }
        if (!isRole && value !== null) yield* checkCardChannel(interaction, value)
        const picks = { ...picksFromMessage(interaction.message, panel), [what]: value }
        const shown = value === null ? "none" : isRole ? roleMention(value) : channelMention(value)
        return yield* showPanel(panel, { kind: "done", text: `${PICK_NAMES[what]}: ${shown}.${picks.driver !== null && picks.publish !== null ? " Press **Continue** when the picks are right." : ""}` }, picks)
      }),
    )
  }),
)

export const wizardInputRoutes: ReadonlyArray<ComponentRoute<AppServices>> = [submitForm, pickOption, pickRoleOrChannel]
