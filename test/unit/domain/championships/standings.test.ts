import { describe, expect, it } from "vitest"
import { classify } from "../../../../src/domain/championships/penalties.js"
import { computeStandings } from "../../../../src/domain/championships/standings.js"
import { finisher, SMALL_PENALTIES, SMALL_SEASON, SMALL_SYSTEM, SMALL_TABLE } from "../../../fixtures/championships/season.js"
import { RENAMED_BLUE, RENAMED_TEAM_ROUNDS, TEAM_ROUNDS, TEAM_SYSTEM, TEAM_TABLE } from "../../../fixtures/championships/iracing-team-season.js"

const table = (standings: ReturnType<typeof computeStandings>, carClass: string) =>
  standings.classes.find((c) => c.carClass === carClass)!.drivers.map((d) => [d.driverId, d.total])

describe("championship standings", () => {
  it("GIVEN three rounds with classes, a DNF, a time and a points penalty and a dropped round THEN the table matches the hand-computed one", () => {
    const standings = computeStandings({ rounds: SMALL_SEASON, penalties: SMALL_PENALTIES, system: SMALL_SYSTEM })
    expect(table(standings, "GT3")).toEqual(SMALL_TABLE.GT3)
    expect(table(standings, "LMP2")).toEqual(SMALL_TABLE.LMP2)
    expect(standings.classes.find((c) => c.carClass === "GT3")!.teams.map((t) => [t.team, t.total])).toEqual(SMALL_TABLE.teams)
    const c = standings.classes[0]!.drivers.find((d) => d.driverId === "c")!
    expect(c.rounds.map((r) => [r.points, r.dropped])).toEqual([[4, true], [5, false], [6, false]])
    expect(c.penaltyPoints).toBe(3)
  })

  it("GIVEN a driver out of the race before half distance THEN the round shows them as a DNF who scored nothing", () => {
    const d = computeStandings({ rounds: SMALL_SEASON, penalties: [], system: SMALL_SYSTEM }).classes[0]!.drivers.find((row) => row.driverId === "d")!
    expect(d.rounds[0]).toMatchObject({ points: 0, classified: false, didNotFinish: true })
  })

  it("GIVEN two drivers level on points WHEN one has more wins THEN countback puts them ahead", () => {
    const rounds = [
      { roundId: "r1", round: 1, label: "1", startsAt: 0, results: [finisher("p", { classPosition: 1 }), finisher("q", { classPosition: 2 })] },
      { roundId: "r2", round: 2, label: "2", startsAt: 0, results: [finisher("q", { classPosition: 1 }), finisher("p", { classPosition: 2 })] },
      { roundId: "r3", round: 3, label: "3", startsAt: 0, results: [finisher("q", { classPosition: 1 }), finisher("z", { classPosition: 2 }), finisher("p", { classPosition: 3 })] },
    ]
    // p 10+6+4 = 20 with one win; z 6; q 6+10+10 = 26. Make q level with p by a 6-point penalty.
    const penalties = [{ _tag: "PointsPenalty" as const, id: "x", roundId: null, driverId: "q", points: 6, reason: "r", stewardId: "s", at: 0 }]
    const system = { ...SMALL_SYSTEM, bonus: { pole: 0, fastestLap: 0, mostLapsLed: 0 }, dropWorst: 0 }
    const rows = computeStandings({ rounds, penalties, system }).classes[0]!.drivers
    expect(rows.map((r) => [r.driverId, r.total, r.wins])).toEqual([["q", 20, 2], ["p", 20, 1], ["z", 6, 0]])
  })

  it("GIVEN a time penalty WHEN the penalised driver is on the same lap as cars behind THEN they drop behind the ones now quicker, never behind a lapped car", () => {
    const round = {
      roundId: "r",
      round: 1,
      label: "r",
      startsAt: 0,
      results: [
        finisher("a", { classPosition: 1, gapMs: 0 }),
        finisher("b", { classPosition: 2, gapMs: 1000 }),
        finisher("c", { classPosition: 3, gapMs: 4000 }),
        finisher("d", { classPosition: 4, laps: 19, gapMs: null }),
      ],
    }
    const penalty = { _tag: "TimePenalty" as const, id: "t", roundId: "r", driverId: "a", seconds: 30, reason: "r", stewardId: "s", at: 0 }
    expect(classify(round, [penalty]).map((r) => [r.driverId, r.classPosition])).toEqual([["b", 1], ["c", 2], ["a", 3], ["d", 4]])
  })
})

describe("championship standings: team races (drivers sharing a car)", () => {
  const names = (standings: ReturnType<typeof computeStandings>) => standings.classes[0]!.drivers.map((d) => [d.name, d.total])
  const teams = (standings: ReturnType<typeof computeStandings>) => standings.classes[0]!.teams.map((t) => [t.team, t.total])

  it("GIVEN two team races THEN each team scores its car once a round and each driver the car's points, as in the hand-computed table", () => {
    const standings = computeStandings({ rounds: TEAM_ROUNDS, penalties: [], system: TEAM_SYSTEM })
    expect(teams(standings)).toEqual(TEAM_TABLE.teams)
    expect(names(standings)).toEqual(TEAM_TABLE.drivers)
    expect(standings.classes[0]!.teams.map((t) => t.wins)).toEqual([1, 1, 0])
  })

  it("GIVEN a time penalty on one driver of a shared car THEN the whole car drops, every driver of it with the same new place", () => {
    const round = TEAM_ROUNDS[0]!
    // Apex Racing won by 5 s from Blue Flag: 6 s on Ben puts the car, Ann too, behind Blue Flag.
    const penalty = { _tag: "TimePenalty" as const, id: "t", roundId: round.roundId, driverId: "ir:820002", seconds: 6, reason: "r", stewardId: "s", at: 0 }
    expect(classify(round, [penalty]).map((r) => [r.name, r.classPosition, r.position, r.gapMs])).toEqual([
      ["Cal", 1, 1, 5_000],
      ["Dee", 1, 1, 5_000],
      ["Ann", 2, 2, 6_000],
      ["Ben", 2, 2, 6_000],
      ["Fay", 3, 3, null],
    ])
    const standings = computeStandings({ rounds: TEAM_ROUNDS, penalties: [penalty], system: TEAM_SYSTEM })
    // Round 1 now: Blue Flag 10 + 1 (fastest lap) = 11, Apex Racing 6 + 1 (pole) + 1 (most led) = 8.
    expect(teams(standings)).toEqual([["Blue Flag", 24], ["Apex Racing", 12], ["Curbstone", 6]])
  })

  it("GIVEN a points penalty on one driver of a shared car THEN it comes off that driver and, for its round, off the team once", () => {
    const penalty = { _tag: "PointsPenalty" as const, id: "p", roundId: TEAM_ROUNDS[1]!.roundId, driverId: "ir:820004", points: 3, reason: "r", stewardId: "s", at: 0 }
    const standings = computeStandings({ rounds: TEAM_ROUNDS, penalties: [penalty], system: TEAM_SYSTEM })
    expect(names(standings).slice(0, 3)).toEqual([["Cal", 20], ["Dee", 17], ["Ann", 16]])
    expect(standings.classes[0]!.drivers.find((d) => d.name === "Dee")).toMatchObject({ total: 17, penaltyPoints: 3 })
    expect(teams(standings)[0]).toEqual(["Blue Flag", 17])
  })
})

describe("championship standings: a team is one row by its iRacing team id", () => {
  const teams = (standings: ReturnType<typeof computeStandings>) => standings.classes[0]!.teams.map((t) => [t.teamId, t.team, t.total])

  it("GIVEN an iRacing team renamed between two rounds THEN it is one row with both rounds' points under its newest name", () => {
    const standings = computeStandings({ rounds: RENAMED_TEAM_ROUNDS, penalties: [], system: TEAM_SYSTEM })
    expect(teams(standings)).toEqual([
      ["ir-team:9002", RENAMED_BLUE, 20],
      ["ir-team:9001", "Apex Racing", 16],
      ["ir-team:9003", "Curbstone", 6],
    ])
    expect(standings.classes[0]!.teams[0]!.wins).toBe(1)
    // The drivers' rows show the team as it was called in their latest round.
    expect(standings.classes[0]!.drivers.find((d) => d.name === "Cal")!.team).toBe(RENAMED_BLUE)
  })

  it("GIVEN the rename in the earlier round THEN the name shown is still the one of the latest round", () => {
    const swapped = RENAMED_TEAM_ROUNDS.map((round, i) => ({ ...round, round: 2 - i }))
    expect(computeStandings({ rounds: swapped, penalties: [], system: TEAM_SYSTEM }).classes[0]!.teams.find((t) => t.teamId === "ir-team:9002")!.team).toBe("Blue Flag")
  })

  it("GIVEN two different iRacing teams with the same name THEN they stay two rows", () => {
    const rounds = TEAM_ROUNDS.map((round) => ({ ...round, results: round.results.map((r) => (r.entryId === "ir-team:9003" ? { ...r, team: "Apex Racing" } : r)) }))
    expect(teams(computeStandings({ rounds, penalties: [], system: TEAM_SYSTEM }))).toEqual([
      ["ir-team:9002", "Blue Flag", 20],
      ["ir-team:9001", "Apex Racing", 16],
      ["ir-team:9003", "Apex Racing", 6],
    ])
  })

  it("GIVEN a hand-entered round naming an iRacing team THEN it joins that team's row; a name no iRacing team bore is a row of its own", () => {
    const manual = {
      roundId: "manual:x",
      round: 3,
      label: "Round 3",
      startsAt: 3,
      results: [
        finisher("name:zed", { team: "blue flag racing", classPosition: 1, fastestLapMs: null }),
        finisher("name:yan", { team: "Hand Made", classPosition: 2, fastestLapMs: null }),
      ],
    }
    const standings = computeStandings({ rounds: [...RENAMED_TEAM_ROUNDS, manual], penalties: [], system: TEAM_SYSTEM })
    expect(teams(standings)).toEqual([
      ["ir-team:9002", "blue flag racing", 30],
      ["ir-team:9001", "Apex Racing", 16],
      ["ir-team:9003", "Curbstone", 6],
      ["name:hand made", "Hand Made", 6],
    ])
  })
})
