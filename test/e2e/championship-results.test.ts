import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Database } from "../../src/adapters/sqlite/database.js"
import { STANDINGS_FILE } from "../../src/adapters/discord/championships/results-views.js"
import type { SeedUser } from "./fake-discord/index.js"
import { startChampionshipBot, type ChampionshipBot } from "./championship-helpers.js"
import { SAMPLE_LEAGUE_ID } from "./fake-iracing/fixtures.js"
import { isEphemeral, replyOf, textOf, type TestBot } from "./harness.js"
import { SMALL_SUBSESSIONS, smallSeasonFixture } from "../fixtures/championships/iracing-season.js"

type Obj = Record<string, any>
const SEASON = 5501

/**
 * The season of test/fixtures/championships/season.ts served by the fake iRacing: three rounds,
 * GT3 and LMP2, a retirement before half distance, a 5 s time penalty, a 3-point penalty and the
 * worst round dropped. Its table was worked out by hand there (SMALL_TABLE).
 */
describe("championship results and standings, end to end", () => {
  let bot: ChampionshipBot
  let t: TestBot
  let owner: SeedUser
  let championship = ""
  beforeAll(async () => {
    bot = await startChampionshipBot(smallSeasonFixture(SAMPLE_LEAGUE_ID, SEASON), [{ name: "Stewards" }])
    t = bot.t
    owner = t.fake.owner
  })
  afterAll(async () => {
    await bot?.stop()
  })

  const slash = (subcommand: string, options: Obj = {}, user: SeedUser = owner) => bot.slash(subcommand, options, user)
  const suggestions = (subcommand: string, focused: string, options: Obj, user: SeedUser = owner) => bot.suggestions(subcommand, focused, options, user)

  it("GIVEN a championship with a points system WHEN an admin imports its iRacing season THEN three sessions are stored, and importing again changes nothing", async () => {
    const form = await slash("create")
    await replyOf(t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields: { name: "GT3 Sprint Cup", description: "" } }))
    championship = (await suggestions("show", "championship", { championship: "gt3" }))[0]!.value
    const points = await slash("points", { championship, points: "10, 6, 4, 3", pole: 1, fastest_lap: 1, most_laps_led: 1, drop_worst: 1, minimum_percent: 50 })
    expect(textOf(points)).toContain("Points: 10, 6, 4, 3")
    const first = await slash("import", { championship, league_id: SAMPLE_LEAGUE_ID, season_id: SEASON })
    expect(isEphemeral(first)).toBe(true)
    expect(textOf(first)).toContain("Imported 3 sessions")
    const again = await slash("import", { championship })
    expect(textOf(again)).toContain("No new sessions")
    expect(textOf(again)).toContain("Already here (unchanged): 3.")
    // The import is announced once, with the table's picture, as /championship standings shows it.
    await t.delivered()
    const posts = t.fake.channelMessages(t.fake.channel("general")).filter((m) => (m.embeds as Obj[])[0]?.title?.includes("GT3 Sprint Cup"))
    expect(posts).toHaveLength(1)
    expect(posts[0]!.embeds[0].image?.url).toBe(`attachment://${STANDINGS_FILE}`)
    expect((posts[0]!.attachments as Obj[]).map((a) => a.filename)).toEqual([STANDINGS_FILE])
  })

  it("GIVEN a member without the stewards module WHEN they give a penalty THEN they are refused privately, and the standings do not move", async () => {
    const member = t.member("driver")
    const reply = await slash("penalty", { championship, driver: "ir:810002", kind: "points", amount: 50, reason: "Just because" }, member)
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain("stewards")
    // Without penalties B scores 7, 6 and 12 and drops the 6: 19.
    expect(textOf(await slash("standings", { championship }))).toContain("Driver B — **19** pts")
  })

  it("GIVEN stewards' time and points penalties WHEN anyone asks for the standings THEN the public table matches the hand-computed one, with its picture", async () => {
    const stewards = t.fake.role("Stewards")
    const steward = t.member("steward", "member", [stewards])
    const grant = await replyOf(t.fake.slash({ user: owner, command: "permissions", subcommand: "grant", options: { module: "stewards", role: { role: stewards } } as never }))
    expect(textOf(grant)).toContain("stewards")

    const drivers = await suggestions("penalty", "driver", { championship, driver: "driver a" }, steward)
    expect(drivers[0]).toEqual({ name: "Driver A (GT3)", value: "ir:810001" })
    const rounds = await suggestions("penalty", "round", { championship, round: "" }, steward)
    expect(rounds.map((r) => r.value)).toEqual([...SMALL_SUBSESSIONS].reverse().map((id) => `ir:${id}`))

    const time = await slash("penalty", { championship, driver: "ir:810001", kind: "time", amount: 5, reason: "Track limits", round: `ir:${SMALL_SUBSESSIONS[1]}` }, steward)
    expect(textOf(time)).toContain("Gave **Driver A** a 5-second time penalty")
    const points = await slash("penalty", { championship, driver: "ir:810003", kind: "points", amount: 3, reason: "Causing a collision", round: `ir:${SMALL_SUBSESSIONS[2]}` }, steward)
    expect(textOf(points)).toContain("Gave **Driver C** a 3-point penalty")

    const standings = await slash("standings", { championship }, t.member("fan"))
    expect(isEphemeral(standings)).toBe(false)
    const fields = (standings.embeds[0].fields as Obj[]).map((f) => [f.name, (f.value as string).split("\n").map((line) => line.replace(/\*\*/g, ""))])
    expect(fields).toEqual([
      ["GT3", ["1. Driver B — 22 pts · 2 wins", "2. Driver A — 19 pts · 1 win", "3. Driver D — 9 pts", "4. Driver C — 8 pts · −3 penalty"]],
      ["LMP2", ["1. Driver X — 21 pts · 1 win", "2. Driver Y — 17 pts · 1 win"]],
    ])
    expect(standings.embeds[0].image.url).toBe("attachment://standings.png")
    expect((standings.attachments as Obj[]).map((a) => a.filename)).toEqual(["standings.png"])
  })

  it("GIVEN the penalties WHEN a steward withdraws the points penalty from the menu THEN the driver's total is restored", async () => {
    const list = await slash("penalties", { championship })
    const menu = (list.components as Obj[])[0]!.components[0]
    const option = (menu.options as Obj[]).find((o) => String(o.label).startsWith("Driver C"))!
    const withdrawn = await replyOf(t.fake.select({ user: owner, customId: menu.custom_id, values: [option.value], message: list.id ?? list }))
    expect(textOf(withdrawn)).toContain("Withdrew Driver C's penalty")
    const standings = await slash("standings", { championship })
    expect(textOf(standings)).toContain("Driver C — **11** pts")
  })

  it("GIVEN the standings WHEN exported as CSV THEN each driver's rounds and total are there, dropped rounds in brackets", async () => {
    const handle = t.fake.slash({ user: owner, command: "championship", subcommand: "standings", options: { championship, export: "csv" } as never })
    await replyOf(handle)
    const reply = handle.original()!
    expect(isEphemeral(reply)).toBe(true)
    const attachment = (reply.attachments as Obj[])[0]!
    const text = (await (await fetch(attachment.url)).text()).replace(/^\uFEFF/, "")
    expect(text.split("\r\n").slice(1, 3)).toEqual(["GT3,1,Driver B,ir:810002,,,2,2,0,22,(7),10,12", "GT3,2,Driver A,ir:810001,,,1,1,0,19,12,7,"])
  })

  it("GIVEN a championship round not run on iRacing WHEN an admin opens the results form for its event and pastes the order THEN the round joins the table in date order", async () => {
    const startsAt = Date.UTC(2026, 9, 10, 19)
    await t.bot.runtime.runPromise(
      Effect.flatMap(Database, (database) =>
        database.query("test.insert-event", (db) =>
          db
            .insertInto("events")
            .values({ id: "ev-offline", guild_id: t.fake.guildId, status: "published", title: "Round 2b at Zandvoort", details_json: "{}", starts_at: startsAt, ends_at: startsAt + 3_600_000, track_id: "none", championship_id: championship, created_by: owner.id, created_at: 0, updated_at: 0, card_channel_id: null, card_message_id: null, scheduled_event_id: null })
            .execute(),
        ),
      ),
    )
    const events = await suggestions("results", "event", { championship, event: "zand" })
    expect(events).toEqual([{ name: "2026-10-10 Round 2b at Zandvoort", value: "ev-offline" }])
    const formReply = await slash("results", { championship, event: "ev-offline" })
    expect(formReply.callbackType).toBe(9)
    const prefilled = Object.fromEntries((formReply.components as Obj[]).map((label) => [label.component.custom_id, label.component.value]))
    expect(prefilled.label).toBe("Round 2b at Zandvoort")
    const bad = await replyOf(t.fake.modalSubmit({ user: owner, customId: formReply.custom_id, fields: { label: "Round 2b at Zandvoort", results: "pos,driver\n1,Driver B\n1,Driver A" } }))
    expect(isEphemeral(bad)).toBe(true)
    expect(textOf(bad)).toBe("Position 1 appears twice, on lines 2 and 3. Each car finishes once: put a shared car's other drivers in the co-drivers column.")
    const stored = await replyOf(t.fake.modalSubmit({ user: owner, customId: formReply.custom_id, fields: { label: "Round 2b at Zandvoort", results: "pos,driver,class,laps\n1,Driver C,GT3,20\n2,Driver B,GT3,20" } }))
    expect(textOf(stored)).toContain("Stored 2 results for **Round 2b at Zandvoort**")
    // 10 October falls between the imported rounds of 8 and 15 October: it becomes round 3.
    const rounds = await suggestions("penalty", "round", { championship, round: "" })
    expect(rounds.map((r) => r.name)).toContain("Round 3: Round 2b at Zandvoort")
    // Driver C's name matches the imported driver, so the win joins their row: 4, 5, 10, 6, the 4 dropped: 21.
    expect(textOf(await slash("standings", { championship }))).toContain("Driver C — **21** pts · 1 win")
  })

  it("GIVEN a CSV file WHEN an admin uploads it for a round THEN it is stored like the form's", async () => {
    const csv = "pos;driver;class;laps;status\n1;Driver D;GT3;20;\n2;Driver A;GT3;3;Disconnected"
    const reply = await slash("results", { championship, file: { attachment: { filename: "round-5.csv", contentType: "text/csv", data: csv } }, round: "Round 5 at Imola" })
    expect(textOf(reply)).toContain("Stored 2 results for **Round 5 at Imola**")
    expect(textOf(await slash("standings", { championship }))).toContain("After 5 rounds (latest: Round 5 at Imola)")
  })
})
