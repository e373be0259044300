/**
 * Number classes: a guild splits its numbers into classes (GT3 1–199,
 * LMP2 200–299, …). A class has a range by integer value, a per-member limit,
 * and reserved numbers that only an admin may hand out. A guild without
 * classes behaves as if it had one: "Open 0–999".
 *
 * Ranges may overlap (a league may run "Open 0–999" next to "Rookies
 * 900–999"); a number in two classes then needs the class named.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { CarNumber, canonicalNumber, numericValue, parseCarNumber, sortNumbers } from "./car-number.js"

export const LOWEST_NUMBER = 0
export const HIGHEST_NUMBER = 999
/** Class names appear as Discord choices, which allow at most 100 characters. */
export const MAX_CLASS_NAME_LENGTH = 100

export const NumberClass = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  min: Schema.Int,
  max: Schema.Int,
  limitPerMember: Schema.Int,
  reserved: Schema.Array(CarNumber),
})
export type NumberClass = typeof NumberClass.Type

export const DEFAULT_CLASS: NumberClass = {
  id: "default",
  name: "Open",
  min: LOWEST_NUMBER,
  max: HIGHEST_NUMBER,
  limitPerMember: 1,
  reserved: [],
}

/** The classes rules apply to: the guild's own, or the default when it has none. */
export const effectiveClasses = (classes: ReadonlyArray<NumberClass>): ReadonlyArray<NumberClass> =>
  classes.length === 0 ? [DEFAULT_CLASS] : classes

/** "GT3 (1–199)" */
export const describeClass = (c: NumberClass): string => `${c.name} (${c.min}–${c.max})`

const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase()

export const findClassByName = (classes: ReadonlyArray<NumberClass>, name: string): NumberClass | undefined =>
  effectiveClasses(classes).find((c) => sameName(c.name, name))

export const classById = (classes: ReadonlyArray<NumberClass>, id: string): NumberClass | undefined =>
  effectiveClasses(classes).find((c) => c.id === id)

export const inRange = (n: CarNumber, c: NumberClass): boolean => {
  const v = numericValue(n)
  return v >= c.min && v <= c.max
}

/** Reserved numbers are compared as strings, like every other number identity. */
export const isReserved = (n: CarNumber, c: NumberClass): boolean => c.reserved.includes(n)

export interface InvalidClass {
  readonly _tag: "InvalidClass"
  readonly problems: ReadonlyArray<string>
  readonly message: string
}

/**
 * Checks a class an admin wants to save. `others` are the guild's other
 * classes (the class itself may be among them, matched by id, when edited).
 * All problems are listed at once so the admin can fix them in one go.
 */
export const validateClass = (
  candidate: NumberClass,
  others: ReadonlyArray<NumberClass> = [],
): Either.Either<NumberClass, InvalidClass> => {
  const problems: Array<string> = []
  const name = candidate.name.trim()
  if (name === "") problems.push("Give the class a name.")
  if (name.length > MAX_CLASS_NAME_LENGTH) problems.push(`The class name is ${name.length} characters; keep it to ${MAX_CLASS_NAME_LENGTH}.`)
  const clash = others.find((o) => o.id !== candidate.id && sameName(o.name, name))
  if (name !== "" && clash !== undefined) problems.push(`A class named "${clash.name}" already exists (names ignore upper/lower case).`)
  const boundsOk = (v: number) => Number.isInteger(v) && v >= LOWEST_NUMBER && v <= HIGHEST_NUMBER
  if (!boundsOk(candidate.min) || !boundsOk(candidate.max)) {
    problems.push(`The range must lie within ${LOWEST_NUMBER}–${HIGHEST_NUMBER}; got ${candidate.min}–${candidate.max}.`)
  } else if (candidate.min > candidate.max) {
    problems.push(`The range starts after it ends (${candidate.min}–${candidate.max}); swap the two numbers.`)
  }
  if (!Number.isInteger(candidate.limitPerMember) || candidate.limitPerMember < 1) {
    problems.push(`The per-member limit must be a whole number of at least 1; got ${candidate.limitPerMember}.`)
  }
  const outside = candidate.reserved.filter((n) => !inRange(n, candidate))
  if (outside.length > 0) {
    problems.push(`Reserved numbers outside ${candidate.min}–${candidate.max}: ${sortNumbers(outside).join(", ")}.`)
  }
  if (problems.length > 0) {
    return Either.left({ _tag: "InvalidClass", problems, message: problems.join(" ") })
  }
  return Either.right({ ...candidate, name, reserved: sortNumbers([...new Set(candidate.reserved)]) })
}

export const classesContaining = (n: CarNumber, classes: ReadonlyArray<NumberClass>): Array<NumberClass> =>
  effectiveClasses(classes).filter((c) => inRange(n, c))

export interface OutOfRange {
  readonly _tag: "OutOfRange"
  readonly number: CarNumber
  /** The class the member asked for, when they named one. */
  readonly className: string | null
  readonly message: string
}

export interface UnknownClass {
  readonly _tag: "UnknownClass"
  readonly requested: string
  readonly known: ReadonlyArray<string>
  readonly message: string
}

export interface AmbiguousClass {
  readonly _tag: "AmbiguousClass"
  readonly number: CarNumber
  readonly candidates: ReadonlyArray<string>
  readonly message: string
}

export type ClassProblem = OutOfRange | UnknownClass | AmbiguousClass

export const unknownClass = (requested: string, classes: ReadonlyArray<NumberClass>): UnknownClass => {
  const known = effectiveClasses(classes).map((c) => c.name)
  return {
    _tag: "UnknownClass",
    requested: requested.trim(),
    known,
    message: `There is no class called "${requested.trim()}". Known classes: ${known.join(", ")}.`,
  }
}

const listClasses = (classes: ReadonlyArray<NumberClass>): string => classes.map(describeClass).join(", ")

/** Which class a number belongs to, or why that cannot be decided. */
export const resolveClass = (
  n: CarNumber,
  classes: ReadonlyArray<NumberClass>,
  requestedClassName?: string,
): Either.Either<NumberClass, ClassProblem> => {
  const all = effectiveClasses(classes)
  if (requestedClassName !== undefined && requestedClassName.trim() !== "") {
    const requested = findClassByName(all, requestedClassName)
    if (requested === undefined) return Either.left(unknownClass(requestedClassName, all))
    if (!inRange(n, requested)) {
      return Either.left({
        _tag: "OutOfRange",
        number: n,
        className: requested.name,
        message: `#${n} is outside ${describeClass(requested)}. Pick a number from ${requested.min} to ${requested.max}.`,
      })
    }
    return Either.right(requested)
  }
  const containing = classesContaining(n, all)
  const [only, ...more] = containing
  if (only === undefined) {
    return Either.left({
      _tag: "OutOfRange",
      number: n,
      className: null,
      message: `#${n} is not in any class. Classes: ${listClasses(all)}.`,
    })
  }
  if (more.length > 0) {
    const candidates = containing.map((c) => c.name)
    return Either.left({
      _tag: "AmbiguousClass",
      number: n,
      candidates,
      message: `#${n} is in more than one class (${candidates.join(", ")}). Name the class you mean.`,
    })
  }
  return Either.right(only)
}

export interface InvalidRange {
  readonly _tag: "InvalidRange"
  readonly input: string
  readonly message: string
}

/**
 * Reads "1-199" (also "1–199", "1 - 199", or a single "7"). Bounds are values,
 * so "001-010" means 1 to 10.
 */
export const parseRange = (input: string): Either.Either<{ readonly min: number; readonly max: number }, InvalidRange> => {
  const fail = (why: string) => Either.left<InvalidRange>({ _tag: "InvalidRange", input, message: why })
  const m = input.trim().match(/^(\d{1,3})(?:\s*[-–—]\s*(\d{1,3}))?$/)
  if (m === null || m[1] === undefined) {
    return fail(`Write a range as two numbers from ${LOWEST_NUMBER} to ${HIGHEST_NUMBER} with a dash, like 1-199; "${input.trim()}" is not one.`)
  }
  const min = Number.parseInt(m[1], 10)
  const max = m[2] === undefined ? min : Number.parseInt(m[2], 10)
  if (min > max) return fail(`The range ${min}-${max} starts after it ends; write ${max}-${min}.`)
  return Either.right({ min, max })
}

export interface InvalidReservedList {
  readonly _tag: "InvalidReservedList"
  readonly bad: ReadonlyArray<string>
  readonly message: string
}

/**
 * Reads "1, 07, 10-19". Single numbers keep their exact form (07 stays 07);
 * a range expands to plain numbers (10, 11, …, 19), since a range describes
 * values. Separators: commas, semicolons or spaces. The result is sorted and
 * without duplicates.
 */
export const parseReservedList = (input: string): Either.Either<Array<CarNumber>, InvalidReservedList> => {
  const tokens = input
    .replace(/\s*[-–—]\s*/g, "-")
    .split(/[\s,;]+/)
    .filter((t) => t !== "")
  const out: Array<CarNumber> = []
  const bad: Array<string> = []
  for (const token of tokens) {
    if (/[-–—]/.test(token)) {
      const range = parseRange(token)
      if (Either.isLeft(range)) {
        bad.push(token)
        continue
      }
      for (let v = range.right.min; v <= range.right.max; v++) out.push(canonicalNumber(v))
      continue
    }
    const n = parseCarNumber(token)
    if (Either.isLeft(n)) bad.push(token)
    else out.push(n.right)
  }
  if (bad.length > 0) {
    return Either.left({
      _tag: "InvalidReservedList",
      bad,
      message: `These are not car numbers or ranges: ${bad.join(", ")}. Write numbers and ranges separated by commas, like "1, 07, 10-19".`,
    })
  }
  return Either.right(sortNumbers([...new Set(out)]))
}
