import type { BaseInteraction, Message, MessageComponentInteraction, ModalSubmitInteraction } from "discord.js"
import { Clock, Effect } from "effect"
import { googleLinkFor } from "../../../app/events/calendar.js"
import { readEventById } from "../../../app/events/event-use-cases.js"
import { stepDraft, type DraftRef, type StepOutcome, type WizardPanel } from "../../../app/events/wizard.js"
import { FollowUps } from "../../../app/follow-ups.js"
import type { WizardCommand } from "../../../machines/event-wizard.js"
import { checkBotCanPost, TO_POST_EMBEDS } from "../channel-access.js"
import { dieOnDatabase, guildIdOf } from "../command.js"
import { parseCustomId } from "../custom-id.js"
import { updatePanel } from "../replies.js"
import { deliveryLines } from "./delivery-report-view.js"
import { wizardRoleChannelId } from "./event-ids.js"
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

/** Redraws the panel the admin clicked (or answers the modal submitted from it). */
export const showPanel = (interaction: MessageComponentInteraction | ModalSubmitInteraction, panel: WizardPanel, notice?: PanelNotice, picks: RoleChannelPicks = picksFromDraft(panel)) =>
  Effect.flatMap(Clock.currentTimeMillis, (now) => updatePanel(interaction, wizardPanel(panel, now, notice, picks)))

export const staleNotice = (text: string): PanelNotice => ({ kind: "warning", text })

/** The event card needs embeds; see channel-access.ts. */
export const checkCardChannel = (interaction: BaseInteraction, channelId: string) => checkBotCanPost(interaction, channelId, TO_POST_EMBEDS, "the event card")

type PanelInteraction = MessageComponentInteraction | ModalSubmitInteraction

/** How long the panel waits for the card and the Discord event before it says they are on their way. */
const PUBLISH_WAIT_MS = 8000

/** Who pressed which panel, from the custom_id's draft and revision. */
export const refOf = (interaction: PanelInteraction, draftId: string, revision: number) =>
  Effect.map(guildIdOf(interaction), (guildId): DraftRef => ({ guildId, draftId, actorId: interaction.user.id, revision }))

const showOutcome = (interaction: PanelInteraction, outcome: StepOutcome, command: WizardCommand) =>
  Effect.gen(function* () {
    const { panel } = outcome
    if (outcome.stale !== null) return yield* showPanel(interaction, panel, staleNotice(outcome.stale))
    const editing = panel.view.editingEventId !== null
    if (panel.view.step === "cancelled") {
      return yield* updatePanel(
        interaction,
        closedPanel(editing ? "Changes discarded" : "Draft cancelled", [editing ? "The event stays as it was published." : "The draft was thrown away. Start again any time with /event create."]),
      )
    }
    if (outcome.published !== null) {
      const { followUpIds } = outcome.published
      if (editing) yield* promoteAfterEdit(outcome.published.event, interaction.user.id)
      // The card and the Discord event are delivered by the outbox; the panel waits a little to say how it went.
      const delivered = yield* Effect.flatMap(FollowUps, (followUps) => followUps.settle(followUpIds, PUBLISH_WAIT_MS))
      const event = yield* readEventById(outcome.published.event.guildId, outcome.published.event.id)
      const title = `${editing ? "Saved changes to" : "Published"}: ${event.details.details.title}`
      const cardUrl = event.cardChannelId === null || event.cardMessageId === null ? null : `https://discord.com/channels/${event.guildId}/${event.cardChannelId}/${event.cardMessageId}`
      const links = [{ label: "Add to Google Calendar", url: googleLinkFor(event) }, ...(cardUrl === null ? [] : [{ label: "Open the card", url: cardUrl }])]
      const lines = deliveryLines(delivered, ["EventCard", "ScheduledEvent"])
      return yield* updatePanel(interaction, closedPanel(title, [...lines, "", "Change or cancel it later with `/event manage`."], links))
    }
    yield* showPanel(interaction, panel, { kind: "done", text: doneText(command, panel.view) })
  })

/**
 * Sends one wizard command from a panel and shows what follows. Publishing acknowledges first:
 * posting the card and creating the Discord event can take longer than Discord waits.
 */
export const applyCommand = (interaction: PanelInteraction, ref: DraftRef, command: WizardCommand) =>
  Effect.gen(function* () {
    if (command.type === "PUBLISH" && !interaction.deferred && !interaction.replied) {
      yield* Effect.promise(() => (interaction.isModalSubmit() ? interaction.deferUpdate() : (interaction as MessageComponentInteraction).deferUpdate()))
    }
    const outcome = yield* dieOnDatabase(stepDraft(ref, command))
    yield* showOutcome(interaction, outcome, command)
  })
