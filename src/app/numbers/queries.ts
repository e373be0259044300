import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { readQuery } from "../transaction.js"
import { availabilityGrid, type AvailabilityGrid } from "../../domain/numbers/availability.js"
import { compareNumbers, parseCarNumber, type CarNumber } from "../../domain/numbers/car-number.js"
import { bearingOn, type Claim } from "../../domain/numbers/claims.js"
import { effectiveClasses, findClassByName, type NumberClass } from "../../domain/numbers/classes.js"
import type { HistoryEntry } from "../../machines/claim.js"
import { readAudit, type AuditQuery } from "../../adapters/sqlite/repositories/audit-log.js"
import {
  readActiveClaims,
  readActiveClaimsInClass,
  readActiveClaimsOf,
  readClaimsStartingWith,
  readClasses,
  readNumberHistory,
} from "../../adapters/sqlite/repositories/number-claims.js"
import { refuse } from "../refusal.js"
import { loadNumbers, readNearbyFree } from "./claim-use-cases.js"

const byClassThenNumber = (classes: ReadonlyArray<NumberClass>) => (a: Claim, b: Claim) =>
  classes.findIndex((c) => c.id === a.classId) - classes.findIndex((c) => c.id === b.classId) || compareNumbers(a.number, b.number)

export interface NumbersView {
  readonly classes: ReadonlyArray<NumberClass>
  readonly claims: ReadonlyArray<Claim>
}

/** The guild's classes and every active claim, sorted for display: for listings, not decisions. */
export const numbersOverview = (guildId: string) =>
  readQuery("numbers.overview", async (db) => {
    const [classes, held] = await Promise.all([readClasses(db, guildId).then(effectiveClasses), readActiveClaims(db, guildId)])
    return { classes, claims: [...held].sort(byClassThenNumber(classes)) } satisfies NumbersView
  })

/** The classes and one member's active claims: what /number mine and a registration need. */
export const myNumbers = (guildId: string, memberId: string) =>
  readQuery("numbers.mine", async (db) => {
    const [classes, held] = await Promise.all([readClasses(db, guildId).then(effectiveClasses), readActiveClaimsOf(db, guildId, memberId)])
    return { classes, claims: [...held].sort(byClassThenNumber(classes)) } satisfies NumbersView
  })

export interface NumberCheck {
  readonly number: CarNumber
  readonly classes: ReadonlyArray<NumberClass>
  /** Active holders of this exact string, one per class at most. */
  readonly holders: ReadonlyArray<Claim>
  /** Numbers that differ only by leading zeros and are held (7 when asking about 07). */
  readonly lookAlikes: ReadonlyArray<Claim>
  readonly history: ReadonlyArray<HistoryEntry & { readonly classId: string }>
}

export const checkNumber = Effect.fnUntraced(function* (guildId: string, typed: string) {
  const parsed = parseCarNumber(typed)
  if (Either.isLeft(parsed)) return yield* Effect.fail(refuse(parsed.left.message))
  const number = parsed.right
  return yield* readQuery("numbers.check", async (db): Promise<NumberCheck> => {
    const [{ classes, held }, stored] = await Promise.all([loadNumbers(db, guildId, bearingOn([], [number])), readNumberHistory(db, guildId, number)])
    const history = stored
      // A claim that can't be restored drops out of the history rather than hiding the number's check.
      .flatMap((restored) => (Either.isRight(restored) ? restored.right.context.history.map((entry) => ({ ...entry, classId: restored.right.context.classId })) : []))
      .sort((a, b) => a.at - b.at)
    return {
      number,
      classes,
      holders: held.filter((claim) => claim.number === number),
      lookAlikes: held.filter((claim) => claim.number !== number && Number(claim.number) === Number(number)),
      history,
    }
  })
})

/** Picks the class a view is about: the one named, or the first when none is named. */
export const pickClass = (classes: ReadonlyArray<NumberClass>, name: string | null | undefined) => {
  if (name === null || name === undefined || name.trim() === "") return Effect.succeed(classes[0]!)
  const found = findClassByName(classes, name)
  return found === undefined
    ? Effect.fail(refuse(`There is no class called "${name.trim()}". Classes here: ${classes.map((c) => c.name).join(", ")}.`))
    : Effect.succeed(found)
}

export const availability = Effect.fnUntraced(function* (guildId: string, className: string | null) {
  const classes = yield* readQuery("numbers.classes", (db) => readClasses(db, guildId).then(effectiveClasses))
  const numberClass = yield* pickClass(classes, className)
  const claims = yield* readQuery("numbers.class-claims", (db) => readActiveClaimsInClass(db, guildId, numberClass.id))
  return { grid: availabilityGrid(numberClass, claims) satisfies AvailabilityGrid, classes }
})

/** The guild's classes as decisions see them (one "Open" class until an admin sets some up). */
export const numberClasses = (guildId: string) => readQuery("numbers.classes", (db) => readClasses(db, guildId).then(effectiveClasses))

/** Free numbers nearest `near` in a class, for suggestions: reads the claims around it only. */
export const freeNumbersNear = (guildId: string, numberClass: NumberClass, near: number, count: number) =>
  readQuery("numbers.free-near", (db) => readNearbyFree(db, guildId, numberClass, near, count))

/** Held numbers that start with what a member typed, lowest first (autocomplete). */
export const heldNumbersStartingWith = (guildId: string, prefix: string, holder: { readonly only: string } | { readonly except: string } | null, limit: number) =>
  readQuery("numbers.held-prefix", (db) => readClaimsStartingWith(db, guildId, prefix, holder, limit))

export const auditPage = (query: AuditQuery) => readQuery("audit.page", (db) => readAudit(db, query))
