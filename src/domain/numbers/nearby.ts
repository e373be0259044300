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

/** A span of values, both ends included: the part of a class whose claims were read. */
export interface ValueWindow {
  readonly from: number
  readonly to: number
}

/** The values within `reach` of `near`, cut to the class. */
export const nearbyWindow = (c: NumberClass, near: CarNumber | number, reach: number): ValueWindow => {
  const target = typeof near === "number" ? near : numericValue(near)
  return { from: Math.max(c.min, target - reach), to: Math.min(c.max, target + reach) }
}

/**
 * `nearbyFree` when only the numbers taken inside `window` were read, so a busy class costs a
 * read of the numbers around the one asked about, not of the whole class. `complete` says the
 * answer is the one `nearbyFree` would give knowing every claim: every value of the class at
 * least as close as the farthest suggestion lies inside the window. When it is false, read a
 * wider window and ask again.
 */
export const nearbyFreeWithin = (
  c: NumberClass,
  takenInWindow: ReadonlyArray<CarNumber>,
  near: CarNumber | number,
  window: ValueWindow,
  count: number = NEARBY_COUNT,
): { readonly numbers: Array<CarNumber>; readonly complete: boolean } => {
  const target = typeof near === "number" ? near : numericValue(near)
  const numbers = nearbyFree({ ...c, min: window.from, max: window.to }, takenInWindow, target, count)
  const coversBelow = (distance: number) => window.from === c.min || target - distance >= window.from
  const coversAbove = (distance: number) => window.to === c.max || target + distance <= window.to
  const farthest = Math.max(0, ...numbers.map((n) => Math.abs(numericValue(n) - target)))
  const complete = numbers.length === count ? coversBelow(farthest) && coversAbove(farthest) : window.from === c.min && window.to === c.max
  return { numbers, complete }
}

/**
 * The windows to read for `nearbyFreeWithin`, narrowest first; the last is the whole class, so
 * the answer is complete by then at the latest. A sparse class needs only the first.
 */
export const nearbyWindows = (c: NumberClass, near: CarNumber | number, count: number = NEARBY_COUNT): Array<ValueWindow> => {
  const windows: Array<ValueWindow> = []
  for (let reach = Math.max(16, 2 * count); ; reach *= 4) {
    const window = nearbyWindow(c, near, reach)
    windows.push(window)
    if (window.from === c.min && window.to === c.max) return windows
  }
}
