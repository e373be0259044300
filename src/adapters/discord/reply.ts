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
  type RepliableInteraction,
} from "discord.js"
import * as Effect from "effect/Effect"
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
  /**
   * Seen, and nothing to change: a button or menu acknowledged with its panel left as it was (a
   * menu emptied, say), so Discord does not tell the member the bot failed to respond.
   */
  | { readonly _tag: "Unchanged" }
  /** Acknowledged at once ("thinking…", or the panel held), answered when `work` is done. */
  | { readonly _tag: "Later"; readonly holding: Visibility | "panel"; readonly work: Effect.Effect<Reply<R>, Refusal, R> }
  /**
   * One answer, then what follows from it once the member can see it: a second message (a trade
   * offer posted for the channel, then the proposer's private note naming it), or a change
   * elsewhere (the offer's own message edited after its Withdraw button answered).
   */
  | { readonly _tag: "Then"; readonly first: Reply<R>; readonly next: (posted: Posted) => Effect.Effect<Reply<R> | void, Refusal, R> }

/** What the first answer of a `Then` posted, for the next step to point at. */
export interface Posted {
  /** The message's id, when the answer was a message Discord handed back (undefined for a form). */
  readonly messageId: string | undefined
}

export const say = (payload: MessagePayload | string, visibility: Visibility = "private"): Reply<never> => ({
  _tag: "Say",
  payload: typeof payload === "string" ? { content: payload } : payload,
  visibility,
})
/** Private, and never pinging: mentions in a member's own answer are there to be read. */
export const sayQuietly = (payload: MessagePayload | string): Reply<never> => say({ ...(typeof payload === "string" ? { content: payload } : payload), allowedMentions: { parse: [] } })
export const update = (payload: MessagePayload): Reply<never> => ({ _tag: "Update", payload })
export const form = (modal: ModalBuilder): Reply<never> => ({ _tag: "Form", modal })
export const unchanged: Reply<never> = { _tag: "Unchanged" }
/** What `unchanged` says where there is no panel to leave as it was (a slash command, or a form it opened). */
export const NOTHING_CHANGED = "Nothing changed."
/** For work that can take longer than Discord's 3 s (drawing, iRacing, a file): acknowledge first. */
export const later = <R>(holding: Visibility | "panel", work: Effect.Effect<Reply<R>, Refusal, R>): Reply<R> => ({ _tag: "Later", holding, work })
/** `first`, and once it is sent, `next` with what it posted: a second message, or nothing more. */
export const andThen = <R1, R2>(first: Reply<R1>, next: (posted: Posted) => Effect.Effect<Reply<R2> | void, Refusal, R2>): Reply<R1 | R2> =>
  ({ _tag: "Then", first, next }) as Reply<R1 | R2>

const flagsOf = (visibility: Visibility) => (visibility === "private" ? MessageFlags.Ephemeral : undefined)

/** A button, menu, or form opened from a message: something with a message under it to replace. */
const isPanel = (interaction: RepliableInteraction): boolean => interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage())

/**
 * How the interaction was acknowledged, so the next answer takes the matching call: "thinking…"
 * (a `Later`'s deferReply), the panel held (a `Later`'s deferUpdate), or a first answer already
 * sent (a `Then`'s), after which a message is one of its own and an update edits that answer.
 */
const acknowledgedAs = new WeakMap<object, "thinking" | "panel" | "answered">()

/** A string id, or undefined. */
const idOf = (id: unknown): string | undefined => (typeof id === "string" ? id : undefined)
/** An edit or a follow-up hands back the Message itself. */
const messageIdOf = (sent: Promise<unknown>): Promise<string | undefined> => sent.then((message) => idOf((message as { readonly id?: unknown } | undefined)?.id))
/**
 * A reply asked `withResponse` hands back its callback response, which names the message. Asked
 * without, discord.js hands back an InteractionResponse whose id is the interaction's, no message's.
 */
const callbackMessageIdOf = (sent: Promise<unknown>): Promise<string | undefined> =>
  sent.then((response) => idOf((response as { readonly resource?: { readonly message?: { readonly id?: unknown } | null } | null } | undefined)?.resource?.message?.id))

/**
 * The calls Discord expects, in its order. When the router acknowledged a slow handler by itself,
 * its first-response gate turns `reply` and `update` into the calls that still apply. Resolves to
 * the id of the message the answer is (for a `Then`'s next step), when there is one.
 */
const deliver = (interaction: RepliableInteraction, reply: Exclude<Reply<unknown>, { _tag: "Later" | "Then" }>, wantMessage: boolean): Promise<string | undefined> => {
  const ours = acknowledgedAs.get(interaction)
  switch (reply._tag) {
    case "Say":
      // After "thinking…" the answer replaces it; after a held panel or an earlier answer it is a message of its own.
      if (ours === "thinking") return messageIdOf(interaction.editReply(reply.payload as InteractionEditReplyOptions))
      if (ours !== undefined) return messageIdOf(interaction.followUp({ ...reply.payload, flags: flagsOf(reply.visibility) } as InteractionReplyOptions))
      return callbackMessageIdOf(interaction.reply({ ...reply.payload, flags: flagsOf(reply.visibility), ...(wantMessage ? { withResponse: true } : {}) } as InteractionReplyOptions))
    case "Update":
      if (ours !== undefined) return messageIdOf(interaction.editReply(reply.payload as InteractionEditReplyOptions))
      // A form opened by a slash command has no panel under it: its "update" is a private message.
      if (!isPanel(interaction)) return callbackMessageIdOf(interaction.reply({ ...reply.payload, flags: MessageFlags.Ephemeral, ...(wantMessage ? { withResponse: true } : {}) } as InteractionReplyOptions))
      // update() hands back an InteractionResponse carrying the interaction's id: the message replaced is the panel's.
      return (interaction as MessageComponentInteraction).update(reply.payload as never).then(() => (interaction as MessageComponentInteraction).message?.id)
    case "Form":
      if (interaction.isModalSubmit()) throw new Error("a form cannot answer a form")
      return interaction.showModal(reply.modal).then(() => undefined)
    case "Unchanged":
      // Nothing was posted: the panel (if any) stays as it was, and a "Nothing changed." note is no message to point at.
      if (ours === "panel" || ours === "answered") return Promise.resolve(undefined)
      if (ours === "thinking") return interaction.editReply({ content: NOTHING_CHANGED }).then(() => undefined)
      if (isPanel(interaction)) return (interaction as MessageComponentInteraction).deferUpdate().then(() => undefined)
      return interaction.reply({ content: NOTHING_CHANGED, flags: MessageFlags.Ephemeral }).then(() => undefined)
  }
}

const send = <R>(interaction: RepliableInteraction, reply: Reply<R>, wantMessage: boolean): Effect.Effect<Posted, Refusal, R> => {
  switch (reply._tag) {
    case "Later":
      return Effect.gen(function* () {
        if (reply.holding === "panel" && isPanel(interaction)) {
          acknowledgedAs.set(interaction, "panel")
          yield* Effect.promise(() => (interaction as MessageComponentInteraction).deferUpdate())
        } else {
          acknowledgedAs.set(interaction, "thinking")
          yield* Effect.promise(() => interaction.deferReply({ flags: flagsOf(reply.holding === "panel" ? "private" : reply.holding) }))
        }
        return yield* send(interaction, yield* reply.work, wantMessage)
      })
    case "Then":
      return Effect.gen(function* () {
        const posted = yield* send(interaction, reply.first, true)
        if (acknowledgedAs.get(interaction) !== "panel") acknowledgedAs.set(interaction, "answered")
        const next = yield* reply.next(posted)
        return next === undefined ? posted : yield* send(interaction, next, wantMessage)
      })
    default:
      return Effect.map(
        Effect.promise(() => deliver(interaction, reply, wantMessage)),
        (messageId): Posted => ({ messageId: wantMessage ? messageId : undefined }),
      )
  }
}

/** Sends a handler's answer; `Later` acknowledges first, runs its work, then sends what it returns; `Then` sends its first answer, then what follows. */
export const sendReply = <R>(interaction: RepliableInteraction, reply: Reply<R>): Effect.Effect<void, Refusal, R> => Effect.asVoid(send(interaction, reply, false))

// The one imperative answer left: the router's refusals and apologies, which come whatever a handler did.

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
