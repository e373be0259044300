import type { ButtonInteraction } from "discord.js"
import { Effect, Either } from "effect"
import { classById } from "../../../../domain/numbers/classes.js"
import { numbersOverview } from "../../../../app/numbers/queries.js"
import { answerTrade, proposeTrade, readTrade } from "../../../../app/numbers/trades.js"
import type { AppServices } from "../../../../app/services.js"
import { button, type ComponentRoute } from "../../command.js"
import { replyPrivately, updatePanel } from "../../replies.js"
import { actorOf } from "../../router.js"
import { closedOfferMessage, offerMessage, proposerConfirmation, withdrawnText } from "../../views/numbers-trade.js"
import type { Subcommand } from "../subcommands.js"
import { classChoices, ownChoices, suggestFor, theirChoices } from "./member-autocomplete.js"
import { tradeAnswerId, tradeWithdrawId } from "./member-ids.js"
import { classOption, guildIdOf, numberOption, dieOnDatabase, privately } from "./member-shared.js"

const trade: Subcommand<AppServices> = {
  name: "trade",
  description: "Offer another member a swap of numbers",
  usage: "/number trade <@member> <my number> <their number>",
  access: "member",
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
      const { classes } = yield* numbersOverview(guildId)
      // The reply itself is the offer: it needs no channel permissions, and lands where the proposer asked.
      const posted = yield* Effect.promise(() =>
        interaction.reply({ ...offerMessage(proposed.id, proposed.offer, classById(classes, proposed.offer.classId)), withResponse: true }),
      )
      const confirmation = proposerConfirmation(proposed.id, proposed.offer, posted.resource?.message?.id)
      yield* Effect.promise(() => interaction.followUp({ ...confirmation, ...privately }))
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
    const before = yield* readTrade(guildId, offerId)
    const result = yield* Effect.either(dieOnDatabase(answerTrade(guildId, offerId, actor, answer)))
    if (Either.isRight(result)) return yield* updatePanel(interaction, closedOfferMessage(offerId, result.right.offer, { _tag: result.right._tag }))
    const refusal = result.left
    const party = before !== undefined && (actor.userId === before.offer.proposerId || actor.userId === before.offer.targetId)
    const after = party && before.status === "open" ? yield* readTrade(guildId, offerId) : undefined
    if (after === undefined || (after.status !== "voided" && after.status !== "expired")) return yield* Effect.fail(refusal)
    yield* updatePanel(interaction, closedOfferMessage(offerId, after.offer, { _tag: "Ended", reason: refusal.message }))
    yield* replyPrivately(interaction, refusal.message)
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
    const end = { _tag: result._tag } as const
    yield* updatePanel(interaction, { content: withdrawnText(end), components: [] })
    yield* editOffer(interaction, message, closedOfferMessage(offerId, result.offer, end))
  }),
)

export const tradeSubcommands: ReadonlyArray<Subcommand<AppServices>> = [trade]
export const tradeComponents: ReadonlyArray<ComponentRoute<AppServices>> = [answer, withdraw]
