import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { Iracing } from "../../../../src/adapters/iracing/service.js"
import { SAMPLE_LEAGUE_ID } from "../../../e2e/fake-iracing/fixtures.js"
import { SMALL_CUST_IDS, SMALL_SUBSESSIONS, smallSeasonFixture } from "../../../fixtures/championships/iracing-season.js"
import { TEAM_CUST_IDS, TEAM_IDS, TEAM_SUBSESSIONS, teamSeasonFixture } from "../../../fixtures/championships/iracing-team-season.js"
import { failureOf, runIracing, settingsFor, useWorld } from "./helpers.js"
import { teamStandingRow } from "../../../e2e/fake-iracing/results.js"

const SEASON = 5501
const iracing = <A, E>(f: (service: Iracing["Type"]) => Effect.Effect<A, E>) => Effect.flatMap(Iracing, f)

describe("iRacing adapter: league season results", () => {
  const world = useWorld()

  it("GIVEN a season with three run sessions and one to come WHEN its sessions are listed THEN only the three with results come back, oldest first", async () => {
    world.fake.addSeason(smallSeasonFixture(SAMPLE_LEAGUE_ID, SEASON))
    const sessions = await runIracing(settingsFor(world.fake), world.dbPath, iracing((s) => s.seasonSessions(SAMPLE_LEAGUE_ID, SEASON)))
    expect(sessions.map((s) => s.subsessionId)).toEqual(SMALL_SUBSESSIONS)
    expect(sessions[0]!.track).toBe("Spa-Francorchamps – Grand Prix Pits")
    expect(world.fake.requests.find((r) => r.url.startsWith("/data/league/season_sessions"))!.url).toContain("results_only=true")
  })

  it("GIVEN a subsession WHEN its results are read THEN the main race comes back 1-based, in milliseconds, with DNF reasons and the class pole from qualifying", async () => {
    world.fake.addSeason(smallSeasonFixture(SAMPLE_LEAGUE_ID, SEASON))
    const session = await runIracing(settingsFor(world.fake), world.dbPath, iracing((s) => s.subsessionResults(SMALL_SUBSESSIONS[0]!)))
    const byDriver = new Map(session.results.map((r) => [r.driverId, r]))
    expect(byDriver.get(`ir:${SMALL_CUST_IDS.a}`)).toMatchObject({ position: 1, classPosition: 1, carClass: "GT3", pole: true, lapsLed: 15, fastestLapMs: 100_000, gapMs: 0, reasonOut: null })
    expect(byDriver.get(`ir:${SMALL_CUST_IDS.b}`)).toMatchObject({ classPosition: 2, pole: false, fastestLapMs: 99_500, gapMs: 2000 })
    expect(byDriver.get(`ir:${SMALL_CUST_IDS.d}`)).toMatchObject({ classPosition: 4, laps: 8, gapMs: null, reasonOut: "Accident" })
    expect(byDriver.get(`ir:${SMALL_CUST_IDS.x}`)).toMatchObject({ carClass: "LMP2", classPosition: 1, pole: true })
    expect(session.results).toHaveLength(6)
    expect(session.startsAt).toBe(Date.UTC(2026, 9, 1, 19))
  })

  it("GIVEN a team race WHEN its results are read THEN each driver who drove gets the car's finish, its team and the car as entry; a driver who never drove is left out", async () => {
    world.fake.addSeason(teamSeasonFixture(SAMPLE_LEAGUE_ID, SEASON))
    const session = await runIracing(settingsFor(world.fake), world.dbPath, iracing((s) => s.subsessionResults(TEAM_SUBSESSIONS[0]!)))
    const byDriver = new Map(session.results.map((r) => [r.driverId, r]))
    const apexCar = { team: "Apex Racing", entryId: `ir-team:${TEAM_IDS.apex}`, carClass: "GT3", carNumber: "11", position: 1, classPosition: 1, laps: 40, lapsLed: 30, fastestLapMs: 100_000, gapMs: 0, pole: true, reasonOut: null }
    expect(byDriver.get(`ir:${TEAM_CUST_IDS.ann}`)).toMatchObject({ name: "Ann", memberId: null, ...apexCar })
    expect(byDriver.get(`ir:${TEAM_CUST_IDS.ben}`)).toMatchObject({ name: "Ben", ...apexCar })
    expect(byDriver.get(`ir:${TEAM_CUST_IDS.dee}`)).toMatchObject({ team: "Blue Flag", entryId: `ir-team:${TEAM_IDS.blue}`, classPosition: 2, pole: false, fastestLapMs: 99_500 })
    expect(byDriver.get(`ir:${TEAM_CUST_IDS.fay}`)).toMatchObject({ team: "Curbstone", laps: 18, gapMs: null, reasonOut: "Accident" })
    expect(byDriver.has(`ir:${TEAM_CUST_IDS.eve}`)).toBe(false)
    expect(session.results).toHaveLength(5)
  })

  it("GIVEN a team car retired before any of its drivers finished a lap THEN every listed driver is credited with its finish, so the car still shows", async () => {
    const season = teamSeasonFixture(SAMPLE_LEAGUE_ID, SEASON)
    const race = season.subsessions[0]!.session_results.at(-1)!
    const blue = race.results[1]!
    race.results[1] = { ...blue, laps_complete: 0, reason_out: "Disconnected", driver_results: blue.driver_results!.map((driver) => ({ ...driver, laps_complete: 0 })) }
    world.fake.addSeason(season)
    const session = await runIracing(settingsFor(world.fake), world.dbPath, iracing((s) => s.subsessionResults(TEAM_SUBSESSIONS[0]!)))
    const credited = session.results.filter((r) => r.entryId === `ir-team:${TEAM_IDS.blue}`)
    expect(credited.map((r) => r.driverId).sort()).toEqual([TEAM_CUST_IDS.cal, TEAM_CUST_IDS.dee, TEAM_CUST_IDS.eve].map((id) => `ir:${id}`).sort())
    expect(credited[0]).toMatchObject({ team: "Blue Flag", laps: 0, reasonOut: "Disconnected" })
  })

  it("GIVEN a team race row that names neither a driver nor a team with its drivers THEN the failure gives its path", async () => {
    const season = teamSeasonFixture(SAMPLE_LEAGUE_ID, SEASON)
    const race = season.subsessions[0]!.session_results.at(-1)!
    race.results[1] = { ...race.results[1]!, driver_results: [] }
    world.fake.addSeason(season)
    const error = await failureOf(settingsFor(world.fake), world.dbPath, iracing((s) => s.subsessionResults(TEAM_SUBSESSIONS[0]!)))
    expect(error).toMatchObject({ _tag: "IracingBadPayload", path: "session_results[2].results[1]" })
    expect(String((error as { problem: string }).problem)).toContain("neither a driver")
  })

  it("GIVEN a team race that lists one driver in two cars THEN the session is refused naming the driver, rather than failing when stored", async () => {
    const season = teamSeasonFixture(SAMPLE_LEAGUE_ID, SEASON)
    const race = season.subsessions[0]!.session_results.at(-1)!
    const [first, second] = [race.results[0]!, race.results[1]!]
    const borrowed = first.driver_results!.find((driver) => driver.laps_complete > 0)!
    race.results[1] = { ...second, driver_results: [...second.driver_results!, borrowed] }
    world.fake.addSeason(season)
    const error = await failureOf(settingsFor(world.fake), world.dbPath, iracing((s) => s.subsessionResults(TEAM_SUBSESSIONS[0]!)))
    expect(error).toMatchObject({ _tag: "IracingBadPayload" })
    expect(String((error as { problem: string }).problem)).toContain(`${borrowed.display_name} (ir:${borrowed.cust_id}) in two cars`)
  })

  it("GIVEN a subsession iRacing does not know THEN the failure says so", async () => {
    const error = await failureOf(settingsFor(world.fake), world.dbPath, iracing((s) => s.subsessionResults(123)))
    expect(error._tag).toBe("IracingUnavailable")
  })

  it("GIVEN iRacing keeps league standings THEN they are read from the nested driver_standings", async () => {
    world.fake.addSeason(smallSeasonFixture(SAMPLE_LEAGUE_ID, SEASON))
    const rows = await runIracing(settingsFor(world.fake), world.dbPath, iracing((s) => s.seasonStandings(SAMPLE_LEAGUE_ID, SEASON)))
    expect(rows).toEqual({
      drivers: [
        { custId: 810002, displayName: "Driver B", position: 1, wins: 2, points: 22 },
        { custId: 810001, displayName: "Driver A", position: 2, wins: 1, points: 24 },
      ],
      teams: [],
    })
  })

  it("GIVEN iRacing keeps team standings THEN they are read by team id; rows of another shape leave teams unread and the drivers still read", async () => {
    const season = { ...teamSeasonFixture(SAMPLE_LEAGUE_ID, SEASON + 1), teamStandings: { 0: [teamStandingRow(1, 9002, "Blue Flag", 20, 1), teamStandingRow(2, 9001, "Apex Racing", 18)] } }
    world.fake.addSeason(season)
    const read = await runIracing(settingsFor(world.fake), world.dbPath, iracing((s) => s.seasonStandings(SAMPLE_LEAGUE_ID, SEASON + 1)))
    expect(read.teams).toEqual([
      { teamId: 9002, name: "Blue Flag", position: 1, points: 20 },
      { teamId: 9001, name: "Apex Racing", position: 2, points: 18 },
    ])
    world.fake.addSeason({ ...season, season_id: SEASON + 2, teamStandings: { 0: [{ position: 1, team_name: "Flat", points: 3 }] } })
    const odd = await runIracing(settingsFor(world.fake), world.dbPath, iracing((s) => s.seasonStandings(SAMPLE_LEAGUE_ID, SEASON + 2)))
    expect(odd).toEqual({ drivers: [], teams: null })
  })
})
