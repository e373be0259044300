import * as Either from "effect/Either"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { MAX_CO_DRIVERS, readResultsTable, splitCoDrivers } from "../../../../src/domain/championships/results-table.js"
import { computeStandings } from "../../../../src/domain/championships/standings.js"
import { SMALL_SYSTEM } from "../../../fixtures/championships/season.js"

const read = (text: string) => readResultsTable(text.split("\n").map((line) => line.split(",")))
const refusal = (text: string) => Either.getLeft(read(text)).pipe((o) => (o._tag === "Some" ? o.value : "accepted"))
const rows = (text: string) => Either.getOrThrow(read(text))

describe("hand-entered results: co-drivers of a shared car", () => {
  it("GIVEN a co-drivers cell THEN it splits on / ; | and skips blanks", () => {
    expect(splitCoDrivers(" Ben  Lee / <@123456789012345678>;Cy | ")).toEqual(["Ben Lee", "<@123456789012345678>", "Cy"])
    expect(splitCoDrivers(undefined)).toEqual([])
  })

  it("GIVEN a line with co-drivers THEN the car is one entry carrying its drivers; a line without stays a car of one", () => {
    const table = rows("pos,driver,co-drivers,team,class,laps\n2,Cal,,Solo,GT3,40\n1,Ann,Ben / Eve,Apex,GT3,40")
    expect(table.map((r) => [r.driver, r.coDrivers, r.entryId, r.position, r.classPosition, r.team])).toEqual([
      ["Ann", ["Ben", "Eve"], "manual-car:1", 1, 1, "Apex"],
      ["Cal", [], null, 2, 2, "Solo"],
    ])
  })

  it("GIVEN bad co-driver lines THEN the refusal names the line and what is wrong", () => {
    expect(refusal("pos,driver,co-drivers\n1,Ann,Ben\n2,Cal,ben")).toBe("Line 3: ben already drove the car on line 2. A driver races in one car.")
    expect(refusal("pos,driver,co-drivers\n1,Ann,Ben/ann")).toBe("Line 2: ann is named twice in the same car. List each driver of the car once.")
    expect(refusal(`pos,driver,co-drivers\n1,Ann,${Array.from({ length: MAX_CO_DRIVERS + 1 }, (_, i) => `D${i}`).join("/")}`)).toBe(`Line 2: ${MAX_CO_DRIVERS + 1} co-drivers; a car has at most ${MAX_CO_DRIVERS} besides its driver.`)
    expect(refusal(`pos,driver,co-drivers\n1,Ann,Ben/${"x".repeat(101)}`)).toMatch(/^Line 2: the co-driver “x{20}…” is longer than 100 characters\.$/)
    expect(refusal("pos,driver\n1,Ann\n1,Ben")).toBe("Position 1 appears twice, on lines 2 and 3. Each car finishes once: put a shared car's other drivers in the co-drivers column.")
  })

  it("GIVEN a cell that held the separator unquoted, so the line has more cells than the header THEN the line is refused instead of its cells shifting; empty trailing cells pass", () => {
    const semicolons = (text: string) => readResultsTable(text.split("\n").map((line) => line.split(";")))
    const shifted = semicolons("pos;driver;co-drivers;class\n1;Ann;Ben; Cy;GT3")
    expect(Either.isLeft(shifted) && shifted.left).toBe('Line 2: 5 cells under a header of 4. Put a cell that contains the separator in quotes ("Ann; Ben").')
    expect(rows("pos,driver\n1,Ann,,").map((r) => r.driver)).toEqual(["Ann"])
  })

  /** Cars of one to three drivers from a pool of distinct names, in a shuffled order of lines. */
  const carsArb = fc
    .uniqueArray(fc.constantFrom("Ann", "Ben", "Cal", "Dee", "Eve", "Fay", "Gus", "Hal"), { minLength: 1, maxLength: 8 })
    .chain((names) => fc.tuple(fc.constant(names), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: names.length, maxLength: names.length })))
    .map(([names, sizes]) => {
      const cars: string[][] = []
      for (let at = 0, i = 0; at < names.length; at += sizes[i++]!) cars.push(names.slice(at, at + sizes[i]!))
      return cars
    })
    .chain((cars) => fc.tuple(fc.constant(cars), fc.shuffledSubarray(cars.map((_, i) => i), { minLength: cars.length, maxLength: cars.length })))

  it("GIVEN any cars with co-drivers THEN every driver of a car scores the car's points and its team scores the car once", () => {
    fc.assert(
      fc.property(carsArb, ([cars, order]) => {
        const lines = order.map((i) => `${i + 1},${cars[i]![0]},${cars[i]!.slice(1).join("/")},Team ${i % 2},${20 - i}`)
        const table = rows(["pos,driver,co-drivers,team,laps", ...lines].join("\n"))
        expect(table.map((r) => [r.driver, ...r.coDrivers])).toEqual(cars)
        // As enterResults stores them: one result per driver, each carrying the car's line.
        const results = table.flatMap(({ driver, coDrivers, ...car }) => [driver, ...coDrivers].map((name) => ({ ...car, driverId: `name:${name.toLowerCase()}`, name, memberId: null })))
        const standings = computeStandings({ rounds: [{ roundId: "manual:1", round: 1, label: "R1", startsAt: 0, results }], penalties: [], system: SMALL_SYSTEM })
        const drivers = new Map(standings.classes[0]!.drivers.map((d) => [d.name, d.total]))
        const alone = computeStandings({ rounds: [{ roundId: "manual:1", round: 1, label: "R1", startsAt: 0, results: results.filter((r) => r.name === cars[r.position - 1]![0]) }], penalties: [], system: SMALL_SYSTEM })
        for (const car of cars) for (const name of car) expect(drivers.get(name)).toBe(alone.classes[0]!.drivers.find((d) => d.name === car[0])!.total)
        expect(standings.classes[0]!.teams).toEqual(alone.classes[0]!.teams)
      }),
    )
  })
})
