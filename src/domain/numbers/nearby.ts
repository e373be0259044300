/**
 * Suggestions for a member whose number is taken or reserved: the closest
 * free numbers in the same class.
 */
import { type CarNumber, canonicalNumber, numericValue } from "./car-number.js"
import type { NumberClass } from "./classes.js"

export const NEARBY_COUNT = 5

/**
 * The values that cannot be suggested: anything held or reserved, in any
 * form. Suggesting 7 while 07 is held would only earn the member a look-alike
 * warning, so a value counts as used when any of its forms is.
 */
export const usedValues = (c: NumberClass, takenInClass: ReadonlyArray<CarNumber>): Set<number> =>
  new Set([...takenInClass, ...c.reserved].map(numericValue))

/**
 * The `count` free numbers closest by value to `near`, inside the class,
 * written without leading zeros. Ties go to the lower number, so the list is
 * the same every time: near 10 → 9, 11, 8, 12, … when those are free.
 */
export const nearbyFree = (
  c: NumberClass,
  takenInClass: ReadonlyArray<CarNumber>,
  near: CarNumber | number,
  count: number = NEARBY_COUNT,
): Array<CarNumber> => {
  const used = usedValues(c, takenInClass)
  const target = typeof near === "number" ? near : numericValue(near)
  const out: Array<CarNumber> = []
  const reach = Math.max(Math.abs(target - c.min), Math.abs(target - c.max))
  for (let d = 0; out.length < count && d <= reach; d++) {
    for (const v of d === 0 ? [target] : [target - d, target + d]) {
      if (out.length < count && v >= c.min && v <= c.max && !used.has(v)) out.push(canonicalNumber(v))
    }
  }
  return out
}
