/**
 * Our standings against the ones iRacing keeps for the league season: which drivers' points or
 * positions differ. iRacing scores with its own points system and knows nothing of our penalties
 * or hand-entered rounds, so a difference is something to look at, not necessarily a mistake.
 *
 * Teams are compared the same way, by iRacing team id, where iRacing keeps team standings for the
 * season (league/season_standings' team_standings). Only our teams with an iRacing id take part:
 * a team entered by hand under a name iRacing never saw cannot be in iRacing's table.
 */
import { IRACING_DRIVER, IRACING_TEAM_ENTRY } from "./results.js"
import type { Standings } from "./standings.js"

export interface TheirRow {
  readonly custId: number
  readonly displayName: string
  readonly position: number
  readonly points: number
}

/** One driver's or team's place on each side; null on the side that does not have them. */
interface BothSides {
  readonly name: string
  readonly ours: { readonly carClass: string; readonly position: number; readonly total: number } | null
  readonly theirs: { readonly position: number; readonly points: number } | null
}

export interface Difference extends BothSides {
  readonly custId: number
}

interface OurBest {
  readonly name: string
  readonly carClass: string
  readonly position: number
  readonly total: number
}

interface Compared extends BothSides {
  readonly id: number
}

/**
 * Our standings rows whose key is an iRacing id (`pattern` captures it) against iRacing's rows by
 * the same id: only those that differ, in id order. A driver or team in two classes is compared
 * by its better total.
 */
const compareByIracingId = (
  rows: Iterable<{ readonly key: string } & OurBest>,
  pattern: RegExp,
  theirs: ReadonlyArray<{ readonly id: number; readonly name: string; readonly position: number; readonly points: number }>,
): ReadonlyArray<Compared> => {
  const ours = new Map<number, OurBest>()
  for (const row of rows) {
    const match = pattern.exec(row.key)
    if (match !== null && (ours.get(Number(match[1]))?.total ?? -Infinity) < row.total) {
      ours.set(Number(match[1]), { name: row.name, carClass: row.carClass, position: row.position, total: row.total })
    }
  }
  const theirsById = new Map(theirs.map((row) => [row.id, row]))
  const ids = [...new Set([...ours.keys(), ...theirsById.keys()])].sort((a, b) => a - b)
  return ids.flatMap((id): Compared[] => {
    const mine = ours.get(id)
    const other = theirsById.get(id)
    if (mine !== undefined && other !== undefined && mine.total === other.points && mine.position === other.position) return []
    return [
      {
        id,
        name: mine?.name ?? other!.name,
        ours: mine === undefined ? null : { carClass: mine.carClass, position: mine.position, total: mine.total },
        theirs: other === undefined ? null : { position: other.position, points: other.points },
      },
    ]
  })
}

export const crossCheck = (standings: Standings, theirs: ReadonlyArray<TheirRow>): ReadonlyArray<Difference> =>
  compareByIracingId(
    standings.classes.flatMap((ofClass) => ofClass.drivers.map((driver) => ({ key: driver.driverId, name: driver.name, carClass: ofClass.carClass, position: driver.position, total: driver.total }))),
    IRACING_DRIVER,
    theirs.map((row) => ({ id: row.custId, name: row.displayName, position: row.position, points: row.points })),
  ).map(({ id, ...difference }) => ({ ...difference, custId: id }))

export interface TheirTeamRow {
  readonly teamId: number
  readonly name: string
  readonly position: number
  readonly points: number
}

export interface TeamDifference extends BothSides {
  readonly teamId: number
}

export const crossCheckTeams = (standings: Standings, theirs: ReadonlyArray<TheirTeamRow>): ReadonlyArray<TeamDifference> =>
  compareByIracingId(
    standings.classes.flatMap((ofClass) => ofClass.teams.map((team) => ({ key: team.teamId, name: team.team, carClass: ofClass.carClass, position: team.position, total: team.total }))),
    IRACING_TEAM_ENTRY,
    theirs.map((row) => ({ id: row.teamId, name: row.name, position: row.position, points: row.points })),
  ).map(({ id, ...difference }) => ({ ...difference, teamId: id }))
