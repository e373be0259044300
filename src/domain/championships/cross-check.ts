/**
 * Our standings against the ones iRacing keeps for the league season: which drivers' points or
 * positions differ. iRacing scores with its own points system and knows nothing of our penalties
 * or hand-entered rounds, so a difference is something to look at, not necessarily a mistake.
 */
import type { Standings } from "./standings.js"

export interface TheirRow {
  readonly custId: number
  readonly displayName: string
  readonly position: number
  readonly points: number
}

export interface Difference {
  readonly name: string
  readonly custId: number
  readonly ours: { readonly carClass: string; readonly position: number; readonly total: number } | null
  readonly theirs: { readonly position: number; readonly points: number } | null
}

const CUST = /^ir:(\d+)$/

export const crossCheck = (standings: Standings, theirs: ReadonlyArray<TheirRow>): ReadonlyArray<Difference> => {
  const ours = new Map<number, { name: string; carClass: string; position: number; total: number }>()
  for (const ofClass of standings.classes) {
    for (const driver of ofClass.drivers) {
      const match = CUST.exec(driver.driverId)
      // A driver in two classes is compared by their better total.
      if (match !== null && (ours.get(Number(match[1]))?.total ?? -Infinity) < driver.total) {
        ours.set(Number(match[1]), { name: driver.name, carClass: ofClass.carClass, position: driver.position, total: driver.total })
      }
    }
  }
  const theirsById = new Map(theirs.map((row) => [row.custId, row]))
  const ids = [...new Set([...ours.keys(), ...theirsById.keys()])].sort((a, b) => a - b)
  return ids.flatMap((custId): Difference[] => {
    const mine = ours.get(custId)
    const other = theirsById.get(custId)
    if (mine !== undefined && other !== undefined && mine.total === other.points && mine.position === other.position) return []
    return [
      {
        name: mine?.name ?? other!.displayName,
        custId,
        ours: mine === undefined ? null : { carClass: mine.carClass, position: mine.position, total: mine.total },
        theirs: other === undefined ? null : { position: other.position, points: other.points },
      },
    ]
  })
}
