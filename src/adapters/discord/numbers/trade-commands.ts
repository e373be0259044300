import type { ButtonInteraction, Message } from "discord.js"
import * as Effect from "effect/Effect"
import { answerTrade, proposeTrade } from "../../../app/numbers/trade-use-cases.js"
import type { AppServices } from "../handler-services.js"
import { button, dieOnDatabase, guildIdOf, type ComponentRoute } from "../command.js"
import { andThen, later, say, sayQuietly, update } from "../reply.js"
import { refuse } from "../../../app/refusal.js"
import { actorOf } from "../router.js"
import type { Subcommand } from "../subcommands.js"
import { closedOfferMessage, offerMessage, proposerConfirmation, withdrawnText } from "./trade-view.js"
import { classChoices, classOption, numberOption, ownChoices, suggestFor, theirChoices } from "./number-autocomplete.js"
import { tradeAnswerId, tradeWithdrawId } from "./numbers-ids.js"


const trade: Subcommand<AppServices> = {
  name: "trade",
  description: "Offer another member a swap of numbers",
  usage: "/number trade <@member> <my number> <their number> [class]",
  access: "member",
  // The offer is posted for the other member to accept; the proposer's confirmation follows privately.
  visibility: "public",
  options: (b) =>
    b
      .addUserOption((o) => o.setName("member").setDescription("Who you want to swap with").setRequired(true))
      .addStringOption(numberOption("my_number", "The number you give"))
      .addStringOption(numberOption("their_number", "The number you want from them"))
      .addStringOption(classOption),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const proposed = yield* dieOnDatabase(
        proposeTrade({
          guildId,
          actor: actorOf(interaction),
          targetId: interaction.options.getUser("member", true).id,
          myNumber: interaction.options.getString("my_number", true),
          theirNumber: interaction.options.getString("their_number", true),
          className: interaction.options.getString("class") ?? undefined,
        }),
      )
      // The reply itself is the offer: it needs no channel permissions, and lands where the proposer asked.
      return andThen(say(offerMessage(proposed.id, proposed.offer, proposed.numberClass), "public"), (posted) =>
        Effect.succeed(sayQuietly(proposerConfirmation(proposed.id, proposed.offer, posted.messageId))),
      )
    }),
  autocomplete: suggestFor({ my_number: ownChoices, their_number: theirChoices, class: classChoices }),
}

/**
 * Accept or Decline on the public offer. On success the offer message shows the outcome. A press
 * that finds the offer void (a number changed hands) or expired closes it, so the message is
 * redrawn to say so; any other refusal (not your offer, already answered) changes nothing.
 */
const answer = button(tradeAnswerId, "member", (interaction, { answer, offer: offerId }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const actor = actorOf(interaction)
    const result = yield* dieOnDatabase(answerTrade(guildId, offerId, actor, answer))
    const closed = update(closedOfferMessage(offerId, result.offer, result))
    return result._tag === "Ended" ? andThen(closed, () => Effect.succeed(say(result.reason))) : closed
  }),
)

export const NOT_THIS_OFFER =
  "That Withdraw button points at a message that is not this offer, so nothing was withdrawn or edited. Use the Withdraw button Pitboard sent you with the offer, or press Decline on the offer itself."

/** Posted by Pitboard and carrying this offer's Accept and Decline buttons (disabled, not gone, once it is closed). */
const isOfferMessage = (message: Message, offerId: string, botId: string | undefined): boolean => {
  const answers = new Set([tradeAnswerId.encode({ answer: "accept", offer: offerId }), tradeAnswerId.encode({ answer: "decline", offer: offerId })])
  return (
    botId !== undefined &&
    message.author.id === botId &&
    message.components.some((row) => "components" in row && row.components.some((component) => "customId" in component && typeof component.customId === "string" && answers.has(component.customId)))
  )
}

/**
 * The public offer the Withdraw button names. The message id comes from the custom_id, which the
 * client sends and can forge: a message that is not this offer's is refused before anything
 * changes, so it can't overwrite another of Pitboard's messages in the channel. One Pitboard can't
 * read (deleted, no access) is left alone; the offer's own buttons already refuse once it is closed.
 */
const offerMessageOf = (interaction: ButtonInteraction, messageId: string, offerId: string) =>
  Effect.gen(function* () {
    const fetched = yield* Effect.tryPromise(async () => {
      const channel = interaction.channel ?? (await interaction.client.channels.fetch(interaction.channelId))
      if (channel === null || !channel.isTextBased()) throw new Error(`channel ${interaction.channelId} is not a text channel`)
      return await channel.messages.fetch(messageId)
    }).pipe(Effect.catchAll((error) => Effect.as(Effect.logWarning("could not read a withdrawn trade offer's message; it is left as it was", error), undefined)))
    if (fetched !== undefined && !isOfferMessage(fetched, offerId, interaction.client.user?.id)) return yield* refuse(NOT_THIS_OFFER)
    return fetched
  })

/** Failing to edit the offer only leaves it stale, and its buttons already refuse. */
const editOffer = (message: Message | undefined, payload: ReturnType<typeof closedOfferMessage>) =>
  message === undefined
    ? Effect.void
    : Effect.tryPromise(() => message.edit(payload)).pipe(
        // Nothing more to send once it is edited: a Then's next step that returns a value would be sent as a reply.
        Effect.asVoid,
        Effect.catchAll((error) => Effect.logWarning("could not update a withdrawn trade offer's message", error)),
      )

/** Held first: the offer message is fetched and checked before the withdrawal is stored. */
const withdraw = button(tradeWithdrawId, "member", (interaction, { offer: offerId, message: messageId }) =>
  Effect.map(guildIdOf(interaction), (guildId) =>
    later(
      "panel",
      Effect.gen(function* () {
        const message = yield* offerMessageOf(interaction, messageId, offerId)
        const result = yield* dieOnDatabase(answerTrade(guildId, offerId, actorOf(interaction), "decline"))
        return andThen(update({ content: withdrawnText(result), components: [] }), () => editOffer(message, closedOfferMessage(offerId, result.offer, result)))
      }),
    ),
  ),
)

export const tradeSubcommands: ReadonlyArray<Subcommand<AppServices>> = [trade]
export const tradeComponents: ReadonlyArray<ComponentRoute<AppServices>> = [answer, withdraw]
