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
 *
 * In a team race the stewards judge the car: a time penalty given to one of its drivers moves the
 * car, and with it every driver who shared it (they all carry its finish). A points penalty stays
 * the driver's own (and counts against their team in that round, as in a solo race).
 */
import * as Schema from "effect/Schema"
import { carOf, classesOf, classOrder, compareText, type DriverResult, type RoundResults } from "./results.js"

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

/**
 * Added milliseconds per car in one round. A car shared in a team race is one entry at the flag,
 * so a time penalty given to any of its drivers is added to the car, and all its drivers move.
 */
const addedTime = (penalties: ReadonlyArray<Penalty>, round: RoundResults): ReadonlyMap<string, number> => {
  const carOfDriver = new Map(round.results.map((result) => [result.driverId, carOf(result)]))
  const added = new Map<string, number>()
  for (const penalty of penalties) {
    const car = carOfDriver.get(penalty.driverId)
    if (penalty._tag === "TimePenalty" && penalty.roundId === round.roundId && car !== undefined) added.set(car, (added.get(car) ?? 0) + penalty.seconds * 1000)
  }
  return added
}

/** The first result of each car, in the given order: the drivers of a shared car all carry its finish. */
const onePerCar = (order: ReadonlyArray<DriverResult>): ReadonlyArray<DriverResult> => {
  const seen = new Set<string>()
  return order.filter((result) => {
    const car = carOf(result)
    if (seen.has(car)) return false
    seen.add(car)
    return true
  })
}

const sameBlock = (a: DriverResult, b: DriverResult) => a.laps === b.laps && a.gapMs !== null && b.gapMs !== null

/** The cars' order after time penalties; `order` is the source's finishing order, one result per car. */
const resort = (order: ReadonlyArray<DriverResult>, added: ReadonlyMap<string, number>): ReadonlyArray<DriverResult> => {
  const timed = order.map((result, index) => ({ result, index, time: result.gapMs === null ? null : result.gapMs + (added.get(carOf(result)) ?? 0) }))
  const out: Array<(typeof timed)[number]> = []
  let start = 0
  while (start < timed.length) {
    let end = start + 1
    while (end < timed.length && sameBlock(timed[start]!.result, timed[end]!.result)) end++
    out.push(...timed.slice(start, end).sort((a, b) => a.time! - b.time! || a.index - b.index))
    start = end
  }
  return out.map((entry) => (added.has(carOf(entry.result)) && entry.time !== null ? { ...entry.result, gapMs: entry.time } : entry.result))
}

/**
 * The round as the stewards leave it: within each class, cars renumbered after time penalties;
 * overall positions likewise. Every driver of a shared car gets the car's new place and gap.
 * Results come back sorted by class, then class position (a car's drivers by driver id).
 */
export const classify = (round: RoundResults, penalties: ReadonlyArray<Penalty>): ReadonlyArray<DriverResult> => {
  const added = addedTime(penalties, round)
  const overall = onePerCar([...round.results].sort((a, b) => a.position - b.position || compareText(a.driverId, b.driverId)))
  const overallPosition = new Map(resort(overall, added).map((result, index) => [carOf(result), index + 1]))
  return classesOf(round.results).flatMap((carClass) => {
    const inClass = classOrder(round.results, carClass)
    const drivers = new Map<string, DriverResult[]>()
    for (const result of inClass) {
      const ofCar = drivers.get(carOf(result))
      if (ofCar === undefined) drivers.set(carOf(result), [result])
      else ofCar.push(result)
    }
    return resort(onePerCar(inClass), added).flatMap((car, index) =>
      drivers.get(carOf(car))!.map((result) => ({ ...result, gapMs: car.gapMs, classPosition: index + 1, position: overallPosition.get(carOf(result)) ?? result.position })),
    )
  })
}

/** Whether a time penalty can change anything: the driver needs a time at the flag. */
export const canTakeTimePenalty = (result: DriverResult): boolean => result.gapMs !== null
