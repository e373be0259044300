/**
 * Our standings against the ones iRacing keeps for the league season: which drivers' points or
 * positions differ. iRacing scores with its own points system and knows nothing of our penalties
 * or hand-entered rounds, so a difference is something to look at, not necessarily a mistake.
 *
 * Teams are compared the same way, by iRacing team id, where iRacing keeps team standings for the
 * season (league/season_standings' team_standings). Only our teams with an iRacing id take part:
 * a team entered by hand under a name iRacing never saw cannot be in iRacing's table.
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

export interface TheirTeamRow {
  readonly teamId: number
  readonly name: string
  readonly position: number
  readonly points: number
}

export interface TeamDifference {
  readonly name: string
  readonly teamId: number
  readonly ours: { readonly carClass: string; readonly position: number; readonly total: number } | null
  readonly theirs: { readonly position: number; readonly points: number } | null
}

const IRACING_TEAM = /^ir-team:(\d+)$/

export const crossCheckTeams = (standings: Standings, theirs: ReadonlyArray<TheirTeamRow>): ReadonlyArray<TeamDifference> => {
  const ours = new Map<number, { name: string; carClass: string; position: number; total: number }>()
  for (const ofClass of standings.classes) {
    for (const team of ofClass.teams) {
      const match = IRACING_TEAM.exec(team.teamId)
      // A team in two classes is compared by its better total, as a driver is.
      if (match !== null && (ours.get(Number(match[1]))?.total ?? -Infinity) < team.total) {
        ours.set(Number(match[1]), { name: team.team, carClass: ofClass.carClass, position: team.position, total: team.total })
      }
    }
  }
  const theirsById = new Map(theirs.map((row) => [row.teamId, row]))
  const ids = [...new Set([...ours.keys(), ...theirsById.keys()])].sort((a, b) => a - b)
  return ids.flatMap((teamId): TeamDifference[] => {
    const mine = ours.get(teamId)
    const other = theirsById.get(teamId)
    if (mine !== undefined && other !== undefined && mine.total === other.points && mine.position === other.position) return []
    return [
      {
        name: mine?.name ?? other!.name,
        teamId,
        ours: mine === undefined ? null : { carClass: mine.carClass, position: mine.position, total: mine.total },
        theirs: other === undefined ? null : { position: other.position, points: other.points },
      },
    ]
  })
}
