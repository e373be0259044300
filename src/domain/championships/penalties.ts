/**
 * Stewarding: penalties as data, and the classification they produce.
 *
 * A time penalty is added to the driver's time at the flag, and the class is re-sorted by laps,
 * then time: the driver drops behind every car on the same lap that is now quicker, never behind
 * a car that completed fewer laps. Re-sorting happens inside blocks of consecutive finishers on
 * the same lap whose time is known; a car without a time (iRacing gives none to lapped cars) is a
 * fixed point, and a time penalty on it changes nothing — the use case refuses such a penalty.
 * Because it is one sort with the penalised driver's time only growing, a penalty moves that
 * driver down or nowhere, and the result does not depend on the order penalties were given.
 *
 * A points penalty is taken off the driver's championship total after dropped rounds, so a
 * driver cannot drop a penalty along with a bad round.
 */
import { Schema } from "effect"
import { classesOf, classOrder, compareText, type DriverResult, type RoundResults } from "./results.js"

const Audit = {
  id: Schema.String,
  driverId: Schema.String,
  reason: Schema.String.pipe(Schema.minLength(1)),
  /** The steward's Discord id. */
  stewardId: Schema.String,
  at: Schema.Number,
}

export const TimePenalty = Schema.TaggedStruct("TimePenalty", { ...Audit, roundId: Schema.String, seconds: Schema.Number.pipe(Schema.positive(), Schema.finite()) })
export const PointsPenalty = Schema.TaggedStruct("PointsPenalty", {
  ...Audit,
  /** The round the incident was in, when there was one (it also counts against the driver's team there). */
  roundId: Schema.NullOr(Schema.String),
  points: Schema.Number.pipe(Schema.positive(), Schema.finite()),
})
export const Penalty = Schema.Union(TimePenalty, PointsPenalty)
export type Penalty = typeof Penalty.Type
export type TimePenalty = typeof TimePenalty.Type

/** Seconds of time penalties per driver in one round. */
const addedTime = (penalties: ReadonlyArray<Penalty>, roundId: string): ReadonlyMap<string, number> => {
  const added = new Map<string, number>()
  for (const penalty of penalties) {
    if (penalty._tag === "TimePenalty" && penalty.roundId === roundId) added.set(penalty.driverId, (added.get(penalty.driverId) ?? 0) + penalty.seconds * 1000)
  }
  return added
}

const sameBlock = (a: DriverResult, b: DriverResult) => a.laps === b.laps && a.gapMs !== null && b.gapMs !== null

/** The order after time penalties; `order` is the source's finishing order. */
const resort = (order: ReadonlyArray<DriverResult>, added: ReadonlyMap<string, number>): ReadonlyArray<DriverResult> => {
  const timed = order.map((result, index) => ({ result, index, time: result.gapMs === null ? null : result.gapMs + (added.get(result.driverId) ?? 0) }))
  const out: Array<(typeof timed)[number]> = []
  let start = 0
  while (start < timed.length) {
    let end = start + 1
    while (end < timed.length && sameBlock(timed[start]!.result, timed[end]!.result)) end++
    out.push(...timed.slice(start, end).sort((a, b) => a.time! - b.time! || a.index - b.index))
    start = end
  }
  return out.map((entry) => (added.has(entry.result.driverId) && entry.time !== null ? { ...entry.result, gapMs: entry.time } : entry.result))
}

/**
 * The round as the stewards leave it: within each class, positions renumbered after time
 * penalties; overall positions likewise. Results come back sorted by class, then class position.
 */
export const classify = (round: RoundResults, penalties: ReadonlyArray<Penalty>): ReadonlyArray<DriverResult> => {
  const added = addedTime(penalties, round.roundId)
  const overall = [...round.results].sort((a, b) => a.position - b.position || compareText(a.driverId, b.driverId))
  const overallPosition = new Map(resort(overall, added).map((result, index) => [result.driverId, index + 1]))
  return classesOf(round.results).flatMap((carClass) =>
    resort(classOrder(round.results, carClass), added).map((result, index) => ({ ...result, classPosition: index + 1, position: overallPosition.get(result.driverId) ?? result.position })),
  )
}

/** Whether a time penalty can change anything: the driver needs a time at the flag. */
export const canTakeTimePenalty = (result: DriverResult): boolean => result.gapMs !== null
