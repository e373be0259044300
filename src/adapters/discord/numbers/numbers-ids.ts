import { customIdRoute, IntField, LiteralField, SnowflakeField, TokenField } from "../custom-id.js"

/**
 * The custom_ids of the buttons and menus on members' /number replies, shared by the views that
 * draw them and the handlers that answer them.
 */

/** "all" or a class id. `via` keeps Previous, the page counter and Next distinct when they point at the same page. */
export const ALL_CLASSES = "all"
export const rosterPageId = customIdRoute("number.roster", {
  via: LiteralField("prev", "at", "next"),
  page: IntField,
  cls: TokenField(40),
})
export const rosterClassId = customIdRoute("number.roster-class", {})

/** The offer id is a 32-character hex id; the use case decides who may press. */
export const tradeAnswerId = customIdRoute("number.trade", {
  answer: LiteralField("accept", "decline"),
  offer: TokenField(40),
})
/** Sent to the proposer only; `message` is the public offer, edited once the offer is withdrawn. */
export const tradeWithdrawId = customIdRoute("number.trade-withdraw", {
  offer: TokenField(40),
  message: SnowflakeField,
})
