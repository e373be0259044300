import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import { describe, expect, it } from "vitest"
import { Database, DatabaseError } from "../../../../src/adapters/sqlite/database.js"
import { runDueImports } from "../../../../src/app/championships/auto-import.js"
import { crossCheckWithIracing } from "../../../../src/app/championships/cross-check-use-case.js"
import { enterResults } from "../../../../src/app/championships/manual.js"
import { setIracingSeason, setPointsSystem } from "../../../../src/app/championships/scoring.js"
import { championshipTable, exportStandings } from "../../../../src/app/championships/standings-use-cases.js"
import { addPenalty, removePenalty } from "../../../../src/app/championships/stewarding.js"
import { readQuery } from "../../../../src/app/transaction.js"
import { saveLink } from "../../../../src/adapters/sqlite/repositories/member-links.js"
import { SAMPLE_LEAGUE_ID } from "../../../e2e/fake-iracing/fixtures.js"
import type { SeasonFixture } from "../../../e2e/fake-iracing/results.js"
import { SMALL_SUBSESSIONS, smallSeasonFixture } from "../../../fixtures/championships/iracing-season.js"
import { TEAM_SUBSESSIONS, teamSeasonFixture } from "../../../fixtures/championships/iracing-team-season.js"
import { ADMIN, addChampionship, championshipRuntime, GUILD } from "../../../support/championship-runtime.js"
import { settingsFor, useWorld } from "../../adapters/iracing/helpers.js"

const STEWARD = "800000000000000009"
const MEMBER = "700000000000000001"

const RACE = [
  "Pos,Driver,Class,Laps,Gap,Fastest lap,Pole,Status",
  "1,Ann,GT3,20,0,1:40.000,yes,",
  `2,<@${MEMBER}>,GT3,20,2.5,1:39.500,,`,
  "3,Cy,GT4,19,,1:50.000,,",
  "4,Dee,GT3,8,,,,Accident",
].join("\n")

/** Round event "e1" of championship c1, published, from `starts` for `lasts` ms. */
const addRoundEvent = (starts: number, lasts: number) =>
  readQuery("test.event", (db) =>
    db
      .insertInto("events")
      .values({ id: "e1", guild_id: GUILD, status: "published", title: "Round 1", details_json: "{}", starts_at: starts, ends_at: starts + lasts, track_id: "t", championship_id: "c1", created_by: ADMIN, created_at: 0, updated_at: 0, card_channel_id: null, card_message_id: null, scheduled_event_id: null })
      .execute(),
  )

/** Runs `effect` with the clock at `ms`. */
const at = (ms: number) => <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.zipRight(TestClock.setTime(ms), effect).pipe(Effect.provide(TestContext.TestContext))

const outbox = readQuery("test.outbox", (db) => db.selectFrom("outbox").select(["kind", "payload_json"]).orderBy("id").execute())
const refusal = <A, E extends { _tag: string }, R>(effect: Effect.Effect<A, E, R>) => Effect.map(Effect.flip(effect), (e) => ("message" in e ? String(e.message) : e._tag))

describe("championship use cases", () => {
  const world = useWorld()

  const setUp = async () => {
    const runtime = championshipRuntime(world.dbPath, settingsFor(world.fake))
    await runtime.runPromise(Effect.all([addChampionship("c1", "GT3 Cup"), setPointsSystem(GUILD, ADMIN, "c1", { preset: "f1" })]))
    return runtime
  }

  /** Championship c1 importing `season`, with its round event "e1" from `starts` for `lasts` ms. */
  const withRoundOfSeason = async (season: SeasonFixture, starts: number, lasts: number) => {
    world.fake.addSeason(season)
    const runtime = await setUp()
    await runtime.runPromise(Effect.all([setIracingSeason(GUILD, ADMIN, "c1", SAMPLE_LEAGUE_ID, season.season_id), addRoundEvent(starts, lasts)]))
    return runtime
  }

  it("GIVEN a CSV with classes, a mention and a DNF WHEN an admin enters it THEN each class is scored on its own and the member is named", async () => {
    const runtime = await setUp()
    const stored = await runtime.runPromise(enterResults(GUILD, ADMIN, "c1", { label: "Round 1 at Spa", startsAt: 1, eventId: "e1", text: RACE }))
    expect(stored).toMatchObject({ drivers: 4, replaced: false })
    const table = await runtime.runPromise(championshipTable(GUILD, "c1"))
    const rows = table.standings.classes.map((c) => [c.carClass, c.drivers.map((d) => [d.name, d.memberId, d.total])])
    // F1 points: GT3 Ann 25, the member 18, Dee 15 (F1 classifies everyone: no minimum distance); GT4 Cy 25.
    expect(rows).toEqual([
      ["GT3", [["Ann", null, 25], [`<@${MEMBER}>`, MEMBER, 18], ["Dee", null, 15]]],
      ["GT4", [["Cy", null, 25]]],
    ])
    expect(table.rounds[0]!.results.find((r) => r.name === "Dee")).toMatchObject({ reasonOut: "Accident", laps: 8 })
    // Entered again for the same event: replaced, not added.
    await runtime.runPromise(enterResults(GUILD, ADMIN, "c1", { label: "Round 1 at Spa", startsAt: 1, eventId: "e1", text: RACE.replace("1,Ann", "1,Ann B") }))
    const again = await runtime.runPromise(championshipTable(GUILD, "c1"))
    expect(again.rounds).toHaveLength(1)
    expect(again.rounds[0]!.results.map((r) => r.name)).toContain("Ann B")
    expect((await runtime.runPromise(outbox)).filter((row) => row.kind === "StandingsPosted")).toHaveLength(1)
    await runtime.dispose()
  })

  it("GIVEN results with a repeated position THEN the admin is told which, and nothing is stored", async () => {
    const runtime = await setUp()
    const message = await runtime.runPromise(refusal(enterResults(GUILD, ADMIN, "c1", { label: "R", startsAt: 1, eventId: null, text: "pos,driver\n1,A\n1,B" })))
    expect(message).toBe("Position 1 appears twice, on lines 2 and 3. Each car finishes once: put a shared car's other drivers in the co-drivers column.")
    expect((await runtime.runPromise(championshipTable(GUILD, "c1"))).rounds).toEqual([])
    await runtime.dispose()
  })

  it("GIVEN a linked member's iRacing name typed in another case in a later round THEN it is the same driver, one row in the standings", async () => {
    const runtime = await setUp()
    await runtime.runPromise(readQuery("test.link", (db) => saveLink(db, GUILD, { memberId: MEMBER, custId: 4242, iracingName: "Max Racer", linkedBy: ADMIN, linkedAt: 0 })))
    await runtime.runPromise(enterResults(GUILD, ADMIN, "c1", { label: "Round 1", startsAt: 1, eventId: "e1", text: `pos,driver\n1,<@${MEMBER}>` }))
    await runtime.runPromise(enterResults(GUILD, ADMIN, "c1", { label: "Round 2", startsAt: 2, eventId: null, text: "pos,driver\n1,max  RACER" }))
    const drivers = (await runtime.runPromise(championshipTable(GUILD, "c1"))).standings.classes.flatMap((ofClass) => ofClass.drivers)
    expect(drivers.map((driver) => [driver.driverId, driver.memberId, driver.rounds.filter((round) => round.points !== null).length])).toEqual([["ir:4242", MEMBER, 2]])
    await runtime.dispose()
  })

  it("GIVEN a linked member named once by mention and once by their iRacing name THEN the admin is told they appear twice, at which positions, and nothing is stored", async () => {
    const runtime = await setUp()
    await runtime.runPromise(readQuery("test.link", (db) => saveLink(db, GUILD, { memberId: MEMBER, custId: 4242, iracingName: "Max Racer", linkedBy: ADMIN, linkedAt: 0 })))
    await runtime.runPromise(enterResults(GUILD, ADMIN, "c1", { label: "Round 1", startsAt: 1, eventId: "e1", text: `pos,driver\n1,<@${MEMBER}>` }))
    const message = await runtime.runPromise(refusal(enterResults(GUILD, ADMIN, "c1", { label: "Round 2", startsAt: 2, eventId: null, text: `pos,driver\n1,<@${MEMBER}>\n2,Max Racer` })))
    expect(message).toBe("Max Racer appears twice (at positions 1 and 2). Each driver finishes once, in one car.")
    expect((await runtime.runPromise(championshipTable(GUILD, "c1"))).rounds).toHaveLength(1)
    await runtime.dispose()
  })

  it("GIVEN a linked member's result WHEN a steward gives and then withdraws a points penalty THEN the total follows, it is audited, and the member is told both times", async () => {
    const runtime = await setUp()
    await runtime.runPromise(enterResults(GUILD, ADMIN, "c1", { label: "Round 1", startsAt: 1, eventId: "e1", text: RACE }))
    const given = await runtime.runPromise(addPenalty(GUILD, STEWARD, "c1", { kind: "points", driverId: `member:${MEMBER}`, roundId: "manual:e1", amount: 5, reason: "Unsafe rejoin" }))
    const total = async () => (await runtime.runPromise(championshipTable(GUILD, "c1"))).standings.classes[0]!.drivers.find((d) => d.memberId === MEMBER)!.total
    expect(await total()).toBe(13)
    await runtime.runPromise(removePenalty(GUILD, STEWARD, "c1", given.penalty.id))
    expect(await total()).toBe(18)
    const notices = (await runtime.runPromise(outbox)).filter((row) => row.kind === "PenaltyNotice").map((row) => JSON.parse(row.payload_json))
    expect(notices.map((n) => [n.memberId, n.penalty, n.reason, n.withdrawn])).toEqual([
      [MEMBER, "5-point penalty", "Unsafe rejoin", false],
      [MEMBER, "5-point penalty", "Unsafe rejoin", true],
    ])
    const audit = await runtime.runPromise(readQuery("test.audit", (db) => db.selectFrom("audit_log").select(["actor_id", "action"]).where("action", "like", "championships.penalty.%").execute()))
    expect(audit).toEqual([
      { actor_id: STEWARD, action: "championships.penalty.add" },
      { actor_id: STEWARD, action: "championships.penalty.remove" },
    ])
    await runtime.dispose()
  })

  it("GIVEN a retired car WHEN a steward gives it a time penalty THEN they are told to give points instead", async () => {
    const runtime = await setUp()
    await runtime.runPromise(enterResults(GUILD, ADMIN, "c1", { label: "Round 1", startsAt: 1, eventId: "e1", text: RACE }))
    const message = await runtime.runPromise(refusal(addPenalty(GUILD, STEWARD, "c1", { kind: "time", driverId: "name:dee", roundId: "manual:e1", amount: 5, reason: "Track limits" })))
    expect(message).toBe("Dee has no time at the flag in Round 1 (a lapped or retired car), so a time penalty cannot move them. Give a points penalty instead.")
    await runtime.dispose()
  })

  it("GIVEN a points table that rises THEN the admin is told which place, and the system is unchanged", async () => {
    const runtime = await setUp()
    const message = await runtime.runPromise(refusal(setPointsSystem(GUILD, ADMIN, "c1", { positions: "25, 18, 20" })))
    expect(message).toBe("P3 (20) would score more than P2 (18): points must not rise further down the order.")
    const edited = await runtime.runPromise(setPointsSystem(GUILD, ADMIN, "c1", { preset: "indycar", dropWorst: 2 }))
    expect(edited.scoring.system).toMatchObject({ name: "IndyCar-like (50, 40, 35 …), edited", dropWorst: 2, bonus: { pole: 1, mostLapsLed: 2 } })
    await runtime.dispose()
  })

  it("GIVEN stored standings THEN the CSV export has one line per driver with each round's points, dropped ones in brackets", async () => {
    const runtime = await setUp()
    await runtime.runPromise(setPointsSystem(GUILD, ADMIN, "c1", { dropWorst: 1 }))
    await runtime.runPromise(enterResults(GUILD, ADMIN, "c1", { label: "Round 1", startsAt: 1, eventId: "e1", text: RACE }))
    await runtime.runPromise(enterResults(GUILD, ADMIN, "c1", { label: "Round 2", startsAt: 2, eventId: "e2", text: "pos,driver,class\n1,Dee,GT3\n2,Ann,GT3" }))
    const files = await runtime.runPromise(exportStandings(GUILD, "c1", "csv"))
    // Nobody raced for a team: no team table.
    expect(files.map((file) => file.name)).toEqual(["gt3-cup-standings.csv"])
    const csv = files[0]!.data.toString("utf8").replace(/^\uFEFF/, "").split("\r\n")
    expect(csv[0]).toBe("class,position,driver,driver_id,member_id,team,car_number,wins,penalty_points,total,round_1,round_2")
    // Ann and Dee both 25 with a win each; Ann's second place beats Dee's third on countback. A missed round is blank.
    expect(csv.slice(1, 4)).toEqual(["GT3,1,Ann,name:ann,,,,1,0,25,25,(18)", "GT3,2,Dee,name:dee,,,,1,0,25,(15),25", `GT3,3,<@${MEMBER}>,member:${MEMBER},${MEMBER},,,0,0,18,18,`])
    const json = JSON.parse((await runtime.runPromise(exportStandings(GUILD, "c1", "json")))[0]!.data.toString("utf8"))
    expect(json.classes[0].drivers[1]).toMatchObject({ name: "Dee", total: 25 })
    await runtime.dispose()
  })

  it("GIVEN results naming teams THEN the CSV export adds the teams' table, each team once per class with the key its points are counted under", async () => {
    const runtime = await setUp()
    await runtime.runPromise(enterResults(GUILD, ADMIN, "c1", { label: "Round 1", startsAt: 1, eventId: "e1", text: "pos,driver,class,team\n1,Ann,GT3,Red Bull\n2,Bo,GT3,Blue\n3,Cy,GT3,red bull" }))
    const files = await runtime.runPromise(exportStandings(GUILD, "c1", "csv"))
    expect(files.map((file) => file.name)).toEqual(["gt3-cup-standings.csv", "gt3-cup-team-standings.csv"])
    const teams = files[1]!.data.toString("utf8").replace(/^\uFEFF/, "").split("\r\n")
    expect(teams.slice(0, 3)).toEqual(["class,position,team,team_id,wins,total", "GT3,1,red bull,name:red bull,1,40", "GT3,2,Blue,name:blue,0,18"])
    await runtime.dispose()
  })

  it("GIVEN an imported season WHEN checked against iRacing's standings THEN each driver whose points or place differ is listed, and matching ones are not", async () => {
    world.fake.addSeason(smallSeasonFixture(SAMPLE_LEAGUE_ID, 5501))
    const runtime = await setUp()
    await runtime.runPromise(setIracingSeason(GUILD, ADMIN, "c1", SAMPLE_LEAGUE_ID, 5501))
    await runtime.runPromise(setPointsSystem(GUILD, ADMIN, "c1", { positions: "10,6,4,3", pole: 1, fastestLap: 1, mostLapsLed: 1, dropWorst: 1, minimumPercentOfWinner: 50 }))
    const { importSeason } = await import("../../../../src/app/championships/import.js")
    await runtime.runPromise(importSeason(GUILD, ADMIN, "c1"))
    await runtime.runPromise(addPenalty(GUILD, STEWARD, "c1", { kind: "time", driverId: "ir:810001", roundId: `ir:${SMALL_SUBSESSIONS[1]}`, amount: 5, reason: "Track limits" }))
    const { differences } = await runtime.runPromise(crossCheckWithIracing(GUILD, "c1"))
    // iRacing has B first on 22 (as we do) and A second on 24 (we have 19 after the penalty); C, D, X, Y are ours only.
    expect(differences.map((d) => [d.name, d.ours?.total ?? null, d.theirs?.points ?? null])).toEqual([
      ["Driver A", 19, 24],
      ["Driver C", 11, null],
      ["Driver D", 9, null],
      ["Driver X", 21, null],
      ["Driver Y", 17, null],
    ])
    await runtime.dispose()
  })

  it("GIVEN the database failing a championship's import lease WHEN the automatic import runs THEN that check ends quietly for it and the next imports it", async () => {
    const starts = Date.UTC(2026, 9, 1, 18, 30)
    const runtime = await withRoundOfSeason(smallSeasonFixture(SAMPLE_LEAGUE_ID, 5501), starts, 2 * 3_600_000)
    let failures = 1
    const flakyLease = Effect.provideServiceEffect(
      Database,
      Effect.map(Database, (database) => ({
        ...database,
        query: <A>(operation: string, f: Parameters<typeof database.query<A>>[1]) =>
          operation === "lease.take" && failures-- > 0 ? Effect.fail(new DatabaseError({ cause: new Error("connection lost"), operation })) : database.query(operation, f),
      })),
    )
    expect(await runtime.runPromise(at(starts + 3 * 3_600_000)(flakyLease(runDueImports)))).toBe(0)
    expect(await runtime.runPromise(at(starts + 3 * 3_600_000 + 60_000)(flakyLease(runDueImports)))).toBe(3)
    await runtime.dispose()
  })

  it("GIVEN a championship round that ended WHEN the automatic import runs THEN its session is imported and tied to the event, once", async () => {
    const starts = Date.UTC(2026, 9, 1, 18, 30)
    const runtime = await withRoundOfSeason(smallSeasonFixture(SAMPLE_LEAGUE_ID, 5501), starts, 2 * 3_600_000)
    const tooSoon = await runtime.runPromise(at(starts + 2 * 3_600_000 + 60_000)(runDueImports))
    expect(tooSoon).toBe(0)
    const imported = await runtime.runPromise(at(starts + 3 * 3_600_000)(runDueImports))
    expect(imported).toBe(3)
    const sessions = await runtime.runPromise(readQuery("test.sessions", (db) => db.selectFrom("championship_sessions").select(["round_id", "event_id", "imported_by"]).orderBy("starts_at").execute()))
    expect(sessions[0]).toEqual({ round_id: `ir:${SMALL_SUBSESSIONS[0]}`, event_id: "e1", imported_by: "pitboard:auto-import" })
    expect(sessions.slice(1).map((s) => s.event_id)).toEqual([null, null])
    const calls = world.fake.counts.dataRequests
    // Later checks of the day pass it by a read: no iRacing call, and no lease written either.
    const operations: string[] = []
    const watched = Effect.provideServiceEffect(
      Database,
      Effect.map(Database, (database) => ({
        ...database,
        query: <A>(operation: string, f: Parameters<typeof database.query<A>>[1]) => (operations.push(operation), database.query(operation, f)),
        transaction: <A>(operation: string, f: Parameters<typeof database.transaction<A>>[1]) => (operations.push(operation), database.transaction(operation, f)),
      })),
    )
    expect(await runtime.runPromise(at(starts + 4 * 3_600_000)(watched(runDueImports)))).toBe(0)
    expect(world.fake.counts.dataRequests).toBe(calls)
    expect(operations.filter((operation) => operation.startsWith("lease."))).toEqual([])
    await runtime.dispose()
  })

  it("GIVEN a championship round run as a team race WHEN the automatic import runs after it ends THEN the team session is imported, tied to the event, and each team scores its car once", async () => {
    const starts = Date.UTC(2026, 10, 7, 17, 30)
    const runtime = await withRoundOfSeason(teamSeasonFixture(SAMPLE_LEAGUE_ID, 5601), starts, 4 * 3_600_000)
    const imported = await runtime.runPromise(at(starts + 5 * 3_600_000)(runDueImports))
    expect(imported).toBe(2)
    const sessions = await runtime.runPromise(readQuery("test.sessions", (db) => db.selectFrom("championship_sessions").select(["round_id", "event_id"]).orderBy("starts_at").execute()))
    expect(sessions[0]).toEqual({ round_id: `ir:${TEAM_SUBSESSIONS[0]}`, event_id: "e1" })
    // F1 points, no bonuses, no minimum distance: round 1 Apex 25, Blue Flag 18, Curbstone 15; round 2 Blue Flag 25, Curbstone 18, Apex 15.
    const table = await runtime.runPromise(championshipTable(GUILD, "c1"))
    expect(table.standings.classes[0]!.teams.map((t) => [t.team, t.total])).toEqual([["Blue Flag", 43], ["Apex Racing", 40], ["Curbstone", 33]])
    await runtime.dispose()
  })
})
