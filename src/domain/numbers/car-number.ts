/**
 * Car numbers as iRacing sees them.
 *
 * A car number is a string of 1 to 3 digits, and the string is the identity:
 * `7`, `07` and `007` are three different numbers (iRacing's roster holds all
 * three at once, and its SDK encodes the leading zeros). So numbers are never
 * compared as integers to decide "is this the same number?". The integer value
 * is only used for range checks, sorting and "looks alike" warnings.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

export const CarNumber = Schema.String.pipe(
  Schema.pattern(/^\d{1,3}$/),
  Schema.brand("CarNumber"),
  Schema.annotations({ title: "CarNumber", description: "1 to 3 digits; leading zeros are significant" }),
)
export type CarNumber = typeof CarNumber.Type

export const MAX_DIGITS = 3

export type InvalidNumberProblem = "empty" | "negative" | "not-digits" | "too-long"

export interface InvalidNumber {
  readonly _tag: "InvalidNumber"
  readonly input: string
  readonly problem: InvalidNumberProblem
  readonly message: string
}

const invalid = (input: string, problem: InvalidNumberProblem, message: string): InvalidNumber => ({
  _tag: "InvalidNumber",
  input,
  problem,
  message,
})

/**
 * Reads what a member typed. Surrounding spaces and one leading `#` are
 * forgiven (people write "#7"); everything else is explained, not guessed.
 */
export const parseCarNumber = (input: string): Either.Either<CarNumber, InvalidNumber> => {
  const trimmed = input.trim()
  const text = trimmed.startsWith("#") ? trimmed.slice(1).trim() : trimmed
  if (text === "") {
    return Either.left(invalid(input, "empty", "Type a car number: 1 to 3 digits, for example 7, 07 or 123."))
  }
  if (/^-\s*\d+$/.test(text)) {
    return Either.left(invalid(input, "negative", `Car numbers cannot be negative: use 0 to 999 (leading zeros allowed), not "${text}".`))
  }
  const stray = text.match(/\D/)
  if (stray !== null) {
    const what = /\s/.test(stray[0]) ? "a space" : `"${stray[0]}"`
    return Either.left(invalid(input, "not-digits", `Car numbers use digits only, but "${text}" contains ${what}. Try something like 7, 07 or 123.`))
  }
  if (text.length > MAX_DIGITS) {
    return Either.left(invalid(input, "too-long", `Car numbers have at most 3 digits (0 to 999, or 00/000 forms), but "${text}" has ${text.length}.`))
  }
  return Either.right(text as CarNumber)
}

/** For places that hold a number we wrote ourselves (tests, ranges); throws on bad input. */
export const unsafeCarNumber = (text: string): CarNumber =>
  Either.getOrThrowWith(parseCarNumber(text), (e) => new Error(e.message))

/** How a number is shown to members; `parseCarNumber` reads it back unchanged. */
export const formatCarNumber = (n: CarNumber): string => `#${n}`

/** The integer value, for range checks and ordering only: never for identity. */
export const numericValue = (n: CarNumber): number => Number.parseInt(n, 10)

/** The plain form of a value, without leading zeros (7, not 07). */
export const canonicalNumber = (value: number): CarNumber => {
  if (!Number.isInteger(value) || value < 0 || value > 999) {
    throw new RangeError(`A car number value is an integer from 0 to 999, got ${value}`)
  }
  return String(value) as CarNumber
}

/** Every way to write a number's value: 7 → 7, 07, 007; 42 → 42, 042; 123 → 123. */
export const spellingsOf = (n: CarNumber): Array<CarNumber> => {
  const plain = canonicalNumber(numericValue(n))
  return Array.from({ length: MAX_DIGITS - plain.length + 1 }, (_, zeros) => ("0".repeat(zeros) + plain) as CarNumber)
}

/** True when two different numbers would read the same on a car: 7 and 07. */
export const looksAlike = (a: CarNumber, b: CarNumber): boolean => a !== b && numericValue(a) === numericValue(b)

/**
 * Compare digit strings (claims, or numbers read off the iRacing roster) by value, then by
 * length (7 before 07 before 007). Two numbers with
 * the same value and length are the same string, so the order is total and
 * never depends on the input order.
 */
export const compareNumbers = (a: string, b: string): number =>
  Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.length - b.length

export const sortNumbers = (numbers: ReadonlyArray<CarNumber>): Array<CarNumber> => [...numbers].sort(compareNumbers)
