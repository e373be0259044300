/**
 * Which numbers of a class are free, for `/number available`.
 *
 * The grid has one cell per value in the class range, named by its plain form
 * (7, not 07), so the cell count always equals the range size. A claim on a
 * leading-zero form (07) still marks cell 7 as used, and the cell's `label`
 * shows the form actually held ("07", or "7/07" when both are), so nobody is
 * told 7 is free and then warned that it looks like 07. Reserved forms work
 * the same way.
 *
 * When a value is both reserved and held (an admin assigned it), the claim
 * wins: taken (confirmed in iRacing) over pending (claimed, not yet set in
 * iRacing) over reserved over free.
 */
import { type CarNumber, canonicalNumber, numericValue, sortNumbers } from "./car-number.js"
import type { Claim } from "./claims.js"
import { type NumberClass, describeClass } from "./classes.js"

export type CellState = "free" | "taken" | "pending" | "reserved"

export interface AvailabilityCell {
  readonly number: CarNumber
  /** What to print in the cell: the held or reserved form(s), else the plain number. */
  readonly label: string
  readonly state: CellState
  /** Members holding any form of this value, in label order. */
  readonly holderIds: ReadonlyArray<string>
}

export interface AvailabilityCounts {
  readonly free: number
  readonly taken: number
  readonly pending: number
  readonly reserved: number
}

export interface AvailabilityGrid {
  readonly class: NumberClass
  readonly cells: ReadonlyArray<AvailabilityCell>
  readonly counts: AvailabilityCounts
}

/** `activeClaims` may hold claims of other classes; only this class's are used. */
export const availabilityGrid = (c: NumberClass, activeClaims: ReadonlyArray<Claim>): AvailabilityGrid => {
  const claimsByValue = new Map<number, Array<Claim>>()
  for (const claim of activeClaims) {
    if (claim.classId !== c.id) continue
    const v = numericValue(claim.number)
    claimsByValue.set(v, [...(claimsByValue.get(v) ?? []), claim])
  }
  const reservedByValue = new Map<number, Array<CarNumber>>()
  for (const r of c.reserved) {
    const v = numericValue(r)
    reservedByValue.set(v, [...(reservedByValue.get(v) ?? []), r])
  }

  const cells: Array<AvailabilityCell> = []
  const counts = { free: 0, taken: 0, pending: 0, reserved: 0 }
  for (let v = c.min; v <= c.max; v++) {
    const plain = canonicalNumber(v)
    const claims = [...(claimsByValue.get(v) ?? [])].sort((a, b) => a.number.length - b.number.length)
    const reserved = reservedByValue.get(v) ?? []
    let cell: AvailabilityCell
    if (claims.length > 0) {
      const state = claims.some((cl) => cl.status === "confirmed") ? "taken" : "pending"
      cell = { number: plain, label: claims.map((cl) => cl.number).join("/"), state, holderIds: claims.map((cl) => cl.holderId) }
    } else if (reserved.length > 0) {
      cell = { number: plain, label: sortNumbers(reserved).join("/"), state: "reserved", holderIds: [] }
    } else {
      cell = { number: plain, label: plain, state: "free", holderIds: [] }
    }
    counts[cell.state]++
    cells.push(cell)
  }
  return { class: c, cells, counts }
}

/**
 * Compresses numbers into runs: 4, 5, 6, 8, 10, 11 → "4–6, 8, 10–11".
 * Long free lists stay short enough for a Discord message.
 */
export const describeRuns = (numbers: ReadonlyArray<CarNumber>): string => {
  const values = [...new Set(numbers.map(numericValue))].sort((a, b) => a - b)
  const runs: Array<string> = []
  let i = 0
  while (i < values.length) {
    let j = i
    while (j + 1 < values.length && values[j + 1] === (values[j] ?? 0) + 1) j++
    runs.push(i === j ? `${values[i]}` : `${values[i]}–${values[j]}`)
    i = j + 1
  }
  return runs.join(", ")
}

export const freeNumbers = (grid: AvailabilityGrid): Array<CarNumber> =>
  grid.cells.filter((cell) => cell.state === "free").map((cell) => cell.number)

/**
 * One sentence for screen readers and mobile:
 * "GT3 (1–199): 187 free, 9 taken, 2 pending, 1 reserved. Lowest free: 4, 5, 6 …"
 */
export const availabilitySummary = (grid: AvailabilityGrid, lowestShown = 3): string => {
  const { free, taken, pending, reserved } = grid.counts
  const head = `${describeClass(grid.class)}: ${free} free, ${taken} taken, ${pending} pending, ${reserved} reserved.`
  const frees = freeNumbers(grid)
  if (frees.length === 0) return `${head} No free numbers.`
  const shown = frees.slice(0, lowestShown)
  return `${head} Lowest free: ${shown.join(", ")}${frees.length > shown.length ? " …" : ""}`
}
