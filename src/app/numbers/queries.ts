import { Effect, Either } from "effect"
import { readQuery } from "../transaction.js"
import { availabilityGrid, type AvailabilityGrid } from "../../domain/numbers/availability.js"
import { compareNumbers, parseCarNumber, type CarNumber } from "../../domain/numbers/car-number.js"
import type { Claim } from "../../domain/numbers/claims.js"
import { findClassByName, type NumberClass } from "../../domain/numbers/classes.js"
import { restoreClaim, type HistoryEntry } from "../../machines/claim.js"
import { readAudit, type AuditQuery } from "../../adapters/sqlite/repositories/audit-log.js"
import { readNumberHistory } from "../../adapters/sqlite/repositories/number-claims.js"
import { refuse } from "../refusal.js"
import { loadNumbers } from "./claims.js"

const byClassThenNumber = (classes: ReadonlyArray<NumberClass>) => (a: Claim, b: Claim) =>
  classes.findIndex((c) => c.id === a.classId) - classes.findIndex((c) => c.id === b.classId) || compareNumbers(a.number, b.number)

export interface NumbersView {
  readonly classes: ReadonlyArray<NumberClass>
  readonly claims: ReadonlyArray<Claim>
}

/** The guild's classes and active claims, sorted for display. */
export const numbersOverview = (guildId: string) =>
  readQuery("numbers.overview", async (db) => {
    const { classes, held } = await loadNumbers(db, guildId)
    return { classes, claims: [...held].sort(byClassThenNumber(classes)) } satisfies NumbersView
  })

export const myNumbers = (guildId: string, memberId: string) =>
  Effect.map(numbersOverview(guildId), (view) => ({ ...view, claims: view.claims.filter((claim) => claim.holderId === memberId) }))

export interface NumberCheck {
  readonly number: CarNumber
  readonly classes: ReadonlyArray<NumberClass>
  /** Active holders of this exact string, one per class at most. */
  readonly holders: ReadonlyArray<Claim>
  /** Numbers that differ only by leading zeros and are held (7 when asking about 07). */
  readonly lookAlikes: ReadonlyArray<Claim>
  readonly history: ReadonlyArray<HistoryEntry & { readonly classId: string }>
}

export const checkNumber = Effect.fn("Numbers.check")(function* (guildId: string, typed: string) {
  const parsed = parseCarNumber(typed)
  if (Either.isLeft(parsed)) return yield* Effect.fail(refuse(parsed.left.message))
  const number = parsed.right
  return yield* readQuery("numbers.check", async (db): Promise<NumberCheck> => {
    const [{ classes, held }, stored] = await Promise.all([loadNumbers(db, guildId), readNumberHistory(db, guildId, number)])
    const history = stored
      .flatMap((row) => {
        const snapshot = restoreClaim(row.machineJson)
        return Either.isRight(snapshot) ? snapshot.right.context.history.map((entry) => ({ ...entry, classId: row.classId })) : []
      })
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

export const availability = Effect.fn("Numbers.availability")(function* (guildId: string, className: string | null) {
  const view = yield* numbersOverview(guildId)
  const numberClass = yield* pickClass(view.classes, className)
  return { grid: availabilityGrid(numberClass, view.claims) satisfies AvailabilityGrid, classes: view.classes }
})

export const auditPage = (query: AuditQuery) => readQuery("audit.page", (db) => readAudit(db, query))
