import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { Iracing } from "../../../../src/adapters/iracing/service.js"
import { generateLeague, SAMPLE_LEAGUE_ID } from "../../../e2e/fake-iracing/fixtures.js"
import { failureOf, roster, runClientGet, runIracing, settingsFor, useWorld } from "./helpers.js"

describe("iRacing adapter: reading league and member data from the fake", () => {
  const world = useWorld()

  it("GIVEN valid credentials WHEN the league roster is read THEN it logs in once and keeps car numbers as exact strings", async () => {
    const league = await runIracing(settingsFor(world.fake), world.dbPath, roster(SAMPLE_LEAGUE_ID))
    expect(league.leagueId).toBe(SAMPLE_LEAGUE_ID)
    expect(league.leagueName).toBe("Battle Of The Leagues")
    const numbers = league.roster.map((m) => m.carNumber)
    expect(numbers).toEqual(["500", "01", "501", "1", "001", "15", "15", "69", null, null, "09"])
    expect(league.roster[0]).toEqual({ custId: 900745, displayName: "Jason Rushing", carNumber: "500", nickName: null, admin: true, owner: true })
    expect(league.roster.find((m) => m.custId === 310006)).toMatchObject({ carNumber: null, nickName: "Oli P" })
    // Extra upstream fields (helmet, league_member_since…) are dropped, not passed through.
    expect(Object.keys(league.roster[1]!).sort()).toEqual(["admin", "carNumber", "custId", "displayName", "nickName", "owner"])
    expect(world.fake.counts.fullLogins).toBe(1)
  })

  it("GIVEN a data call THEN the S3 link is fetched without the Authorization header, which the fake would refuse", async () => {
    await runIracing(settingsFor(world.fake), world.dbPath, roster(SAMPLE_LEAGUE_ID))
    const s3 = world.fake.requests.filter((r) => r.url.startsWith("/s3/"))
    const data = world.fake.requests.filter((r) => r.url.startsWith("/data/"))
    expect(s3).toHaveLength(1)
    expect(s3[0]!.headers.authorization).toBeUndefined()
    expect(s3[0]!.status).toBe(200)
    expect(data[0]!.headers.authorization).toMatch(/^Bearer at_/)
    // The fake really does reject a link fetched with auth, so the check above has teeth.
    const withAuth = await fetch(world.fake.url + s3[0]!.url, { headers: { authorization: "Bearer x" } })
    expect(withAuth.status).toBe(400)
    expect(await withAuth.text()).toContain("Only one auth mechanism allowed")
  })

  it("GIVEN league/roster's three hops THEN link and data_url are both followed", async () => {
    const Roster = Schema.Struct({ roster: Schema.Array(Schema.Struct({ cust_id: Schema.Number, car_number: Schema.NullOr(Schema.String) })) })
    const result = await runClientGet(settingsFor(world.fake), world.dbPath, "/data/league/roster", { league_id: SAMPLE_LEAGUE_ID }, Roster)
    expect(result.roster.map((m) => m.car_number)).toContain("001")
    expect(world.fake.requests.filter((r) => r.url.startsWith("/s3/"))).toHaveLength(2)
  })

  it("GIVEN a chunked answer THEN every chunk file is fetched and the rows are merged in order", async () => {
    const Standings = Schema.Struct({ season_id: Schema.Number, chunk_data: Schema.Array(Schema.Struct({ rank: Schema.Number })) })
    const result = await runClientGet(settingsFor(world.fake), world.dbPath, "/data/stats/season_driver_standings", { season_id: 4183, car_class_id: 4013 }, Standings)
    expect(result.season_id).toBe(4183)
    expect(result.chunk_data).toHaveLength(1234)
    expect(result.chunk_data.map((r) => r.rank)).toEqual(Array.from({ length: 1234 }, (_, i) => i + 1))
    const chunkFetches = world.fake.requests.filter((r) => r.url.startsWith("/s3/chunks/"))
    expect(chunkFetches).toHaveLength(3)
    expect(chunkFetches.every((r) => r.headers.authorization === undefined && r.status === 200)).toBe(true)
  })

  it("GIVEN a 2,000-member league THEN the whole roster arrives decoded", async () => {
    world.fake.addLeague(generateLeague(777, 2000))
    const league = await runIracing(settingsFor(world.fake), world.dbPath, roster(777))
    expect(league.roster).toHaveLength(2000)
    expect(new Set(league.roster.map((m) => m.custId)).size).toBe(2000)
    expect(league.roster.some((m) => m.carNumber !== null && /^0\d/.test(m.carNumber))).toBe(true)
    expect(league.roster.some((m) => m.carNumber === null)).toBe(true)
  })

  it("GIVEN driver lookups and member ids THEN matches come back, narrowed by league, and unknown ids are None", async () => {
    const [everyone, inLeague, known, unknown, blank] = await runIracing(
      settingsFor(world.fake),
      world.dbPath,
      Effect.flatMap(Iracing, (iracing) =>
        Effect.all([iracing.lookupDrivers("max"), iracing.lookupDrivers("fifteen", SAMPLE_LEAGUE_ID), iracing.member(473030), iracing.member(1), iracing.lookupDrivers("  ")]),
      ),
    )
    expect(everyone).toEqual([
      { custId: 168966, displayName: "Max Verstappen" },
      { custId: 1345083, displayName: "Max Verstappen10" },
    ])
    expect(inLeague.map((d) => d.custId)).toEqual([310003, 310004])
    expect(known).toEqual(Option.some({ custId: 473030, displayName: "Lukas Schwenk" }))
    expect(unknown).toEqual(Option.none())
    expect(blank).toEqual([])
    expect(world.fake.requests.find((r) => r.url.startsWith("/data/member/get"))!.url).toContain("cust_ids=473030")
  })

  it("GIVEN a roster entry without cust_id THEN IracingBadPayload names the field and the endpoint", async () => {
    world.fake.setMode("malformed")
    const error = await failureOf(settingsFor(world.fake), world.dbPath, roster(SAMPLE_LEAGUE_ID))
    expect(error._tag).toBe("IracingBadPayload")
    expect(error).toMatchObject({ endpoint: "/data/league/get", path: "roster[1].cust_id", problem: "is missing" })
    expect(error.message).toContain("roster[1].cust_id is missing")
  })

  it("GIVEN iRacing answers with a link the storage host no longer has THEN IracingDownloadFailed carries 404 and does not send the admin to check the ids", async () => {
    world.fake.setMode("download-404")
    const error = await failureOf(settingsFor(world.fake), world.dbPath, roster(SAMPLE_LEAGUE_ID))
    expect(error).toMatchObject({ _tag: "IracingDownloadFailed", status: 404 })
    expect(error.message).not.toContain("check the league or member id")
    // The operation names the file without its presigned query, so it can go into a log.
    expect((error as { operation: string }).operation).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/s3\/data\/[0-9a-f]+\.json \(for \/data\/league\/get\)$/)
  })

  it("GIVEN an unknown league THEN IracingUnavailable carries 404 and a message that says what to check", async () => {
    const error = await failureOf(settingsFor(world.fake), world.dbPath, roster(424242))
    expect(error).toMatchObject({ _tag: "IracingUnavailable", status: 404 })
    expect(error.message).toContain("check the league or member id")
  })
})
