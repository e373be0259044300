import { ChannelType, channelMention, PermissionFlagsBits, type BaseInteraction, type Message, type MessageComponentInteraction, type ModalSubmitInteraction } from "discord.js"
import { Clock, Effect } from "effect"
import type { WizardPanel } from "../../../app/events/wizard-state.js"
import { refuse } from "../command.js"
import { parseCustomId } from "../custom-id.js"
import { updatePanel } from "../replies.js"
import { NO_PICKS, type RoleChannelPicks } from "../views/wizard-components.js"
import { wizardPanel, type PanelNotice } from "../views/wizard-panel.js"
import { wizardRoleChannelId } from "./event-ids.js"

export { dieOnDatabase, guildIdOf, privately } from "./number/admin-shared.js"

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

const POST_PERMISSIONS = [
  [PermissionFlagsBits.ViewChannel, "View Channel"],
  [PermissionFlagsBits.SendMessages, "Send Messages"],
  [PermissionFlagsBits.EmbedLinks, "Embed Links"],
] as const

/**
 * Refuses a channel the event card could not be posted in, naming what to fix. Fetched fresh:
 * a select's resolved channel carries no permission overwrites to judge by.
 */
export const checkBotCanPost = (interaction: BaseInteraction, channelId: string) =>
  Effect.gen(function* () {
    const cannotSee = `Pitboard can't see ${channelMention(channelId)}. In that channel's settings, under Permissions, allow **View Channel**, **Send Messages** and **Embed Links** for the Pitboard role, then pick it again.`
    const channel = yield* Effect.tryPromise(() => interaction.client.channels.fetch(channelId, { force: true })).pipe(Effect.orElseSucceed(() => null))
    if (channel === null || channel.isDMBased() || channel.guildId !== interaction.guildId) return yield* refuse(cannotSee)
    if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
      return yield* refuse(`${channelMention(channelId)} is not a text or announcement channel. Pick one where messages can be posted.`)
    }
    const me = channel.guild.members.me ?? (yield* Effect.tryPromise(() => channel.guild.members.fetchMe()).pipe(Effect.orElseSucceed(() => null)))
    const permissions = me === null ? null : channel.permissionsFor(me)
    const missing = POST_PERMISSIONS.filter(([flag]) => permissions === null || !permissions.has(flag)).map(([, name]) => `**${name}**`)
    if (missing.length > 0) {
      return yield* refuse(
        `Pitboard can't post the event card in ${channelMention(channelId)}: it lacks ${missing.join(" and ")} there. Allow ${missing.length === 1 ? "it" : "them"} for the Pitboard role in that channel's Permissions, or pick another channel.`,
      )
    }
  })
