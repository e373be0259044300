/**
 * What happened in one championship round, as data: the classified finishers of the main race,
 * whatever the source (an iRacing subsession, a CSV upload, an admin typing it in).
 *
 * Positions are 1-based here (iRacing's are 0-based; the importer adds one). Lap times and finish
 * times are milliseconds. A driver is identified across rounds by `driverId`: "ir:<cust_id>" for
 * iRacing drivers, "name:<lower-cased name>" for hand-entered ones, so the same person scores in
 * one row all season even before they link their Discord account.
 *
 * In a team race several drivers share one car. Each of them has a result of their own (they
 * score as drivers, and link to members one by one), all carrying the CAR's finish: position,
 * class position, laps, laps led, incidents, fastest lap, gap, pole and reason out are the team's,
 * and `entryId` names the car. Results with the same `entryId` in a round are one car: the
 * stewards classify it once (a time penalty on any of its drivers moves the car) and the team
 * standings count it once, however many drivers it had.
 */
import * as Schema from "effect/Schema"

const Count = Schema.Int.pipe(Schema.nonNegative())
const Position = Schema.Int.pipe(Schema.positive())
const Millis = Schema.Number.pipe(Schema.nonNegative())

export const DriverResult = Schema.Struct({
  driverId: Schema.String.pipe(Schema.minLength(1)),
  /** As iRacing or the admin spelled it; shown when the driver has no linked member. */
  name: Schema.String,
  /** The Discord member linked to this iRacing account when the round was imported. */
  memberId: Schema.NullOr(Schema.String),
  carClass: Schema.String.pipe(Schema.minLength(1)),
  team: Schema.NullOr(Schema.String),
  /**
   * The car this driver shared with teammates, "ir-team:<team_id>" for an iRacing team race;
   * null when the driver had the car to themselves (every solo race and hand-entered result).
   */
  entryId: Schema.NullOr(Schema.String.pipe(Schema.minLength(1))),
  carNumber: Schema.NullOr(Schema.String),
  position: Position,
  classPosition: Position,
  startPosition: Schema.NullOr(Position),
  laps: Count,
  lapsLed: Count,
  incidents: Count,
  fastestLapMs: Schema.NullOr(Millis),
  /**
   * Time behind the race winner at the flag, comparable between cars on the same lap; null where
   * the source gives none (iRacing for lapped cars, most hand-entered results).
   */
  gapMs: Schema.NullOr(Millis),
  /** Fastest in qualifying within the class. */
  pole: Schema.Boolean,
  /** Why the car stopped ("Disconnected", "Accident"); null when it was running at the flag. */
  reasonOut: Schema.NullOr(Schema.String),
})
export type DriverResult = typeof DriverResult.Type

export const RoundResults = Schema.Struct({
  /** "ir:<subsession_id>" for an imported session, "manual:<id>" for one entered by hand. */
  roundId: Schema.String.pipe(Schema.minLength(1)),
  /** Position in the calendar, from 1; the standings list rounds in this order. */
  round: Position,
  label: Schema.String,
  startsAt: Schema.Number,
  results: Schema.Array(DriverResult),
})
export type RoundResults = typeof RoundResults.Type

export const iracingDriverId = (custId: number): string => `ir:${custId}`
/** The entry of an iRacing team's car, and the id of that team across a season (a rename keeps it). */
export const iracingTeamEntryId = (teamId: number): string => `ir-team:${teamId}`
/** The iRacing team id in an entry id made by `iracingTeamEntryId`. */
/** The customer id in an iRacing driver's id (`iracingDriverId`). */
export const IRACING_DRIVER = /^ir:(\d+)$/
export const IRACING_TEAM_ENTRY = /^ir-team:(\d+)$/
export const namedDriverId = (name: string): string => `name:${name.trim().replace(/\s+/g, " ").toLowerCase()}`

/** The car a result belongs to: its shared entry, or the driver alone. Unique per car within a round. */
export const carOf = (result: DriverResult): string => (result.entryId === null ? `driver:${result.driverId}` : `entry:${result.entryId}`)

export const didNotFinish = (result: DriverResult): boolean => result.reasonOut !== null

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Classes in a fixed order (alphabetical), so nothing depends on which result came first. */
export const classesOf = (results: ReadonlyArray<DriverResult>): ReadonlyArray<string> => [...new Set(results.map((r) => r.carClass))].sort(byText)

/** One class's results in finishing order; equal positions (bad data) fall back to the driver id. */
export const classOrder = (results: ReadonlyArray<DriverResult>, carClass: string): ReadonlyArray<DriverResult> =>
  results.filter((r) => r.carClass === carClass).sort((a, b) => a.classPosition - b.classPosition || a.position - b.position || byText(a.driverId, b.driverId))

export const compareText = byText

/**
 * The result of the first driver a round lists twice (in two cars, or twice in one list), and the
 * earlier result of theirs: a driver races in one car. Undefined when every driver is there once.
 */
export const repeatedDriver = (results: ReadonlyArray<DriverResult>): { readonly first: DriverResult; readonly again: DriverResult } | undefined => {
  const firstOf = new Map<string, DriverResult>()
  for (const result of results) {
    const first = firstOf.get(result.driverId)
    if (first !== undefined) return { first, again: result }
    firstOf.set(result.driverId, result)
  }
  return undefined
}
