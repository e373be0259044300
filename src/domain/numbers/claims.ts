/**
 * Who may hold which number. Every function here takes the facts (the guild's
 * classes and the active claims that bear on the request, see `bearingOn`) and
 * returns a decision; storing it is the caller's job. The database's unique index on (class, number) is still the
 * final word when two members press "claim" at the same instant.
 *
 * Decisions made here:
 * - A number is held by at most one member per class, by exact string: 7 and
 *   07 can both be held, with a "looks alike" warning for the second.
 * - Members are refused once they hold `limitPerMember` numbers in a class.
 *   Admins (claiming for themselves or assigning to someone) may go over it;
 *   they get an OverLimit warning instead.
 * - Reserved numbers are only handed out by admins (again with a warning).
 * - The limit is checked before "taken", so a member at their limit is not
 *   sent off to try other numbers that would fail too.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { CarNumber, type InvalidNumber, numericValue, parseCarNumber, sortNumbers, spellingsOf } from "./car-number.js"
import {
  type AmbiguousClass,
  type NumberClass,
  type OutOfRange,
  type UnknownClass,
  isReserved,
  resolveClass,
} from "./classes.js"
import { listNumbers } from "./messages.js"
import { nearbyFree } from "./nearby.js"

export const ClaimStatus = Schema.Literal("claimed", "confirmed")
export type ClaimStatus = typeof ClaimStatus.Type

/** An active claim: `claimed` waits for an admin to set it in iRacing, `confirmed` was seen in the roster. */
export const Claim = Schema.Struct({
  id: Schema.String,
  guildId: Schema.String,
  classId: Schema.String,
  number: CarNumber,
  holderId: Schema.String,
  status: ClaimStatus,
  claimedAt: Schema.Number,
  confirmedAt: Schema.optional(Schema.Number),
})
export type Claim = typeof Claim.Type

// ---------------------------------------------------------------- warnings

export interface LookAlike {
  readonly _tag: "LookAlike"
  readonly number: CarNumber
  readonly similarTo: CarNumber
  /** Who holds the similar number, or null when it is reserved rather than held. */
  readonly holderId: string | null
  readonly message: string
}

export interface OverLimit {
  readonly _tag: "OverLimit"
  readonly memberId: string
  readonly limit: number
  /** How many numbers the member will hold in the class, this one included. */
  readonly holding: number
  readonly message: string
}

export interface ReservedOverride {
  readonly _tag: "ReservedOverride"
  readonly number: CarNumber
  readonly message: string
}

export type ClaimWarning = LookAlike | OverLimit | ReservedOverride

// ---------------------------------------------------------------- refusals

export interface Reserved {
  readonly _tag: "Reserved"
  readonly number: CarNumber
  readonly classId: string
  readonly className: string
  readonly nearbyFree: ReadonlyArray<CarNumber>
  readonly message: string
}

export interface LimitReached {
  readonly _tag: "LimitReached"
  readonly limit: number
  /** The numbers the member already holds in that class. */
  readonly held: ReadonlyArray<CarNumber>
  readonly className: string
  readonly message: string
}

export interface Taken {
  readonly _tag: "Taken"
  readonly number: CarNumber
  readonly holderId: string
  readonly classId: string
  readonly className: string
  readonly nearbyFree: ReadonlyArray<CarNumber>
  readonly message: string
}

export interface AlreadyYours {
  readonly _tag: "AlreadyYours"
  readonly number: CarNumber
  readonly className: string
  readonly message: string
}

export interface NotAdmin {
  readonly _tag: "NotAdmin"
  readonly message: string
}

export interface NotHeld {
  readonly _tag: "NotHeld"
  readonly number: CarNumber
  /** Set when someone else holds it (release by a non-holder). */
  readonly holderId: string | null
  readonly message: string
}

export interface InvalidReason {
  readonly _tag: "InvalidReason"
  readonly message: string
}

export type ClaimRefusal =
  | InvalidNumber
  | OutOfRange
  | UnknownClass
  | AmbiguousClass
  | Reserved
  | LimitReached
  | Taken
  | AlreadyYours

export type ClaimDecision =
  | {
      readonly ok: true
      readonly number: CarNumber
      readonly class: NumberClass
      readonly holderId: string
      readonly claimedAt: number
      readonly warnings: ReadonlyArray<ClaimWarning>
    }
  | { readonly ok: false; readonly reason: ClaimRefusal }

// ---------------------------------------------------------------- what a decision reads

/**
 * The active claims a decision about some members and numbers depends on: every claim those
 * members hold, and every claim spelled like one of the numbers (7, 07 and 007 look alike).
 * Deciding with just these gives the same answer as deciding with every claim of the guild,
 * except for the nearby free numbers a refusal suggests (pass `nearby` for those); a property
 * test holds each decision to that. So a claim costs a few index lookups however big the roster.
 */
export interface ClaimsBearingOn {
  readonly holderIds: ReadonlyArray<string>
  readonly numbers: ReadonlyArray<CarNumber>
}

export const bearingOn = (holderIds: ReadonlyArray<string>, typedNumbers: ReadonlyArray<string> = []): ClaimsBearingOn => ({
  holderIds,
  numbers: typedNumbers.flatMap((typed) => {
    const parsed = parseCarNumber(typed)
    return Either.isRight(parsed) ? spellingsOf(parsed.right) : []
  }),
})

export const bearsOn =
  (scope: ClaimsBearingOn) =>
  (claim: Claim): boolean =>
    scope.holderIds.includes(claim.holderId) || scope.numbers.includes(claim.number)

/** A refusal that suggests nearby free numbers, and so needs them read. */
export const suggestsNearby = (reason: { readonly _tag: string }): reason is Taken | Reserved => reason._tag === "Taken" || reason._tag === "Reserved"

// ---------------------------------------------------------------- helpers

const claimsInClass = (claims: ReadonlyArray<Claim>, classId: string): Array<Claim> =>
  claims.filter((c) => c.classId === classId)

const suggestion = (free: ReadonlyArray<CarNumber>): string =>
  free.length > 0 ? ` Free numbers nearby: ${free.join(", ")}.` : " There are no free numbers left in this class."

const lookAlikes = (n: CarNumber, c: NumberClass, inClass: ReadonlyArray<Claim>): Array<LookAlike> => {
  const held = inClass
    .filter((claim) => claim.number !== n && numericValue(claim.number) === numericValue(n))
    .map((claim) => ({ similarTo: claim.number, holderId: claim.holderId as string | null }))
  const reserved = c.reserved
    .filter((r) => r !== n && numericValue(r) === numericValue(n) && !held.some((h) => h.similarTo === r))
    .map((r) => ({ similarTo: r, holderId: null }))
  return [...held, ...reserved]
    .sort((a, b) => a.similarTo.length - b.similarTo.length)
    .map(({ similarTo, holderId }) => ({
      _tag: "LookAlike",
      number: n,
      similarTo,
      holderId,
      message:
        `#${n} looks like #${similarTo}, which is ${holderId === null ? "reserved" : "already held"} in ${c.name}. ` +
        `iRacing treats them as different numbers, but they are easy to mix up on track.`,
    }))
}

interface Placement {
  readonly number: string
  readonly classes: ReadonlyArray<NumberClass>
  readonly requestedClass?: string | undefined
  readonly holderId: string
  readonly activeClaims: ReadonlyArray<Claim>
  readonly nearby?: ReadonlyArray<CarNumber> | undefined
  readonly now: number
}

/**
 * The one set of rules behind both a member's claim and an admin's
 * assignment; `byAdmin` turns the limit and the reservation into warnings.
 */
const decidePlacement = (p: Placement, byAdmin: boolean, you: string): ClaimDecision => {
  const parsed = parseCarNumber(p.number)
  if (Either.isLeft(parsed)) return { ok: false, reason: parsed.left }
  const n = parsed.right
  const resolved = resolveClass(n, p.classes, p.requestedClass)
  if (Either.isLeft(resolved)) return { ok: false, reason: resolved.left }
  const c = resolved.right

  const inClass = claimsInClass(p.activeClaims, c.id)
  const holder = inClass.find((claim) => claim.number === n)
  const mine = inClass.filter((claim) => claim.holderId === p.holderId)
  const free = () =>
    p.nearby ??
    nearbyFree(
      c,
      inClass.map((claim) => claim.number),
      n,
    )

  if (holder !== undefined && holder.holderId === p.holderId) {
    return {
      ok: false,
      reason: { _tag: "AlreadyYours", number: n, className: c.name, message: `${you} already hold #${n} in ${c.name}.` },
    }
  }
  const atLimit = mine.length >= c.limitPerMember
  if (atLimit && !byAdmin) {
    const held = sortNumbers(mine.map((claim) => claim.number))
    return {
      ok: false,
      reason: {
        _tag: "LimitReached",
        limit: c.limitPerMember,
        held,
        className: c.name,
        message:
          `${c.name} allows ${c.limitPerMember} number${c.limitPerMember === 1 ? "" : "s"} per member and you hold ${listNumbers(held)}. ` +
          `Release one first, or ask an admin.`,
      },
    }
  }
  if (holder !== undefined) {
    const nearby = free()
    return {
      ok: false,
      reason: {
        _tag: "Taken",
        number: n,
        holderId: holder.holderId,
        classId: c.id,
        className: c.name,
        nearbyFree: nearby,
        message: `#${n} is already taken in ${c.name}.${suggestion(nearby)}`,
      },
    }
  }
  const reserved = isReserved(n, c)
  if (reserved && !byAdmin) {
    const nearby = free()
    return {
      ok: false,
      reason: {
        _tag: "Reserved",
        number: n,
        classId: c.id,
        className: c.name,
        nearbyFree: nearby,
        message: `#${n} is reserved in ${c.name}; only an admin can assign it.${suggestion(nearby)}`,
      },
    }
  }

  const warnings: Array<ClaimWarning> = [...lookAlikes(n, c, inClass)]
  if (reserved) {
    warnings.push({ _tag: "ReservedOverride", number: n, message: `#${n} is reserved in ${c.name}; assigned anyway because an admin did it.` })
  }
  if (atLimit) {
    const holding = mine.length + 1
    warnings.push({
      _tag: "OverLimit",
      memberId: p.holderId,
      limit: c.limitPerMember,
      holding,
      message: `This makes ${holding} numbers in ${c.name}, over the limit of ${c.limitPerMember}; allowed because an admin did it.`,
    })
  }
  return { ok: true, number: n, class: c, holderId: p.holderId, claimedAt: p.now, warnings }
}

// ---------------------------------------------------------------- claim / assign

export interface ClaimRequest {
  /** What the member typed, e.g. " 07 ". */
  readonly number: string
  readonly classes: ReadonlyArray<NumberClass>
  readonly requestedClass?: string | undefined
  readonly claimantId: string
  readonly isAdmin: boolean
  /** At least the active claims `bearingOn([claimantId], [number])`. */
  readonly activeClaims: ReadonlyArray<Claim>
  /** The free numbers to suggest on a refusal; computed from `activeClaims` when absent. */
  readonly nearby?: ReadonlyArray<CarNumber> | undefined
  readonly now: number
}

/** A member claims a number for themselves (`/number claim`). */
export const decideClaim = (r: ClaimRequest): ClaimDecision =>
  decidePlacement({ ...r, holderId: r.claimantId }, r.isAdmin, "You")

export interface AssignRequest {
  readonly number: string
  readonly classes: ReadonlyArray<NumberClass>
  readonly requestedClass?: string | undefined
  readonly actorIsAdmin: boolean
  readonly memberId: string
  /** At least the active claims `bearingOn([memberId], [number])`. */
  readonly activeClaims: ReadonlyArray<Claim>
  readonly nearby?: ReadonlyArray<CarNumber> | undefined
  readonly now: number
}

/**
 * An admin gives a number to a member. Admins may hand out reserved numbers
 * and go over the per-member limit (both come back as warnings), but never
 * give a number that someone holds: revoke it first.
 */
export const decideAssign = (r: AssignRequest): ClaimDecision | { readonly ok: false; readonly reason: NotAdmin } => {
  if (!r.actorIsAdmin) {
    return { ok: false, reason: { _tag: "NotAdmin", message: "Only admins can assign numbers to other members." } }
  }
  return decidePlacement({ ...r, holderId: r.memberId }, true, "They")
}

// Kept reachable from here: claims, nearby numbers and releases are one topic for callers.
