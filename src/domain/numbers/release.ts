/**
 * Giving numbers up: a member releases their own, an admin revokes anyone's
 * with a reason. Both start from what someone typed, so both first find the
 * one active claim it means.
 */
import * as Either from "effect/Either"
import { type InvalidNumber, numericValue, parseCarNumber, sortNumbers } from "./car-number.js"
import type { Claim, InvalidReason, NotAdmin, NotHeld } from "./claims.js"
import { type AmbiguousClass, type NumberClass, type UnknownClass, classById, findClassByName, unknownClass } from "./classes.js"
import { checkRevokeReason } from "./lifecycle.js"
import { listNumbers } from "./messages.js"

type FindProblem = InvalidNumber | UnknownClass | AmbiguousClass | NotHeld

/**
 * Finds the active claim on a number typed by someone. When the same number
 * is held in two overlapping classes, the class must be named.
 */
const findHeld = (
  number: string,
  classes: ReadonlyArray<NumberClass>,
  requestedClass: string | undefined,
  claims: ReadonlyArray<Claim>,
): Either.Either<Claim, FindProblem> => {
  const parsed = parseCarNumber(number)
  if (Either.isLeft(parsed)) return Either.left(parsed.left)
  const n = parsed.right
  let candidates = claims.filter((c) => c.number === n)
  if (requestedClass !== undefined && requestedClass.trim() !== "") {
    const cls = findClassByName(classes, requestedClass)
    if (cls === undefined) return Either.left(unknownClass(requestedClass, classes))
    candidates = candidates.filter((c) => c.classId === cls.id)
  }
  const [only, ...more] = candidates
  if (only === undefined) {
    return Either.left({ _tag: "NotHeld", number: n, holderId: null, message: `Nobody holds #${n}.` })
  }
  if (more.length > 0) {
    const names = candidates.map((c) => classById(classes, c.classId)?.name ?? c.classId)
    return Either.left({
      _tag: "AmbiguousClass",
      number: n,
      candidates: names,
      message: `#${n} is held in more than one class (${names.join(", ")}). Name the class you mean.`,
    })
  }
  return Either.right(only)
}

export interface ReleaseRequest {
  readonly number: string
  readonly classes: ReadonlyArray<NumberClass>
  readonly requestedClass?: string | undefined
  readonly memberId: string
  /** At least the active claims `bearingOn([memberId], [number])`. */
  readonly activeClaims: ReadonlyArray<Claim>
}

export type ReleaseDecision =
  | { readonly ok: true; readonly claim: Claim }
  | { readonly ok: false; readonly reason: InvalidNumber | UnknownClass | AmbiguousClass | NotHeld }

/** A member gives up one of their own numbers (`/number release`). */
export const decideRelease = (r: ReleaseRequest): ReleaseDecision => {
  const mine = r.activeClaims.filter((c) => c.holderId === r.memberId)
  const found = findHeld(r.number, r.classes, r.requestedClass, mine)
  if (Either.isRight(found)) return { ok: true, claim: found.right }
  const problem = found.left
  if (problem._tag !== "NotHeld") return { ok: false, reason: problem }
  // Explain the miss: held by someone else, or did they mean their 07 rather than 7?
  const other = r.activeClaims.find((c) => c.number === problem.number)
  const alike = sortNumbers(mine.filter((c) => numericValue(c.number) === numericValue(problem.number)).map((c) => c.number))
  const hint =
    alike.length > 0
      ? ` You hold ${listNumbers(alike)}; leading zeros count, so type it exactly.`
      : mine.length > 0
        ? ` Your numbers: ${listNumbers(sortNumbers(mine.map((c) => c.number)))}.`
        : " You hold no numbers."
  return {
    ok: false,
    reason: {
      _tag: "NotHeld",
      number: problem.number,
      holderId: other?.holderId ?? null,
      message: `You don't hold #${problem.number}.${hint}`,
    },
  }
}

export interface RevokeRequest {
  readonly number: string
  readonly classes: ReadonlyArray<NumberClass>
  readonly requestedClass?: string | undefined
  readonly actorIsAdmin: boolean
  readonly reason: string
  /** At least the active claims `bearingOn([], [number])`. */
  readonly activeClaims: ReadonlyArray<Claim>
}

export type RevokeDecision =
  | { readonly ok: true; readonly claim: Claim; readonly reasonText: string }
  | { readonly ok: false; readonly reason: NotAdmin | InvalidReason | FindProblem }

/** An admin takes a number away from whoever holds it, saying why. */
export const decideRevoke = (r: RevokeRequest): RevokeDecision => {
  if (!r.actorIsAdmin) {
    return { ok: false, reason: { _tag: "NotAdmin", message: "Only admins can revoke numbers." } }
  }
  const problem = checkRevokeReason(r.reason)
  if (problem !== null) return { ok: false, reason: { _tag: "InvalidReason", message: problem } }
  const found = findHeld(r.number, r.classes, r.requestedClass, r.activeClaims)
  if (Either.isLeft(found)) return { ok: false, reason: found.left }
  return { ok: true, claim: found.right, reasonText: r.reason.trim() }
}
