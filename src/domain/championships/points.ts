/**
 * Points systems: how a classified finish turns into points. Positions score within the driver's
 * class (each class is its own race for the championship). Presets are starting points an admin
 * edits; a championship stores its own copy, so editing a preset later changes no season.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const Points = Schema.Number.pipe(Schema.nonNegative(), Schema.finite())

/** Non-increasing, so finishing lower never scores more: the stewarding guarantees rest on it. */
export const PointsTable = Schema.Array(Points).pipe(
  Schema.filter((table) => table.every((points, i) => i === 0 || points <= table[i - 1]!) || "points must not rise further down the order"),
)

export const PointsSystem = Schema.Struct({
  name: Schema.String,
  /** Points for class positions 1, 2, 3, … */
  positions: PointsTable,
  /** Points for a classified finish beyond the table (0 in most systems; 1 in "flat"). */
  beyondTable: Points,
  /** A class with its own table (e.g. a slower class scoring fewer); others use `positions`. */
  classTables: Schema.Record({ key: Schema.String, value: PointsTable }),
  bonus: Schema.Struct({ pole: Points, fastestLap: Points, mostLapsLed: Points }),
  /** Each driver's N lowest-scoring rounds (missed rounds count as 0) do not count. */
  dropWorst: Schema.Int.pipe(Schema.nonNegative()),
  /** To be classified (and score at all) a driver needs this many laps … */
  minimumLaps: Schema.Int.pipe(Schema.nonNegative()),
  /** … and this share of the class winner's laps, in percent. */
  minimumPercentOfWinner: Schema.Number.pipe(Schema.between(0, 100)),
})
export type PointsSystem = typeof PointsSystem.Type

const NO_BONUS = { pole: 0, fastestLap: 0, mostLapsLed: 0 }
const base = { beyondTable: 0, classTables: {}, bonus: NO_BONUS, dropWorst: 0, minimumLaps: 0, minimumPercentOfWinner: 0 }

const countdown = (from: number, to: number): ReadonlyArray<number> => Array.from({ length: from - to + 1 }, (_, i) => from - i)

export const PRESETS = {
  /** Many iRacing leagues' habit: one point less per place from 40, classified at 75% distance. */
  "iracing-style": { ...base, name: "iRacing-style (40, 39, 38 …)", positions: countdown(40, 1), minimumPercentOfWinner: 75 },
  /** Formula 1 since 2025: top ten score, no fastest-lap point. */
  f1: { ...base, name: "F1 (25, 18, 15 …)", positions: [25, 18, 15, 12, 10, 8, 6, 4, 2, 1] },
  /** IndyCar: every starter scores; pole and most laps led earn extra. */
  indycar: {
    ...base,
    name: "IndyCar-like (50, 40, 35 …)",
    positions: [50, 40, 35, 32, 30, 28, 26, 24, 22, 20, ...countdown(19, 6)],
    beyondTable: 5,
    bonus: { pole: 1, fastestLap: 0, mostLapsLed: 2 },
  },
  /** The same for every classified finisher: a participation championship. */
  flat: { ...base, name: "Flat (1 per classified finish)", positions: [], beyondTable: 1 },
} as const satisfies Record<string, PointsSystem>
export type PresetName = keyof typeof PRESETS
export const PRESET_NAMES = Object.keys(PRESETS) as ReadonlyArray<PresetName>
export const isPresetName = (value: string): value is PresetName => Object.hasOwn(PRESETS, value)

export const DEFAULT_POINTS_SYSTEM: PointsSystem = PRESETS["iracing-style"]

export const tableFor = (system: PointsSystem, carClass: string): ReadonlyArray<number> => system.classTables[carClass] ?? system.positions

export const pointsForPosition = (system: PointsSystem, carClass: string, classPosition: number): number =>
  tableFor(system, carClass)[classPosition - 1] ?? system.beyondTable

/** Classified: enough laps, absolute and relative to the class winner (its most laps, whoever won). */
export const isClassified = (system: PointsSystem, laps: number, winnerLaps: number): boolean =>
  laps >= system.minimumLaps && laps * 100 >= winnerLaps * system.minimumPercentOfWinner

/** "25, 18, 15 12 10" as typed in a form → a table, or what is wrong with it. */
export const parsePointsTable = (text: string): Either.Either<ReadonlyArray<number>, string> => {
  const parts = text.split(/[\s,;]+/).filter((part) => part !== "")
  if (parts.length > 100) return Either.left(`That is ${parts.length} places; the limit is 100. Use “beyond the table” for the rest.`)
  const values = parts.map(Number)
  const bad = parts.find((part, i) => !/^\d+(\.\d+)?$/.test(part) || !Number.isFinite(values[i]))
  if (bad !== undefined) return Either.left(`“${bad.slice(0, 20)}” is not a number of points. Type numbers separated by commas, like 25, 18, 15.`)
  const rise = values.findIndex((points, i) => i > 0 && points > values[i - 1]!)
  if (rise > 0) return Either.left(`P${rise + 1} (${values[rise]}) would score more than P${rise} (${values[rise - 1]}): points must not rise further down the order.`)
  return Either.right(values)
}

export const formatPointsTable = (table: ReadonlyArray<number>): string => table.join(", ")
