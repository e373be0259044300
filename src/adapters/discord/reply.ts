/**
 * Answers as data. A handler returns what the member should see (a message, the panel replaced, a
 * form, or "working on it" and then the answer), and the router sends it: one place that knows the
 * order of Discord's calls, and handlers that a unit test can call and inspect without any
 * Discord, fake or real. (As in tim-smart/dfx, where a handler is an Effect yielding its response.)
 */
import {
  MessageFlags,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
  type ModalBuilder,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from "discord.js"
import { Effect } from "effect"
import type { Refusal } from "../../app/refusal.js"
import type { Visibility } from "./command.js"

/** What a message carries (content, embeds, components, files); never its flags, which the Reply decides. */
export type MessagePayload = Omit<InteractionReplyOptions & InteractionEditReplyOptions, "flags" | "ephemeral" | "fetchReply" | "withResponse">

export type Reply<R = never> =
  /** A message answering the interaction, seen by the member alone or by the channel. */
  | { readonly _tag: "Say"; readonly payload: MessagePayload; readonly visibility: Visibility }
  /** The message the button, menu or form sits on, replaced (a panel moving to its next step). */
  | { readonly _tag: "Update"; readonly payload: MessagePayload }
  /** A form (modal) opened over the member's screen; only possible as the first answer. */
  | { readonly _tag: "Form"; readonly modal: ModalBuilder }
  /** Acknowledged at once ("thinking…", or the panel held), answered when `work` is done. */
  | { readonly _tag: "Later"; readonly holding: Visibility | "panel"; readonly work: Effect.Effect<Reply<R>, Refusal, R> }

export const say = (payload: MessagePayload | string, visibility: Visibility = "private"): Reply<never> => ({
  _tag: "Say",
  payload: typeof payload === "string" ? { content: payload } : payload,
  visibility,
})
/** Private, and never pinging: mentions in a member's own answer are there to be read. */
export const sayQuietly = (payload: MessagePayload | string): Reply<never> => say({ ...(typeof payload === "string" ? { content: payload } : payload), allowedMentions: { parse: [] } })
export const update = (payload: MessagePayload): Reply<never> => ({ _tag: "Update", payload })
export const form = (modal: ModalBuilder): Reply<never> => ({ _tag: "Form", modal })
/** For work that can take longer than Discord's 3 s (drawing, iRacing, a file): acknowledge first. */
export const later = <R>(holding: Visibility | "panel", work: Effect.Effect<Reply<R>, Refusal, R>): Reply<R> => ({ _tag: "Later", holding, work })

const flagsOf = (visibility: Visibility) => (visibility === "private" ? MessageFlags.Ephemeral : undefined)

/** A button, menu, or form opened from a message: something with a message under it to replace. */
const isPanel = (interaction: RepliableInteraction): boolean => interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage())

/** How a `Later` acknowledged the interaction, so its answer takes the matching call. */
const acknowledgedAs = new WeakMap<object, "thinking" | "panel">()

/**
 * The calls Discord expects, in its order. When the router acknowledged a slow handler by itself,
 * its first-response gate turns `reply` and `update` into the calls that still apply.
 */
const deliver = (interaction: RepliableInteraction, reply: Exclude<Reply<unknown>, { _tag: "Later" }>): Promise<unknown> => {
  const ours = acknowledgedAs.get(interaction)
  switch (reply._tag) {
    case "Say":
      // After "thinking…" the answer replaces it; after a held panel it is a message of its own.
      if (ours === "thinking") return interaction.editReply(reply.payload as InteractionEditReplyOptions)
      if (ours === "panel") return interaction.followUp({ ...reply.payload, flags: flagsOf(reply.visibility) } as InteractionReplyOptions)
      return interaction.reply({ ...reply.payload, flags: flagsOf(reply.visibility) } as InteractionReplyOptions)
    case "Update":
      if (ours !== undefined) return interaction.editReply(reply.payload as InteractionEditReplyOptions)
      // A form opened by a slash command has no panel under it: its "update" is a private message.
      if (!isPanel(interaction)) return interaction.reply({ ...reply.payload, flags: MessageFlags.Ephemeral } as InteractionReplyOptions)
      return (interaction as MessageComponentInteraction).update(reply.payload as never)
    case "Form":
      if (interaction.isModalSubmit()) throw new Error("a form cannot answer a form")
      return interaction.showModal(reply.modal)
  }
}

/** Sends a handler's answer; `Later` acknowledges first, runs its work, then sends what it returns. */
export const sendReply = <R>(interaction: RepliableInteraction, reply: Reply<R>): Effect.Effect<void, Refusal, R> =>
  reply._tag !== "Later"
    ? Effect.promise(() => deliver(interaction, reply))
    : Effect.gen(function* () {
        if (reply.holding === "panel" && isPanel(interaction)) {
          acknowledgedAs.set(interaction, "panel")
          yield* Effect.promise(() => (interaction as MessageComponentInteraction).deferUpdate())
        } else {
          acknowledgedAs.set(interaction, "thinking")
          yield* Effect.promise(() => interaction.deferReply({ flags: flagsOf(reply.holding === "panel" ? "private" : reply.holding) }))
        }
        yield* sendReply(interaction, yield* reply.work)
      })

// The imperative answers below serve handlers not yet returning a Reply, and the router's refusals and apologies.

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
