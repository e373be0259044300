import { type AutocompleteInteraction, type BaseInteraction, type Message, type MessageComponentInteraction, type ModalSubmitInteraction } from "discord.js"
import { Clock, Effect } from "effect"
import { eventChoices } from "../../../app/events/event-use-cases.js"
import { formatInZone } from "../../../domain/events/time.js"
import type { WizardPanel } from "../../../app/events/wizard-state.js"
import { checkBotCanPost, TO_POST_EMBEDS } from "../channel-access.js"
import { parseCustomId } from "../custom-id.js"
import { updatePanel } from "../replies.js"
import { NO_PICKS, type RoleChannelPicks } from "./wizard-components.js"
import { wizardPanel, type PanelNotice } from "./wizard-panel-view.js"
import { wizardRoleChannelId } from "./event-ids.js"


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

/** The `event` option's suggestions (upcoming events, with their local start), shared by every /event subcommand. */
export const eventAutocomplete = (interaction: AutocompleteInteraction) =>
  Effect.gen(function* () {
    if (!interaction.inGuild()) return []
    const choices = yield* eventChoices(interaction.guildId, String(interaction.options.getFocused()))
    return choices.map(({ event }) => ({
      name: `${event.details.details.title} · ${formatInZone(event.details.schedule.startsAt, event.details.timezone)} ${event.details.timezone}`,
      value: event.id,
    }))
  })
