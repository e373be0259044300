import { MessageFlags, type ChatInputCommandInteraction, type InteractionEditReplyOptions } from "discord.js"
import { Effect } from "effect"
import { Iracing, IracingDisabled } from "../../iracing/index.js"
import { refuse, type Refusal } from "../../../app/refusal.js"

/** Answers at once, before any work, when iRacing features are off: the reply names the variables that turn them on. */
export const requireIracing = Effect.flatMap(Iracing, (iracing) => (iracing.status === "off" ? Effect.fail(refuse(new IracingDisabled().message)) : Effect.void))

/**
 * iRacing can take seconds (or hit a timeout), past Discord's 3-second window: defer privately,
 * then edit the reply with the result, or with the refusal, so the member never sees an endless
 * "thinking…".
 */
export const answerDeferred = <R>(
  interaction: ChatInputCommandInteraction,
  work: Effect.Effect<InteractionEditReplyOptions, Refusal, R>,
  explain: (message: string) => string = (message) => message,
) =>
  Effect.gen(function* () {
    yield* Effect.promise(() => interaction.deferReply({ flags: MessageFlags.Ephemeral }))
    const payload = yield* work.pipe(Effect.catchTag("Refusal", (refusal) => Effect.succeed<InteractionEditReplyOptions>({ content: explain(refusal.message) })))
    yield* Effect.promise(() => interaction.editReply({ allowedMentions: { parse: [] }, ...payload }))
  })
