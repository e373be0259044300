/**
 * Results typed or uploaded by an admin, for races not run on iRacing: a table with a header row.
 * Only position and driver are required; class, laps, team, number, fastest lap, laps led,
 * incidents, pole, gap and status are read when present. Class positions follow from the order.
 * A driver is a name, or a Discord mention (<@id>) the shell turns into the member's driver id.
 *
 * One line is one car. In a team race the optional co-drivers column names the car's other
 * drivers (names or mentions, separated by "/", ";" or "|"; a quoted cell may use commas too):
 * each of them is credited with the car's finish like the line's driver, as an imported iRacing
 * team race credits every driver of the car, and the car is one entry ("manual-car:<position>")
 * that the stewards classify once and the team standings count once.
 */
import * as Either from "effect/Either"
import { namedDriverId, type DriverResult } from "./results.js"

export const MAX_ROWS = 200

const COLUMNS = {
  position: ["position", "pos", "p", "finish"],
  driver: ["driver", "name", "member"],
  coDrivers: ["co-drivers", "co-driver", "codrivers", "codriver", "co drivers", "co_drivers", "teammates"],
  carClass: ["class", "car class", "car_class"],
  laps: ["laps", "laps completed", "laps_complete"],
  team: ["team"],
  carNumber: ["number", "car", "#", "car number", "car_number"],
  fastestLap: ["fastest lap", "fastest_lap", "best lap", "best_lap", "fl"],
  lapsLed: ["laps led", "laps_led", "led"],
  incidents: ["incidents", "inc", "inc."],
  pole: ["pole"],
  gap: ["gap", "interval", "behind"],
  status: ["status", "reason out", "reason_out", "dnf"],
} as const
type Column = keyof typeof COLUMNS

export const MAX_CO_DRIVERS = 7
const NAME_MAX = 100

/** A row as read: the car's drivers as typed (the line's driver first), everything else checked. */
export type EnteredResult = Omit<DriverResult, "driverId" | "memberId" | "name"> & { readonly driver: string; readonly coDrivers: ReadonlyArray<string> }

/** "Ann / Ben; <@1>" → ["Ann", "Ben", "<@1>"]; blank pieces (a trailing separator) are skipped. */
export const splitCoDrivers = (cell: string | undefined): ReadonlyArray<string> =>
  (cell ?? "")
    .split(/[/;|,]/)
    .map((name) => name.trim().replace(/\s+/g, " "))
    .filter((name) => name !== "")


const headerIndex = (header: ReadonlyArray<string>): Partial<Record<Column, number>> => {
  const normalised = header.map((cell) => cell.trim().toLowerCase())
  const found: Partial<Record<Column, number>> = {}
  for (const [column, names] of Object.entries(COLUMNS) as Array<[Column, ReadonlyArray<string>]>) {
    const index = normalised.findIndex((cell) => names.includes(cell))
    if (index >= 0) found[column] = index
  }
  return found
}

/** "1:45.321", "105.321" or "" → ms, or NaN when unreadable. */
export const parseLapTime = (text: string): number | null => {
  const trimmed = text.trim()
  if (trimmed === "") return null
  const match = /^(?:(\d+):)?(\d+(?:\.\d+)?)$/.exec(trimmed)
  if (match === null) return Number.NaN
  return Math.round((Number(match[1] ?? 0) * 60 + Number(match[2])) * 1000)
}

const whole = (text: string | undefined, fallback: number): number => (text === undefined || text.trim() === "" ? fallback : /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN)

const yes = (text: string | undefined) => text !== undefined && /^(y|yes|1|true|x|✓)$/i.test(text.trim())

const running = (text: string | undefined) => text === undefined || /^(|running|finished|fin|ok)$/i.test(text.trim())

export const readResultsTable = (table: ReadonlyArray<ReadonlyArray<string>>): Either.Either<ReadonlyArray<EnteredResult>, string> => {
  const [header, ...body] = table.filter((row) => row.some((cell) => cell.trim() !== ""))
  if (header === undefined) return Either.left("The results are empty. The first line names the columns: position, driver, and optionally co-drivers, class, laps, team, fastest lap, laps led, incidents, pole, gap, status.")
  const at = headerIndex(header)
  if (at.position === undefined || at.driver === undefined) return Either.left("The first line must name at least the columns “position” and “driver”.")
  if (body.length === 0) return Either.left("There are no result lines under the header.")
  if (body.length > MAX_ROWS) return Either.left(`That is ${body.length} lines; the limit is ${MAX_ROWS}.`)
  const cell = (row: ReadonlyArray<string>, column: Column) => (at[column] === undefined ? undefined : row[at[column]!])
  const rows: Array<EnteredResult & { readonly line: number }> = []
  /** Who drove on which line, to refuse a driver in two cars. */
  const lineOf = new Map<string, number>()
  for (const [index, row] of body.entries()) {
    const line = index + 2
    // A cell holding the separator unquoted (co-drivers "Ann; Ben" in a ";" file) would shift every cell after it.
    if (row.slice(header.length).some((extra) => extra.trim() !== "")) {
      return Either.left(`Line ${line}: ${row.length} cells under a header of ${header.length}. Put a cell that contains the separator in quotes ("Ann; Ben").`)
    }
    const position = whole(cell(row, "position"), Number.NaN)
    const driver = (cell(row, "driver") ?? "").trim()
    const laps = whole(cell(row, "laps"), 0)
    const lapsLed = whole(cell(row, "lapsLed"), 0)
    const incidents = whole(cell(row, "incidents"), 0)
    const fastestLapMs = parseLapTime(cell(row, "fastestLap") ?? "")
    const gapSeconds = parseLapTime(cell(row, "gap") ?? "")
    if (!Number.isInteger(position) || position < 1) return Either.left(`Line ${line}: the position “${(cell(row, "position") ?? "").slice(0, 10)}” is not a whole number from 1.`)
    if (driver === "" || driver.length > NAME_MAX) return Either.left(`Line ${line}: the driver is ${driver === "" ? "missing" : `longer than ${NAME_MAX} characters`}.`)
    const coDrivers = splitCoDrivers(cell(row, "coDrivers"))
    if (coDrivers.length > MAX_CO_DRIVERS) return Either.left(`Line ${line}: ${coDrivers.length} co-drivers; a car has at most ${MAX_CO_DRIVERS} besides its driver.`)
    const long = coDrivers.find((name) => name.length > NAME_MAX)
    if (long !== undefined) return Either.left(`Line ${line}: the co-driver “${long.slice(0, 20)}…” is longer than ${NAME_MAX} characters.`)
    for (const name of [driver, ...coDrivers]) {
      const earlier = lineOf.get(namedDriverId(name))
      if (earlier === line) return Either.left(`Line ${line}: ${name} is named twice in the same car. List each driver of the car once.`)
      if (earlier !== undefined) return Either.left(`Line ${line}: ${name} already drove the car on line ${earlier}. A driver races in one car.`)
      lineOf.set(namedDriverId(name), line)
    }
    if ([laps, lapsLed, incidents].some(Number.isNaN)) return Either.left(`Line ${line}: laps, laps led and incidents are whole numbers.`)
    if (Number.isNaN(fastestLapMs) || Number.isNaN(gapSeconds)) return Either.left(`Line ${line}: write lap times and gaps as 1:45.321 or 105.321.`)
    const status = cell(row, "status")
    rows.push({
      line,
      driver,
      coDrivers,
      carClass: (cell(row, "carClass") ?? "").trim() || "Overall",
      team: (cell(row, "team") ?? "").trim() || null,
      // Named once the positions are final: a car with co-drivers is one entry.
      entryId: null,
      carNumber: (cell(row, "carNumber") ?? "").trim() || null,
      position,
      classPosition: 0,
      startPosition: null,
      laps,
      lapsLed,
      incidents,
      fastestLapMs,
      gapMs: gapSeconds,
      pole: yes(cell(row, "pole")),
      reasonOut: running(status) ? null : status!.trim().slice(0, 60),
    })
  }
  const sorted = rows.sort((a, b) => a.position - b.position)
  const repeated = sorted.find((row, i) => i > 0 && row.position === sorted[i - 1]!.position)
  if (repeated !== undefined) {
    const first = sorted.find((row) => row.position === repeated.position)!
    return Either.left(`Position ${repeated.position} appears twice, on lines ${Math.min(first.line, repeated.line)} and ${Math.max(first.line, repeated.line)}. Each car finishes once: put a shared car's other drivers in the co-drivers column.`)
  }
  const seen = new Map<string, number>()
  return Either.right(
    sorted.map(({ line: _line, ...row }, index) => {
      const classPosition = (seen.get(row.carClass) ?? 0) + 1
      seen.set(row.carClass, classPosition)
      return { ...row, position: index + 1, classPosition, entryId: row.coDrivers.length === 0 ? null : `manual-car:${index + 1}` }
    }),
  )
}
