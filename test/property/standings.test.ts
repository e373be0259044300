import { join } from "node:path"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { classify, type Penalty } from "../../src/domain/championships/penalties.js"
import type { PointsSystem } from "../../src/domain/championships/points.js"
import type { DriverResult, RoundResults } from "../../src/domain/championships/results.js"
import { computeStandings, type Standings } from "../../src/domain/championships/standings.js"
import { storeImportedSession } from "../../src/app/championships/import.js"
import { ADMIN, addChampionship, championshipRuntime, GUILD, resultsSnapshot } from "../support/championship-runtime.js"
import { useTempDir } from "../support/sqlite-test-database.js"

const DRIVERS = ["d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7"]
const CLASSES = ["GT3", "LMP2"]

const finisherArb = fc.record({
  carClass: fc.constantFrom(...CLASSES),
  team: fc.option(fc.constantFrom("Red", "Blue"), { nil: null }),
  lapsDown: fc.constantFrom(0, 0, 0, 1, 5, 15),
  gapMs: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: null, freq: 4 }),
  lapsLed: fc.integer({ min: 0, max: 20 }),
  fastestLapMs: fc.option(fc.integer({ min: 90_000, max: 90_010 }), { nil: null, freq: 5 }),
  pole: fc.boolean(),
  out: fc.option(fc.constantFrom("Disconnected", "Accident"), { nil: null }),
})

/** A round: some of the drivers, in a finishing order by laps then gap, as a real result sheet. */
const roundArb = (roundId: string, round: number, cars?: number): fc.Arbitrary<RoundResults> =>
  (cars === undefined ? fc.uniqueArray(fc.constantFrom(...DRIVERS), { minLength: 1, maxLength: DRIVERS.length }) : fc.constant(DRIVERS.slice(0, cars))).chain((ids) =>
    fc.tuple(...ids.map(() => finisherArb)).map((rows) => {
      const drafts = ids
        .map((driverId, i) => ({ driverId, ...rows[i]!, laps: 20 - rows[i]!.lapsDown }))
        .sort((a, b) => b.laps - a.laps || (a.gapMs ?? Infinity) - (b.gapMs ?? Infinity) || (a.driverId < b.driverId ? -1 : 1))
      const seen = new Map<string, number>()
      const results = drafts.map((d, index): DriverResult => {
        const classPosition = (seen.get(d.carClass) ?? 0) + 1
        seen.set(d.carClass, classPosition)
        return {
          driverId: d.driverId,
          name: d.driverId.toUpperCase(),
          memberId: null,
          carClass: d.carClass,
          team: d.team,
          entryId: null,
          carNumber: null,
          position: index + 1,
          classPosition,
          startPosition: null,
          laps: d.laps,
          lapsLed: d.lapsLed,
          incidents: 0,
          fastestLapMs: d.fastestLapMs,
          gapMs: d.laps === 20 ? d.gapMs : null,
          pole: d.pole,
          reasonOut: d.out,
        }
      })
      return { roundId, round, label: `Round ${round}`, startsAt: round, results }
    }),
  )

/**
 * A team race: the drivers split into cars of one to three, each car a finisher as above, and
 * every driver of a car a result carrying the car's finish with the car as entry (as the iRacing
 * import makes them).
 */
const teamRoundArb = (roundId: string, round: number): fc.Arbitrary<RoundResults> =>
  fc
    .uniqueArray(fc.constantFrom(...DRIVERS), { minLength: 1, maxLength: DRIVERS.length })
    .chain((ids) => fc.tuple(fc.constant(ids), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: ids.length, maxLength: ids.length })))
    .chain(([ids, sizes]) => {
      const cars: string[][] = []
      for (let at = 0, i = 0; at < ids.length; i++) {
        cars.push(ids.slice(at, at + sizes[i]!))
        at += sizes[i]!
      }
      // roundArb's "d<k>" stands for car k here.
      return roundArb(roundId, round, cars.length).map((carRound) => ({
        ...carRound,
        results: carRound.results.flatMap((car) => {
          const drivers = cars[Number(car.driverId.slice(1))]!
          return drivers.map((driverId): DriverResult => ({ ...car, driverId, name: driverId.toUpperCase(), entryId: `car-${drivers[0]}` }))
        }),
      }))
    })

const seasonArb: fc.Arbitrary<ReadonlyArray<RoundResults>> = fc
  .integer({ min: 1, max: 5 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => fc.oneof(roundArb(`r${i + 1}`, i + 1), teamRoundArb(`r${i + 1}`, i + 1)))))

const tableArb = fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 8 }).map((values) => values.sort((a, b) => b - a))
const systemArb: fc.Arbitrary<PointsSystem> = fc.record({
  name: fc.constant("generated"),
  positions: tableArb,
  beyondTable: fc.constantFrom(0, 0, 1),
  classTables: fc.option(tableArb, { nil: undefined }).map((table): Record<string, ReadonlyArray<number>> => (table === undefined ? {} : { LMP2: table })),
  bonus: fc.record({ pole: fc.integer({ min: 0, max: 3 }), fastestLap: fc.integer({ min: 0, max: 3 }), mostLapsLed: fc.integer({ min: 0, max: 3 }) }),
  dropWorst: fc.integer({ min: 0, max: 3 }),
  minimumLaps: fc.constantFrom(0, 0, 10),
  minimumPercentOfWinner: fc.constantFrom(0, 50, 75, 90),
})

const penaltyArb = (season: ReadonlyArray<RoundResults>, id: string): fc.Arbitrary<Penalty> =>
  fc.constantFrom(...season).chain((round) =>
    fc.constantFrom(...round.results).chain((result) =>
      fc.oneof(
        fc.integer({ min: 1, max: 60 }).map((seconds): Penalty => ({ _tag: "TimePenalty", id, roundId: round.roundId, driverId: result.driverId, seconds, reason: "r", stewardId: "s", at: 0 })),
        fc.integer({ min: 1, max: 10 }).map((points): Penalty => ({ _tag: "PointsPenalty", id, roundId: round.roundId, driverId: result.driverId, points, reason: "r", stewardId: "s", at: 0 })),
      ),
    ),
  )

const caseArb = fc
  .tuple(seasonArb, systemArb)
  .chain(([season, system]) => fc.tuple(fc.constant(season), fc.constant(system), fc.array(fc.nat(), { maxLength: 4 }).chain((ids) => fc.tuple(...ids.map((_, i) => penaltyArb(season, `p${i}`))))))

const row = (standings: Standings, carClass: string, driverId: string) => standings.classes.find((c) => c.carClass === carClass)?.drivers.find((d) => d.driverId === driverId)

describe("championship standings", () => {
  it("GIVEN the same results, penalties and points system in any order THEN the standings are the same", () => {
    fc.assert(
      fc.property(caseArb, fc.infiniteStream(fc.nat()), ([season, system, penalties], keys) => {
        const shuffle = <T>(items: ReadonlyArray<T>): T[] => items.map((item) => ({ item, key: keys.next().value as number })).sort((a, b) => a.key - b.key).map((e) => e.item)
        const shuffled = shuffle(season).map((round) => ({ ...round, results: shuffle(round.results) }))
        expect(computeStandings({ rounds: shuffled, penalties: shuffle(penalties), system })).toEqual(computeStandings({ rounds: season, penalties, system }))
      }),
    )
  })

  it("GIVEN one more dropped round THEN no driver's total goes up", () => {
    fc.assert(
      fc.property(caseArb, ([season, system, penalties]) => {
        const fewer = computeStandings({ rounds: season, penalties, system })
        const more = computeStandings({ rounds: season, penalties, system: { ...system, dropWorst: system.dropWorst + 1 } })
        for (const ofClass of fewer.classes) {
          for (const driver of ofClass.drivers) expect(row(more, ofClass.carClass, driver.driverId)!.total).toBeLessThanOrEqual(driver.total)
        }
      }),
    )
  })

  it("GIVEN a new penalty THEN the penalised driver neither gains points nor climbs, in the round or the championship", () => {
    fc.assert(
      fc.property(caseArb.chain(([season, system, penalties]) => fc.tuple(fc.constant(season), fc.constant(system), fc.constant(penalties), penaltyArb(season, "new"))), ([season, system, penalties, added]) => {
        const before = computeStandings({ rounds: season, penalties, system })
        const after = computeStandings({ rounds: season, penalties: [...penalties, added], system })
        const round = season.find((r) => r.roundId === added.roundId)!
        const place = (ps: ReadonlyArray<Penalty>) => classify(round, ps).find((r) => r.driverId === added.driverId)!
        expect(place([...penalties, added]).classPosition).toBeGreaterThanOrEqual(place(penalties).classPosition)
        for (const ofClass of before.classes) {
          const was = row(before, ofClass.carClass, added.driverId)
          if (was === undefined) continue
          const now = row(after, ofClass.carClass, added.driverId)!
          expect(now.total).toBeLessThanOrEqual(was.total)
          expect(now.position).toBeGreaterThanOrEqual(was.position)
        }
      }),
    )
  })
})

describe("championship standings: team races", () => {
  it("GIVEN a team race and any penalties THEN every driver of a car keeps the car's place and gap", () => {
    fc.assert(
      fc.property(caseArb, ([season, , penalties]) => {
        for (const round of season) {
          const byCar = new Map<string, Set<string>>()
          for (const result of classify(round, penalties)) {
            if (result.entryId === null) continue
            byCar.set(result.entryId, (byCar.get(result.entryId) ?? new Set()).add(JSON.stringify([result.classPosition, result.position, result.gapMs])))
          }
          for (const places of byCar.values()) expect(places.size).toBe(1)
        }
      }),
    )
  })

  it("GIVEN cars shared by several drivers THEN each team's total is what it would be with one driver a car", () => {
    fc.assert(
      fc.property(caseArb, ([season, system]) => {
        const oneDriverACar = season.map((round) => ({ ...round, results: round.results.filter((r) => r.entryId === null || r.entryId === `car-${r.driverId}`) }))
        const teams = (rounds: ReadonlyArray<RoundResults>) => computeStandings({ rounds, penalties: [], system }).classes.map((c) => [c.carClass, c.teams])
        expect(teams(season)).toEqual(teams(oneDriverACar))
      }),
    )
  })
})

/**
 * A season of iRacing team races: each car an iRacing team ("ir-team:<k>" for the car of "d<k>"),
 * whose name is drawn afresh every round from a small pool (so teams get renamed, and two teams
 * may share a name in a round), or a fixed name per team for comparison.
 */
const iracingTeamSeasonArb = fc
  .integer({ min: 1, max: 4 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => teamRoundArb(`r${i + 1}`, i + 1))))
  .chain((season) =>
    fc.tuple(
      fc.constant(season),
      fc.array(fc.array(fc.constantFrom("Apex", "Blue", "Curb"), { minLength: DRIVERS.length, maxLength: DRIVERS.length }), { minLength: season.length, maxLength: season.length }),
      systemArb,
      fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 2 }),
    ),
  )

const asIracingTeams = (season: ReadonlyArray<RoundResults>, nameOf: (round: number, team: string) => string): ReadonlyArray<RoundResults> =>
  season.map((round, r) => ({
    ...round,
    results: round.results.map((result) => {
      if (result.entryId === null || result.team === null) return result
      const team = result.entryId.slice("car-d".length)
      return { ...result, entryId: `ir-team:${team}`, team: nameOf(r, team) }
    }),
  }))

describe("championship standings: iRacing teams renamed", () => {
  it("GIVEN iRacing teams renamed from round to round THEN each team's total and wins are those under a fixed name, shown under its latest round's name", () => {
    fc.assert(
      fc.property(iracingTeamSeasonArb, ([season, names, system, points]) => {
        const penalties = points.map((amount, i): Penalty => ({ _tag: "PointsPenalty", id: `p${i}`, roundId: season[i % season.length]!.roundId, driverId: season[i % season.length]!.results[0]!.driverId, points: amount, reason: "r", stewardId: "s", at: 0 }))
        const fixed = computeStandings({ rounds: asIracingTeams(season, (_, team) => `Team ${team}`), penalties, system })
        const renamedSeason = asIracingTeams(season, (round, team) => names[round]![Number(team)]!)
        const renamed = computeStandings({ rounds: renamedSeason, penalties, system })
        const scores = (standings: Standings) => standings.classes.map((c) => [c.carClass, c.teams.map((t) => [t.position, t.teamId, t.total, t.wins])])
        expect(scores(renamed)).toEqual(scores(fixed))
        for (const ofClass of renamed.classes) {
          for (const team of ofClass.teams) {
            const latest = renamedSeason.findLast((round) => round.results.some((r) => r.carClass === ofClass.carClass && r.entryId === team.teamId))!
            expect(team.team).toBe(latest.results.find((r) => r.carClass === ofClass.carClass && r.entryId === team.teamId)!.team)
          }
        }
      }),
    )
  })
})

describe("storing imported sessions in a real SQLite file", () => {
  const dir = useTempDir()

  it("GIVEN any sequence of imports, repeats included WHEN each is stored THEN the database holds what importing each distinct session once gives", async () => {
    await fc.assert(
      fc.asyncProperty(seasonArb, fc.array(fc.nat({ max: 4 }), { minLength: 1, maxLength: 8 }), async (season, picks) => {
        const sessions = season.map((round, i) => ({ subsessionId: 1000 + i, startsAt: round.startsAt, track: round.label, results: round.results }))
        const sequence = picks.map((pick) => sessions[pick % sessions.length]!)
        const distinct = [...new Map(sequence.map((s) => [s.subsessionId, s])).values()]
        const store = async (path: string, list: ReadonlyArray<(typeof sessions)[number]>) => {
          const runtime = championshipRuntime(path)
          try {
            await runtime.runPromise(addChampionship("c1"))
            for (const session of list) await runtime.runPromise(storeImportedSession({ guildId: GUILD, championshipId: "c1", actorId: ADMIN, session, eventId: null }))
            const snapshot = await runtime.runPromise(resultsSnapshot)
            return { ...snapshot, sessions: snapshot.sessions.map(({ imported_at: _at, ...row }) => row), audit: snapshot.audit }
          } finally {
            await runtime.dispose()
          }
        }
        const run = `${Math.random().toString(36).slice(2)}`
        expect(await store(join(dir(), `${run}-repeated.db`), sequence)).toEqual(await store(join(dir(), `${run}-once.db`), distinct))
      }),
      { numRuns: 15 },
    )
  }, 120_000)
})
