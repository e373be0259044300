import type { ButtonInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { answerTrade, proposeTrade } from "../../../app/numbers/trade-use-cases.js"
import type { AppServices } from "../handler-services.js"
import { button, dieOnDatabase, guildIdOf, type ComponentRoute } from "../command.js"
import { andThen, say, sayQuietly, update } from "../reply.js"
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

/** The offer message is not the one pressed here, so it is edited through its channel; failing that only leaves it stale, and its buttons already refuse. */
const editOffer = (interaction: ButtonInteraction, messageId: string, payload: ReturnType<typeof closedOfferMessage>) =>
  Effect.tryPromise(async () => {
    const channel = interaction.channel ?? (await interaction.client.channels.fetch(interaction.channelId))
    if (channel === null || !channel.isTextBased()) throw new Error(`channel ${interaction.channelId} is not a text channel`)
    await channel.messages.edit(messageId, payload)
  }).pipe(Effect.catchAll((error) => Effect.logWarning("could not update a withdrawn trade offer's message", error)))

const withdraw = button(tradeWithdrawId, "member", (interaction, { offer: offerId, message }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const result = yield* dieOnDatabase(answerTrade(guildId, offerId, actorOf(interaction), "decline"))
    return andThen(update({ content: withdrawnText(result), components: [] }), () => editOffer(interaction, message, closedOfferMessage(offerId, result.offer, result)))
  }),
)

export const tradeSubcommands: ReadonlyArray<Subcommand<AppServices>> = [trade]
export const tradeComponents: ReadonlyArray<ComponentRoute<AppServices>> = [answer, withdraw]
