import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { saveLink } from "../../src/adapters/sqlite/repositories/member-links.js"
import type { SeedUser } from "./fake-discord/index.js"
import { startChampionshipBot, type ChampionshipBot } from "./championship-helpers.js"
import { SAMPLE_LEAGUE_ID } from "./fake-iracing/fixtures.js"
import { isEphemeral, replyOf, textOf, type TestBot } from "./harness.js"
import { query } from "./race-night-helpers.js"
import { teamStandingRow } from "./fake-iracing/results.js"
import { RENAMED_BLUE, TEAM_CUST_IDS, TEAM_IDS, TEAM_TABLE, teamSeasonFixture } from "../fixtures/championships/iracing-team-season.js"

type Obj = Record<string, any>
const SEASON = 5601

/**
 * The team season of test/fixtures/championships/iracing-team-season.ts served by the fake iRacing:
 * two team races whose results/get rows are cars with their drivers nested. Its tables were worked
 * out by hand there (TEAM_TABLE).
 */
describe("championship results of team races, end to end", () => {
  let bot: ChampionshipBot
  let t: TestBot
  let owner: SeedUser
  let ann: SeedUser
  let championship = ""
  beforeAll(async () => {
    bot = await startChampionshipBot(teamSeasonFixture(SAMPLE_LEAGUE_ID, SEASON))
    t = bot.t
    owner = t.fake.owner
    ann = t.member("ann")
  })
  afterAll(async () => {
    await bot?.stop()
  })

  const slash = (subcommand: string, options: Obj = {}) => bot.slash(subcommand, options)
  const storedResults = () => query(t, (db) => db.selectFrom("championship_results").select(["driver_id", "entry_id", "member_id", "team", "class_position"]).orderBy("round_id").orderBy("driver_id").execute())
  const standingsFields = async () =>
    ((await slash("standings", { championship })).embeds[0].fields as Obj[]).map((f) => [f.name, (f.value as string).split("\n").map((line) => line.replace(/\*\*/g, ""))])

  it("GIVEN a team championship and a member linked to one co-driver WHEN an admin imports the iRacing season THEN the team and driver tables match the hand-computed ones", async () => {
    await query(t, (db) =>
      saveLink(db, t.fake.guildId, { memberId: ann.id, custId: TEAM_CUST_IDS.ann, iracingName: "Ann", linkedBy: owner.id, linkedAt: 0 }),
    )
    const form = await slash("create")
    await replyOf(t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields: { name: "Endurance Teams", description: "" } }))
    championship = (await bot.suggestions("show", "championship", { championship: "endurance" }))[0]!.value
    await slash("points", { championship, points: "10, 6, 4, 3", pole: 1, fastest_lap: 1, most_laps_led: 1, drop_worst: 0, minimum_percent: 50 })

    const imported = await slash("import", { championship, league_id: SAMPLE_LEAGUE_ID, season_id: SEASON })
    expect(isEphemeral(imported)).toBe(true)
    expect(textOf(imported)).toContain("Imported 2 sessions")

    const line = ([name, total]: readonly [string, number], index: number) => `${index + 1}. ${name} — ${total} pts`
    const drivers = TEAM_TABLE.drivers.map((row, i) => line(row, i).replace("Ann —", `<@${ann.id}> (Ann) —`))
    expect(await standingsFields()).toEqual([
      ["GT3", [drivers[0] + " · 1 win", drivers[1] + " · 1 win", drivers[2] + " · 1 win", drivers[3] + " · 1 win", drivers[4] + " · 1 win", drivers[5]]],
      ["GT3 teams", TEAM_TABLE.teams.map(line)],
    ])

    // Five drivers drove round 1 (Eve never took the wheel), six round 2; each row names the car and its team.
    const rows = await storedResults()
    expect(rows).toHaveLength(11)
    expect(rows.filter((r) => r.driver_id === `ir:${TEAM_CUST_IDS.ann}`)).toEqual([
      { driver_id: `ir:${TEAM_CUST_IDS.ann}`, entry_id: "ir-team:9001", member_id: ann.id, team: "Apex Racing", class_position: 1 },
      { driver_id: `ir:${TEAM_CUST_IDS.ann}`, entry_id: "ir-team:9001", member_id: ann.id, team: "Apex Racing", class_position: 3 },
    ])
    expect(rows.filter((r) => r.driver_id === `ir:${TEAM_CUST_IDS.eve}`)).toHaveLength(1)
  })

  it("GIVEN the imported team season WHEN the admin imports again THEN nothing is stored twice and the tables do not move", async () => {
    const before = { fields: await standingsFields(), rows: await storedResults() }
    const again = await slash("import", { championship })
    expect(textOf(again)).toContain("No new sessions")
    expect(textOf(again)).toContain("Already here (unchanged): 2.")
    expect({ fields: await standingsFields(), rows: await storedResults() }).toEqual(before)
  })

  it("GIVEN the team standings WHEN exported as CSV THEN each driver's row names their team and linked member, and a second file holds the teams' table by iRacing team id", async () => {
    const handle = t.fake.slash({ user: owner, command: "championship", subcommand: "standings", options: { championship, export: "csv" } as never })
    await replyOf(handle)
    const attachments = handle.original()!.attachments as Obj[]
    const lines = async (attachment: Obj) => (await (await fetch(attachment.url as string)).text()).replace(/^\uFEFF/, "").split("\r\n")
    expect(attachments.map((a) => a.filename)).toEqual(["endurance-teams-standings.csv", "endurance-teams-team-standings.csv"])
    expect((await lines(attachments[0]!)).find((l) => l.includes(",Ann,"))).toBe(`GT3,3,Ann,ir:${TEAM_CUST_IDS.ann},${ann.id},Apex Racing,11,1,0,16,12,4`)
    expect((await lines(attachments[1]!)).slice(0, 4)).toEqual([
      "class,position,team,team_id,wins,total",
      `GT3,1,Blue Flag,ir-team:${TEAM_IDS.blue},1,20`,
      `GT3,2,Apex Racing,ir-team:${TEAM_IDS.apex},1,16`,
      `GT3,3,Curbstone,ir-team:${TEAM_IDS.curb},0,6`,
    ])
  })

  it("GIVEN a bad co-drivers line WHEN an admin uploads it THEN the refusal names the line and nothing is stored", async () => {
    const before = await storedResults()
    const csv = "pos,driver,co-drivers,team,laps\n1,Cal,Dee,Blue Flag,30\n2,Ann,Ben / Dee,Apex Racing,30"
    const reply = await slash("results", { championship, file: { attachment: { filename: "r3.csv", contentType: "text/csv", data: csv } }, round: "Round 3 offline" })
    expect(textOf(reply)).toBe("Line 3: Dee already drove the car on line 2. A driver races in one car.")
    expect(await storedResults()).toEqual(before)
  })

  it("GIVEN a hand-entered team race with a co-drivers column WHEN uploaded THEN every driver of a car is credited with its finish and each team scores the car once", async () => {
    // Round 3, 10-6-4-3 and no bonus columns: Blue Flag (Cal, Dee, Eve) 10, Apex Racing (Ann by mention, Ben) 6, Curbstone (Fay) 4.
    const csv = `pos,driver,co-drivers,team,class,laps\n1,Cal,Dee / Eve,Blue Flag,GT3,30\n2,<@${ann.id}>,Ben,Apex Racing,GT3,30\n3,Fay,,Curbstone,GT3,30`
    const reply = await slash("results", { championship, file: { attachment: { filename: "r3.csv", contentType: "text/csv", data: csv } }, round: "Round 3 offline" })
    expect(textOf(reply)).toContain("Stored 6 results for **Round 3 offline**")
    // A member looks: each co-driver has the car's 10 or 6 on top of TEAM_TABLE, each team the car's once.
    const fields = ((await bot.slash("standings", { championship }, ann)).embeds[0].fields as Obj[]).map((f) => [f.name, (f.value as string).split("\n").map((line) => line.replace(/\*\*/g, ""))])
    expect(fields).toEqual([
      ["GT3", ["1. Cal — 30 pts · 2 wins", "2. Dee — 30 pts · 2 wins", "3. Eve — 23 pts · 2 wins", `4. <@${ann.id}> (Ann) — 22 pts · 1 win`, "5. Ben — 22 pts · 1 win", "6. Fay — 10 pts"]],
      ["GT3 teams", ["1. Blue Flag — 30 pts", "2. Apex Racing — 22 pts", "3. Curbstone — 10 pts"]],
    ])
  })
})

describe("a team renamed on iRacing mid-season, end to end", () => {
  let bot: ChampionshipBot
  beforeAll(async () => {
    // iRacing's own team table: Blue Flag as we have it (under its old name), Apex Racing 2 points more.
    const teamStandings = { 0: [teamStandingRow(1, TEAM_IDS.blue, "Blue Flag", 20, 1), teamStandingRow(2, TEAM_IDS.apex, "Apex Racing", 18, 1), teamStandingRow(3, TEAM_IDS.curb, "Curbstone", 6)] }
    bot = await startChampionshipBot({ ...teamSeasonFixture(SAMPLE_LEAGUE_ID, SEASON, { blueRenamed: true }), teamStandings })
  })
  afterAll(async () => {
    await bot?.stop()
  })

  it("GIVEN Blue Flag renamed Blue Flag Racing before round 2 WHEN the season is imported THEN the team table has one row for it, under the new name, with both rounds' points", async () => {
    const owner = bot.t.fake.owner
    const form = await bot.slash("create")
    await replyOf(bot.t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields: { name: "Renamed Teams", description: "" } }))
    const championship = (await bot.suggestions("show", "championship", { championship: "renamed" }))[0]!.value
    await bot.slash("points", { championship, points: "10, 6, 4, 3", pole: 1, fastest_lap: 1, most_laps_led: 1, drop_worst: 0, minimum_percent: 50 })
    expect(textOf(await bot.slash("import", { championship, league_id: SAMPLE_LEAGUE_ID, season_id: SEASON }))).toContain("Imported 2 sessions")

    // A member looks at the table: the same totals as without the rename (TEAM_TABLE), Blue Flag under its new name.
    const standings = await bot.slash("standings", { championship }, bot.t.member("ann"))
    const teams = (standings.embeds[0].fields as Obj[]).find((f) => f.name === "GT3 teams")!
    expect((teams.value as string).split("\n").map((line) => line.replace(/\*\*/g, ""))).toEqual([`1. ${RENAMED_BLUE} — 20 pts`, "2. Apex Racing — 16 pts", "3. Curbstone — 6 pts"])
  })

  it("GIVEN iRacing keeps team standings WHEN an admin cross-checks THEN teams are compared by iRacing team id and only Apex Racing's 2 points differ", async () => {
    const championship = (await bot.suggestions("show", "championship", { championship: "renamed" }))[0]!.value
    const reply = await bot.slash("crosscheck", { championship })
    const embed = reply.embeds[0] as Obj
    expect(embed.description).toBe("iRacing keeps no driver standings for this season (or shows them to no one), so there is nothing to compare for drivers.\n1 team differs from iRacing's 3.")
    expect(embed.fields).toEqual([{ name: "Team differences", value: "**Apex Racing**: here P2 16 pts (GT3) · iRacing P2 18 pts" }])
  })
})
