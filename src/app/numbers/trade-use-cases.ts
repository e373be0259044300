import { newId } from "../ids.js"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { bearingOn } from "../../domain/numbers/claims.js"
import { classById } from "../../domain/numbers/classes.js"
import { checkTradeAcceptance, checkTradeDecline, validateTradeOffer, type TradeOffer } from "../../domain/numbers/trades.js"
import type { Actor } from "../../domain/permissions.js"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { readClaimsBearingOn } from "../../adapters/sqlite/repositories/number-claims.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"
import { insertTradeOffer, readTradeOffer, resolveTradeOffer } from "../../adapters/sqlite/repositories/trade-offers.js"
import { wakeFollowUps } from "../follow-ups.js"
import { refuse } from "../refusal.js"
import { noteStoredChange } from "../stored-changes.js"
import { writeTransaction } from "../transaction.js"
import { loadNumbers, stepStoredClaim } from "./claim-use-cases.js"

export interface TradeProposal {
  readonly guildId: string
  readonly actor: Actor
  readonly targetId: string
  readonly myNumber: string
  readonly theirNumber: string
  readonly className?: string | undefined
}

export const proposeTrade = Effect.fnUntraced(function* (request: TradeProposal) {
  const now = yield* Clock.currentTimeMillis
  const proposed = yield* writeTransaction("numbers.trade.propose", async (trx) => {
    const { classes, held } = await loadNumbers(trx, request.guildId, bearingOn([request.actor.userId, request.targetId]))
    const validation = validateTradeOffer({
      guildId: request.guildId,
      proposerId: request.actor.userId,
      targetId: request.targetId,
      myNumber: request.myNumber,
      theirNumber: request.theirNumber,
      classes,
      requestedClass: request.className,
      activeClaims: held,
      now,
    })
    if (!validation.ok) throw refuse(validation.reason.message)
    const id = newId()
    await insertTradeOffer(trx, id, validation.offer)
    await appendAudit(trx, {
      guildId: request.guildId,
      actorId: request.actor.userId,
      action: "number.trade.offer",
      subject: validation.offer.proposerNumber,
      details: { offerId: id, targetId: request.targetId, targetNumber: validation.offer.targetNumber, classId: validation.offer.classId },
      at: now,
    })
    return { id, offer: validation.offer, numberClass: classById(classes, validation.offer.classId) }
  })
  yield* noteStoredChange("number.trade.offer", tradeSubject(proposed.offer))
  return proposed
})

const tradeSubject = (offer: TradeOffer) => `#${offer.proposerNumber} ⇄ #${offer.targetNumber}`
const TRADE_ACTION: Record<TradeResult["_tag"], string> = {
  Swapped: "number.trade.accept",
  Declined: "number.trade.decline",
  Withdrawn: "number.trade.withdraw",
  Ended: "number.trade.close",
}

export type TradeAnswer = "accept" | "decline"

export type TradeResult =
  | { readonly _tag: "Swapped"; readonly offer: TradeOffer }
  | { readonly _tag: "Declined"; readonly offer: TradeOffer }
  | { readonly _tag: "Withdrawn"; readonly offer: TradeOffer }
  /** Accept found it void (a number changed hands) or expired: the offer is now closed. */
  | { readonly _tag: "Ended"; readonly offer: TradeOffer; readonly reason: string }

/**
 * Accept swaps both numbers in one transaction, or nothing happens. The offer row is closed in
 * the same transaction, so a second click (or a click on an old copy of the message) finds it
 * closed and is refused.
 */
export const answerTrade = Effect.fnUntraced(function* (guildId: string, offerId: string, actor: Actor, answer: TradeAnswer) {
  const now = yield* Clock.currentTimeMillis
  const result = yield* writeTransaction("numbers.trade.answer", async (trx): Promise<TradeResult> => {
    const stored = await readTradeOffer(trx, guildId, offerId)
    if (stored === undefined) throw refuse("This trade offer doesn't exist in this server.")
    const { offer } = stored
    if (actor.userId !== offer.targetId && actor.userId !== offer.proposerId) throw refuse("This trade offer was made to someone else.")
    if (stored.status !== "open") throw refuse(`This trade offer was already ${stored.status}.`)
    const audit = (action: string, details: Record<string, unknown> = {}) =>
      appendAudit(trx, { guildId, actorId: actor.userId, action, subject: offer.proposerNumber, details: { offerId, targetNumber: offer.targetNumber, ...details }, at: now })
    if (answer === "decline") {
      const decline = checkTradeDecline(offer, actor.userId)
      if (decline._tag === "NotYourOffer") throw refuse(decline.message)
      await resolveTradeOffer(trx, guildId, offerId, decline._tag === "Declined" ? "declined" : "withdrawn", now)
      await audit(decline._tag === "Declined" ? "number.trade.decline" : "number.trade.withdraw")
      return { _tag: decline._tag, offer }
    }
    const held = await readClaimsBearingOn(trx, guildId, bearingOn([offer.proposerId, offer.targetId]))
    const acceptance = checkTradeAcceptance({ offer, actorId: actor.userId, currentClaims: held, now })
    if (acceptance._tag === "NotYourOffer") throw refuse(acceptance.message)
    if (acceptance._tag !== "Accept") {
      // Closing the offer must be kept, so this is a result, not a refusal that would roll it back.
      const close = acceptance._tag === "Expired" ? "expired" : "voided"
      await resolveTradeOffer(trx, guildId, offerId, close, now)
      await audit(`number.trade.${close}`)
      return { _tag: "Ended", offer, reason: acceptance.message }
    }
    for (const transfer of acceptance.transfers) {
      await stepStoredClaim(trx, guildId, transfer.claimId, { type: "TRANSFER", toHolderId: transfer.toId, actorId: actor.userId, at: now, reason: `trade ${offerId}` }, "number.trade.transfer")
    }
    await resolveTradeOffer(trx, guildId, offerId, "accepted", now)
    await audit("number.trade.accept")
    const announcement = { _tag: "NumbersSwapped", proposerId: offer.proposerId, targetId: offer.targetId, proposerNumber: offer.proposerNumber, targetNumber: offer.targetNumber } as const
    await enqueueFollowUps(trx, [{ _tag: "Announce", guildId, announcement }], now)
    return { _tag: "Swapped", offer }
  })
  yield* noteStoredChange(TRADE_ACTION[result._tag], tradeSubject(result.offer))
  if (result._tag === "Swapped") yield* wakeFollowUps
  return result
})
