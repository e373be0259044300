/**
 * Number trades: `/number trade @member <my number> <their number>`.
 *
 * Decisions made here:
 * - Both numbers must be in the same class. A swap inside one class leaves
 *   every member's count in that class unchanged, so per-member limits keep
 *   holding without a second check; a swap across classes could push someone
 *   over a class's limit. To move to another class: release, then claim.
 * - Reserved numbers are not traded: an admin handed them to a specific
 *   member, and a trade would hand them on without an admin.
 * - An offer lasts 24 hours. It is void as soon as either member no longer
 *   holds the number offered (released, revoked, traded elsewhere). Whether
 *   the claim is the very same row does not matter: the swap needs only that
 *   each still holds their number.
 * - Only the member the offer was made to may accept it. They may decline it,
 *   and the proposer may withdraw it, at any time.
 * - An offer is a status column, not an XState machine: its whole life is one
 *   step, from `open` to one final status, and the functions below already
 *   decide that step. A machine would add a stored snapshot, a version and
 *   migrations for no state the column doesn't hold. The claims it swaps are
 *   machines (src/machines/claim.ts): their history is what needs one.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { CarNumber, type InvalidNumber, parseCarNumber } from "./car-number.js"
import type { Claim } from "./claims.js"
import { type AmbiguousClass, type NumberClass, type UnknownClass, classById, findClassByName, isReserved, unknownClass } from "./classes.js"

export const TRADE_TTL_MS = 24 * 60 * 60 * 1000

export const TradeOffer = Schema.Struct({
  guildId: Schema.String,
  classId: Schema.String,
  proposerId: Schema.String,
  targetId: Schema.String,
  /** The number the proposer gives away. */
  proposerNumber: CarNumber,
  /** The number the proposer wants in return. */
  targetNumber: CarNumber,
  createdAt: Schema.Number,
  expiresAt: Schema.Number,
})
export type TradeOffer = typeof TradeOffer.Type

interface Refusal<Tag extends string> {
  readonly _tag: Tag
  readonly message: string
}

export type TradeRefusal =
  | InvalidNumber
  | UnknownClass
  | AmbiguousClass
  | Refusal<"SelfTrade">
  | (Refusal<"NotYours"> & { readonly number: CarNumber })
  | (Refusal<"NotTheirs"> & { readonly number: CarNumber })
  | Refusal<"DifferentClasses">
  | (Refusal<"ReservedNumber"> & { readonly number: CarNumber })

export interface TradeRequest {
  readonly guildId: string
  readonly proposerId: string
  readonly targetId: string
  readonly myNumber: string
  readonly theirNumber: string
  readonly classes: ReadonlyArray<NumberClass>
  readonly requestedClass?: string | undefined
  /** At least the active claims `bearingOn([proposerId, targetId])`. */
  readonly activeClaims: ReadonlyArray<Claim>
  readonly now: number
}

export type TradeValidation =
  | { readonly ok: true; readonly offer: TradeOffer }
  | { readonly ok: false; readonly reason: TradeRefusal }

export const validateTradeOffer = (r: TradeRequest): TradeValidation => {
  const refuse = (reason: TradeRefusal): TradeValidation => ({ ok: false, reason })
  if (r.proposerId === r.targetId) {
    return refuse({ _tag: "SelfTrade", message: "You can't trade with yourself. Mention the member you want to swap with." })
  }
  const mine = parseCarNumber(r.myNumber)
  if (Either.isLeft(mine)) return refuse(mine.left)
  const theirs = parseCarNumber(r.theirNumber)
  if (Either.isLeft(theirs)) return refuse(theirs.left)
  const give = mine.right
  const want = theirs.right

  let claims = r.activeClaims
  if (r.requestedClass !== undefined && r.requestedClass.trim() !== "") {
    const cls = findClassByName(r.classes, r.requestedClass)
    if (cls === undefined) return refuse(unknownClass(r.requestedClass, r.classes))
    claims = claims.filter((c) => c.classId === cls.id)
  }

  const givenClasses = claims.filter((c) => c.holderId === r.proposerId && c.number === give).map((c) => c.classId)
  const wantedClasses = claims.filter((c) => c.holderId === r.targetId && c.number === want).map((c) => c.classId)
  if (givenClasses.length === 0) {
    return refuse({ _tag: "NotYours", number: give, message: `You don't hold #${give}, so you can't offer it. Check /number mine.` })
  }
  if (wantedClasses.length === 0) {
    return refuse({ _tag: "NotTheirs", number: want, message: `That member doesn't hold #${want}. Check the roster for their number.` })
  }
  const shared = givenClasses.filter((id) => wantedClasses.includes(id))
  const [classId, ...more] = shared
  if (classId === undefined) {
    return refuse({
      _tag: "DifferentClasses",
      message: `#${give} and #${want} are in different classes; trades swap numbers within one class. To change class, release your number and claim another.`,
    })
  }
  if (more.length > 0) {
    const candidates = shared.map((id) => classById(r.classes, id)?.name ?? id)
    return refuse({
      _tag: "AmbiguousClass",
      number: give,
      candidates,
      message: `Both numbers are held in more than one class (${candidates.join(", ")}). Name the class you mean.`,
    })
  }
  const cls = classById(r.classes, classId)
  for (const n of [give, want]) {
    if (cls !== undefined && isReserved(n, cls)) {
      return refuse({ _tag: "ReservedNumber", number: n, message: `#${n} is reserved in ${cls.name}; ask an admin to move it.` })
    }
  }
  return {
    ok: true,
    offer: {
      guildId: r.guildId,
      classId,
      proposerId: r.proposerId,
      targetId: r.targetId,
      proposerNumber: give,
      targetNumber: want,
      createdAt: r.now,
      expiresAt: r.now + TRADE_TTL_MS,
    },
  }
}

/** One half of an accepted swap: the claim `claimId` moves from `fromId` to `toId`. */
export interface Transfer {
  readonly claimId: string
  readonly number: CarNumber
  readonly fromId: string
  readonly toId: string
}

export type TradeAcceptance =
  | { readonly _tag: "Accept"; readonly transfers: readonly [Transfer, Transfer] }
  | { readonly _tag: "Expired"; readonly message: string }
  | { readonly _tag: "Voided"; readonly reason: string; readonly message: string }
  | { readonly _tag: "NotYourOffer"; readonly message: string }

export interface AcceptanceRequest {
  readonly offer: TradeOffer
  /** Who pressed Accept. */
  readonly actorId: string
  /** At least the active claims `bearingOn([offer.proposerId, offer.targetId])`, right now. */
  readonly currentClaims: ReadonlyArray<Claim>
  readonly now: number
}

/**
 * Decides what pressing Accept does. On Accept, the caller applies both
 * transfers in one transaction (each claim gets a TRANSFER event and starts
 * again as `claimed`, since the numbers must be changed in iRacing).
 */
export const checkTradeAcceptance = ({ offer, actorId, currentClaims, now }: AcceptanceRequest): TradeAcceptance => {
  if (actorId !== offer.targetId) {
    return { _tag: "NotYourOffer", message: "This trade offer was made to someone else." }
  }
  if (now >= offer.expiresAt) {
    return { _tag: "Expired", message: "This trade offer has expired (offers last 24 hours). Ask for a new one." }
  }
  const holding = (holderId: string, n: CarNumber) =>
    currentClaims.find((c) => c.classId === offer.classId && c.number === n && c.holderId === holderId)
  const given = holding(offer.proposerId, offer.proposerNumber)
  if (given === undefined) {
    const reason = `#${offer.proposerNumber} is no longer held by the member who offered it.`
    return { _tag: "Voided", reason, message: `${reason} The trade is off.` }
  }
  const wanted = holding(offer.targetId, offer.targetNumber)
  if (wanted === undefined) {
    const reason = `You no longer hold #${offer.targetNumber}.`
    return { _tag: "Voided", reason, message: `${reason} The trade is off.` }
  }
  return {
    _tag: "Accept",
    transfers: [
      { claimId: given.id, number: given.number, fromId: offer.proposerId, toId: offer.targetId },
      { claimId: wanted.id, number: wanted.number, fromId: offer.targetId, toId: offer.proposerId },
    ],
  }
}

export type TradeDecline =
  | { readonly _tag: "Declined" }
  | { readonly _tag: "Withdrawn" }
  | { readonly _tag: "NotYourOffer"; readonly message: string }

/** Declining (by the target) or withdrawing (by the proposer) is always allowed, even after expiry. */
export const checkTradeDecline = (offer: TradeOffer, actorId: string): TradeDecline => {
  if (actorId === offer.targetId) return { _tag: "Declined" }
  if (actorId === offer.proposerId) return { _tag: "Withdrawn" }
  return { _tag: "NotYourOffer", message: "This trade offer was made to someone else." }
}

/** Where an offer stands; only an `open` one can be answered. */
export type TradeOfferStatus = "open" | "accepted" | "declined" | "withdrawn" | "expired" | "voided"

export interface StoredTradeOffer {
  readonly id: string
  readonly offer: TradeOffer
  readonly status: TradeOfferStatus
}

