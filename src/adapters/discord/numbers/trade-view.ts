import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from "discord.js"
import type { TradeOffer } from "../../../domain/numbers/trades.js"
import { describeClass, type NumberClass } from "../../../domain/numbers/classes.js"
import { tradeAnswerId, tradeWithdrawId } from "./numbers-ids.js"
import { ts } from "./numbers-view.js"

const answerButtons = (offerId: string, disabled: boolean) =>
  new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(tradeAnswerId.encode({ answer: "accept", offer: offerId })).setLabel("Accept").setStyle(ButtonStyle.Success).setDisabled(disabled),
    new ButtonBuilder().setCustomId(tradeAnswerId.encode({ answer: "decline", offer: offerId })).setLabel("Decline").setStyle(ButtonStyle.Danger).setDisabled(disabled),
  )

const offerLine = (offer: TradeOffer) => `<@${offer.proposerId}> offers their **#${offer.proposerNumber}** for <@${offer.targetId}>'s **#${offer.targetNumber}**`

/** Public, so the other member sees it; only they are pinged. */
export const offerMessage = (offerId: string, offer: TradeOffer, numberClass: NumberClass | undefined) => ({
  content: [
    `<@${offer.targetId}>, a trade offer for you${numberClass ? ` in ${describeClass(numberClass)}` : ""}:`,
    `${offerLine(offer)}.`,
    `Accept to swap both numbers at once. The offer ends ${ts(offer.expiresAt)}, or sooner if either number changes hands.`,
  ].join("\n"),
  components: [answerButtons(offerId, false)],
  allowedMentions: { users: [offer.targetId] },
})

export type OfferEnd =
  | { readonly _tag: "Swapped" | "Declined" | "Withdrawn" }
  | { readonly _tag: "Ended"; readonly reason: string }

const endLine = (offer: TradeOffer, end: OfferEnd) => {
  switch (end._tag) {
    case "Swapped":
      return `✅ Accepted: <@${offer.targetId}> now holds **#${offer.proposerNumber}** and <@${offer.proposerId}> holds **#${offer.targetNumber}**. An admin still has to update both in iRacing.`
    case "Declined":
      return `❌ Declined by <@${offer.targetId}>. Nothing changed.`
    case "Withdrawn":
      return `↩️ Withdrawn by <@${offer.proposerId}>. Nothing changed.`
    case "Ended":
      return `⌛ This offer is off: ${end.reason}`
  }
}

/** The offer as it stands once closed: struck through, with its buttons disabled rather than gone, so it reads as history. */
export const closedOfferMessage = (offerId: string, offer: TradeOffer, end: OfferEnd) => ({
  content: `~~${offerLine(offer)}.~~\n${endLine(offer, end)}`,
  components: [answerButtons(offerId, true)],
  allowedMentions: { parse: [] },
})

export const proposerConfirmation = (offerId: string, offer: TradeOffer, publicMessageId: string | undefined) => ({
  content:
    `Your offer is posted: your **#${offer.proposerNumber}** for **#${offer.targetNumber}**. It ends ${ts(offer.expiresAt)}.\n` +
    "Changed your mind? Withdraw it (or press Decline on the offer).",
  components:
    publicMessageId === undefined
      ? []
      : [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId(tradeWithdrawId.encode({ offer: offerId, message: publicMessageId })).setLabel("Withdraw offer").setStyle(ButtonStyle.Secondary),
          ),
        ],
  allowedMentions: { parse: [] },
})

export const withdrawnText = (end: OfferEnd) =>
  end._tag === "Withdrawn" ? "You withdrew your offer; the offer message says so too." : "The offer is closed."
