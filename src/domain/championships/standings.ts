/**
 * Championship standings: a pure function of the rounds' results, the stewards' penalties and the
 * points system. Nothing depends on the order the inputs arrive in: rounds are taken in calendar
 * order (round number, then id), results by their positions, penalties by what they say.
 *
 * How a round scores, per class:
 * - a driver is classified when they reach the system's minimum laps and share of the class
 *   winner's laps; an unclassified driver scores nothing that round (bonuses included);
 * - a classified driver scores the points of their class position after time penalties, plus
 *   the pole bonus (fastest in qualifying), the fastest-lap bonus (quickest lap of the class's
 *   classified drivers) and the most-laps-led bonus (most laps led, at least one); drivers tied
 *   for a bonus each get it.
 * The season total is the sum of a driver's rounds minus their N worst (a missed round counts as
 * 0; at least one round always counts), minus points penalties.
 * Ties are broken by countback: most class wins, then most second places, and so on down the
 * order; then by driver id, so the table never reshuffles between two looks.
 *
 * Teams (per class, where results name a team) score the sum of their cars' points in each
 * round, without drops; a points penalty given for a round also counts against the team the
 * driver raced for in it. In a solo race a car is a driver, so that is the sum of the team's
 * drivers' points.
 *
 * Team races (several drivers sharing one car, see results.ts): every driver of the car is
 * credited with the car's finish, so each scores the car's points in their own driver row, as if
 * they had driven it alone: the championship is still a drivers' one, and a co-driver who did one
 * stint earns what the car earned. The team scores the car once, not once per driver, so a car
 * with three drivers counts no more than one with two.
 *
 * A team is one row all season by its stable id where it has one: an iRacing team keeps its
 * team_id through a rename, so its rounds add up under the newest name. A team entered by hand is
 * known by its name; a hand-entered name that an iRacing team of the class bore in some round (one
 * team only) joins that team's row, so a season mixing imported and hand-entered rounds does not
 * split it either.
 */
import { classify, type Penalty } from "./penalties.js"
import { isClassified, pointsForPosition, type PointsSystem } from "./points.js"
import { carOf, compareText, IRACING_TEAM_ENTRY, namedDriverId, type DriverResult, type RoundResults } from "./results.js"



/**
 * Each result's team key within one class: its iRacing team id when the car was an iRacing team's,
 * else the iRacing team that bore that name in the class (when exactly one did), else the name.
 */
const teamKeys = (results: ReadonlyArray<DriverResult>): ((result: DriverResult) => string | null) => {
  const idsByName = new Map<string, Set<string>>()
  for (const result of results) {
    if (result.team === null || result.entryId === null || !IRACING_TEAM_ENTRY.test(result.entryId)) continue
    const ids = idsByName.get(namedDriverId(result.team)) ?? new Set<string>()
    idsByName.set(namedDriverId(result.team), ids.add(result.entryId))
  }
  return (result) => {
    if (result.team === null) return null
    if (result.entryId !== null && IRACING_TEAM_ENTRY.test(result.entryId)) return result.entryId
    const ids = idsByName.get(namedDriverId(result.team))
    return ids !== undefined && ids.size === 1 ? [...ids][0]! : namedDriverId(result.team)
  }
}

export interface RoundScore {
  readonly roundId: string
  /** null when the driver did not take part in the round. */
  readonly points: number | null
  readonly classPosition: number | null
  readonly classified: boolean
  readonly didNotFinish: boolean
  readonly dropped: boolean
}

export interface DriverStanding {
  readonly position: number
  readonly driverId: string
  readonly name: string
  readonly memberId: string | null
  readonly team: string | null
  readonly carNumber: string | null
  readonly total: number
  readonly penaltyPoints: number
  readonly wins: number
  readonly rounds: ReadonlyArray<RoundScore>
}

export interface TeamStanding {
  readonly position: number
  /**
   * What the team is known by across the season: "ir-team:<team_id>" for an iRacing team (so a
   * rename keeps one row), "name:<lower-cased name>" for a team only ever entered by hand.
   */
  readonly teamId: string
  /** Its name in the latest round it raced (the newest name after a rename). */
  readonly team: string
  readonly total: number
  readonly wins: number
}

export interface ClassStandings {
  readonly carClass: string
  readonly drivers: ReadonlyArray<DriverStanding>
  /** Empty when no result of the class names a team. */
  readonly teams: ReadonlyArray<TeamStanding>
}

export interface RoundHeading {
  readonly roundId: string
  readonly round: number
  readonly label: string
}

export interface Standings {
  readonly rounds: ReadonlyArray<RoundHeading>
  readonly classes: ReadonlyArray<ClassStandings>
}

export interface StandingsInput {
  readonly rounds: ReadonlyArray<RoundResults>
  readonly penalties: ReadonlyArray<Penalty>
  readonly system: PointsSystem
}

interface Scored {
  readonly result: DriverResult
  readonly points: number
  readonly classified: boolean
}

const scoreClass = (results: ReadonlyArray<DriverResult>, system: PointsSystem): ReadonlyArray<Scored> => {
  const winnerLaps = Math.max(0, ...results.map((r) => r.laps))
  const classified = results.filter((r) => isClassified(system, r.laps, winnerLaps))
  const laps = classified.flatMap((r) => (r.fastestLapMs === null ? [] : [r.fastestLapMs]))
  const fastest = laps.length === 0 ? null : Math.min(...laps)
  const mostLed = Math.max(0, ...classified.map((r) => r.lapsLed))
  return results.map((result) => {
    if (!classified.includes(result)) return { result, points: 0, classified: false }
    const bonus =
      (result.pole ? system.bonus.pole : 0) +
      (fastest !== null && result.fastestLapMs === fastest ? system.bonus.fastestLap : 0) +
      (mostLed > 0 && result.lapsLed === mostLed ? system.bonus.mostLapsLed : 0)
    return { result, points: pointsForPosition(system, result.carClass, result.classPosition) + bonus, classified: true }
  })
}

const inCalendarOrder = (rounds: ReadonlyArray<RoundResults>) => [...rounds].sort((a, b) => a.round - b.round || compareText(a.roundId, b.roundId))

/** Which of a driver's round points are dropped: the lowest, the earlier round first among equals. */
const droppedRounds = (points: ReadonlyArray<number>, dropWorst: number): ReadonlySet<number> => {
  const count = Math.min(dropWorst, Math.max(0, points.length - 1))
  const worst = points.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value || a.index - b.index)
  return new Set(worst.slice(0, count).map((entry) => entry.index))
}

/** Class finishes counted for countback: how many 1sts, 2nds, … (classified finishes only). */
const countback = (positions: ReadonlyArray<number>): ReadonlyArray<number> => {
  const counts: number[] = []
  for (const position of positions) counts[position - 1] = (counts[position - 1] ?? 0) + 1
  return Array.from(counts, (count) => count ?? 0)
}

const compareCountback = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (b[i] ?? 0) - (a[i] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}

interface Row<T> {
  readonly key: string
  readonly total: number
  readonly finishes: ReadonlyArray<number>
  readonly value: T
}

const ranked = <T>(rows: ReadonlyArray<Row<T>>): ReadonlyArray<{ readonly position: number; readonly row: Row<T> }> => {
  const cached = rows.map((row) => ({ row, countback: countback(row.finishes) }))
  return cached
    .sort((a, b) => b.row.total - a.row.total || compareCountback(a.countback, b.countback) || compareText(a.row.key, b.row.key))
    .map((entry, index) => ({ position: index + 1, row: entry.row }))
}

export const computeStandings = ({ rounds, penalties: given, system }: StandingsInput): Standings => {
  // Sorted so that fractional points add up the same whatever order the penalties arrive in.
  const penalties = [...given].sort((a, b) => compareText(a.id, b.id))
  const calendar = inCalendarOrder(rounds)
  const scoredRounds = calendar.map((round) => {
    const classified = classify(round, penalties)
    const classes = [...new Set(classified.map((r) => r.carClass))]
    return classes.flatMap((carClass) => scoreClass(classified.filter((r) => r.carClass === carClass), system))
  })
  const classNames = [...new Set(scoredRounds.flat().map((s) => s.result.carClass))].sort(compareText)
  // Summed once: asked for every driver, and for every team entry of every round.
  const penaltyTotal = new Map<string, number>()
  const penaltyInRound = new Map<string, number>()
  const inRoundKey = (driverId: string, roundId: string) => `${roundId}\u0000${driverId}`
  for (const p of penalties) {
    if (p._tag !== "PointsPenalty") continue
    penaltyTotal.set(p.driverId, (penaltyTotal.get(p.driverId) ?? 0) + p.points)
    if (p.roundId !== null) penaltyInRound.set(inRoundKey(p.driverId, p.roundId), (penaltyInRound.get(inRoundKey(p.driverId, p.roundId)) ?? 0) + p.points)
  }

  const classes = classNames.map((carClass): ClassStandings => {
    const inClass = scoredRounds.map((round) => new Map(round.filter((s) => s.result.carClass === carClass).map((s) => [s.result.driverId, s])))
    const driverIds = [...new Set(inClass.flatMap((round) => [...round.keys()]))]
    const rows = driverIds.map((driverId): Row<Omit<DriverStanding, "position">> => {
      const entries = inClass.map((round) => round.get(driverId))
      const points = entries.map((entry) => entry?.points ?? 0)
      const dropped = droppedRounds(points, system.dropWorst)
      const latest = entries.findLast((entry) => entry !== undefined)!.result
      const penalty = penaltyTotal.get(driverId) ?? 0
      const total = points.reduce((sum, value, index) => (dropped.has(index) ? sum : sum + value), 0) - penalty
      const finishes = entries.flatMap((entry) => (entry?.classified === true ? [entry.result.classPosition] : []))
      return {
        key: driverId,
        total,
        finishes,
        value: {
          driverId,
          name: latest.name,
          memberId: entries.findLast((entry) => entry?.result.memberId != null)?.result.memberId ?? null,
          team: latest.team,
          carNumber: latest.carNumber,
          total,
          penaltyPoints: penalty,
          wins: finishes.filter((position) => position === 1).length,
          rounds: entries.map((entry, index) => ({
            roundId: calendar[index]!.roundId,
            points: entry === undefined ? null : entry.points,
            classPosition: entry?.result.classPosition ?? null,
            classified: entry?.classified ?? false,
            didNotFinish: entry !== undefined && entry.result.reasonOut !== null,
            dropped: dropped.has(index),
          })),
        },
      }
    })
    const drivers = ranked(rows).map(({ position, row }) => ({ position, ...row.value }))

    const teamOf = teamKeys(inClass.flatMap((round) => [...round.values()].map((entry) => entry.result)))
    const teamRows = new Map<string, { name: string; total: number; finishes: number[] }>()
    inClass.forEach((round, index) => {
      const counted = new Set<string>()
      for (const entry of round.values()) {
        const key = teamOf(entry.result)
        if (key === null) continue
        const team = teamRows.get(key) ?? { name: entry.result.team!, total: 0, finishes: [] }
        // Rounds go in calendar order, so the name left is the latest one.
        team.name = entry.result.team!
        // A car shared in a team race scores for its team once; each driver's points penalty still counts.
        const car = carOf(entry.result)
        const firstOfCar = !counted.has(car)
        counted.add(car)
        team.total += (firstOfCar ? entry.points : 0) - (penaltyInRound.get(inRoundKey(entry.result.driverId, calendar[index]!.roundId)) ?? 0)
        if (firstOfCar && entry.classified) team.finishes.push(entry.result.classPosition)
        teamRows.set(key, team)
      }
    })
    const teams = ranked([...teamRows].map(([key, row]) => ({ key, total: row.total, finishes: row.finishes, value: row.name }))).map(({ position, row }) => ({
      position,
      teamId: row.key,
      team: row.value,
      total: row.total,
      wins: row.finishes.filter((p) => p === 1).length,
    }))
    return { carClass, drivers, teams }
  })
  return { rounds: calendar.map((round) => ({ roundId: round.roundId, round: round.round, label: round.label })), classes }
}
