import { type MessageComponentInteraction, type ModalSubmitInteraction } from "discord.js"
import { Effect } from "effect"
import { googleLinkFor } from "../../../app/events/calendar.js"
import { stepDraft } from "../../../app/events/wizard.js"
import type { DraftRef, StepOutcome } from "../../../app/events/wizard-state.js"
import type { WizardCommand } from "../../../machines/event-wizard.js"
import { updatePanel } from "../replies.js"
import { closedPanel } from "./wizard-panel-view.js"
import { doneText } from "./wizard-notices.js"
import { readEventById } from "../../../app/events/event-use-cases.js"
import { FollowUps } from "../../../app/follow-ups.js"
import { deliveryLines } from "./delivery-report-view.js"
import { promoteAfterEdit } from "./fill-grid-after-edit.js"
import { showPanel, staleNotice } from "./wizard-panel-helpers.js"
import { dieOnDatabase, guildIdOf } from "../command.js"

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
