import {
  MessageFlags,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from "discord.js"
import { Effect } from "effect"

/**
 * Answers the member privately, whatever the interaction has already done: a first reply, or a
 * follow-up after a defer or an earlier reply. Used for refusals and apologies, so it never fails.
 */
export const replyPrivately = (interaction: RepliableInteraction, options: string | Omit<InteractionReplyOptions, "flags">) =>
  Effect.tryPromise(async () => {
    const payload = typeof options === "string" ? { content: options } : options
    if (interaction.deferred || interaction.replied) {
      await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral } as never)
    } else {
      await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral } as never)
    }
  }).pipe(
    Effect.catchAll((error) => Effect.logWarning("could not send a private reply", error)),
  )

/** Replaces the message a component sits on (a panel moving to its next step). */
export const updatePanel = (
  interaction: MessageComponentInteraction | ModalSubmitInteraction,
  payload: Parameters<MessageComponentInteraction["update"]>[0],
) =>
  Effect.promise(async () => {
    if (interaction.isModalSubmit() && !interaction.isFromMessage()) {
      await interaction.reply({ ...(payload as object), flags: MessageFlags.Ephemeral } as never)
    } else if (interaction.deferred || interaction.replied) {
      await interaction.editReply(payload as never)
    } else {
      await (interaction as MessageComponentInteraction).update(payload)
    }
  })
