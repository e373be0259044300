/**
 * Race night's time-driven half through the fake Discord: check-in across a restart, closing with
 * no-shows replaced in queue order, the live grid edited in place, reminders, a trigger missed
 * while the bot was down, and the export matching the grid.
 *
 * The bot runs on the real clock, so "time passes" by moving the event's stored start through the
 * repository, and a scheduler check is run by hand (the background one checks only hourly here).
 */
import { parse } from "csv/sync"
import * as Schema from "effect/Schema"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openDatabase } from "../../src/adapters/sqlite/database.js"
import { readEvent, updateEventDetails } from "../../src/adapters/sqlite/repositories/events.js"
import { readFiredTriggers } from "../../src/adapters/sqlite/repositories/participants.js"
import { saveClass } from "../../src/app/numbers/setup.js"
import type { StartOptions } from "../../src/app/pitboard.js"
import { runDueTriggers } from "../../src/app/race-night/scheduler.js"
import { EventExport } from "../../src/machines/race-night/entry-list-rows.js"
import type { SeedUser } from "./fake-discord/index.js"
import { isEphemeral, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"
import { HOUR, moveStart, press, publishEvent, query, refusedCallbacks, register, run, waitUntil, type Card } from "./race-night-helpers.js"

type Obj = Record<string, any>
const MINUTE = 60_000
const DEBOUNCE_MS = 300
const OPTIONS: StartOptions = { liveGridDebounce: DEBOUNCE_MS, raceNightCheckEvery: "1 hour" }

const checkNow = (t: TestBot) => run(t, runDueTriggers)

describe("race night on the clock", () => {
  let t: TestBot
  let card: Card
  let drivers: SeedUser[]
  /** When each bot began to stop: edits are compared only within one bot's life. */
  const stops: number[] = []
  const roster = () => t.fake.channel("roster")
  const gridMessages = (eventId: string) =>
    t.fake.channelMessages(roster()).filter((m) => String((m.embeds as Obj[])[0]?.footer?.text ?? "").endsWith(`event ${eventId}`))
  const gridText = (eventId: string) => textOf(gridMessages(eventId)[0] ?? {})
  const dmTexts = (user: SeedUser) => t.fake.dms(user.id).map((m) => String(m.content))
  const slash = (user: SeedUser, command: string, subcommand: string, options?: Record<string, string>) =>
    replyOf(t.fake.slash({ user, command, subcommand, ...(options === undefined ? {} : { options }) }))
  const restart = async () => {
    stops.push(Date.now())
    await t.restart(OPTIONS)
  }

  beforeAll(async () => {
    t = await startTestBot({ ...OPTIONS, fake: { guilds: [{ roles: [{ name: "Drivers" }], channels: [{ name: "general" }, { name: "events" }, { name: "roster" }] }] } })
    await run(t, saveClass(t.fake.guildId, t.fake.owner.id, { name: "GT3", range: "1-199", limit: "1", reserved: "" }))
    drivers = Array.from({ length: 6 }, (_, i) => t.member(`driver${i + 1}`))
    // Check-in is open from the start (it opens 24 h before) and closes 30 minutes before the start.
    card = await publishEvent(t, { title: "Monza 6 Hours", maxDrivers: 3, startsIn: 2 * HOUR })
  })
  afterAll(async () => {
    await t?.stop()
  })

  it("GIVEN six drivers with car numbers register for three places THEN the grid message appears in the roster channel with 3/3 and the waitlist", async () => {
    const [, , d3] = drivers as [SeedUser, SeedUser, SeedUser]
    expect(textOf(await slash(d3, "reminders", "off"))).toContain("No more check-in reminder DMs")
    expect(textOf(await slash(d3, "reminders", "status"))).toContain("No more check-in reminder DMs")
    for (const [i, driver] of drivers.entries()) {
      expect(textOf(await slash(driver, "number", "claim", { number: String(10 + i) }))).toContain(`#${10 + i}`)
      await register(t, driver, card, { fullName: `Driver Number${i + 1}`, driverId: String(100_000 + i), vehicle: ["Dallara P217"] })
    }
    await waitUntil(() => gridText(card.id).includes("**3** on the waitlist") && gridText(card.id).includes("Driver Number6"))
    const text = gridText(card.id)
    expect(text).toContain("**3/3** on the grid")
    expect(text).toContain("`01` **#10** Driver Number1 ⏳")
    expect(text).toContain("`W3` #15 Driver Number6 ⏳")
    expect(gridMessages(card.id)).toHaveLength(1)
  })

  it("GIVEN check-in is open WHEN the scheduler checks THEN grid drivers not checked in are mentioned once and DMed unless they turned DMs off", async () => {
    const [d1, d2, d3, d4] = drivers as [SeedUser, SeedUser, SeedUser, SeedUser]
    const fired = await checkNow(t)
    expect(fired.map((f) => f.kind)).toEqual(["checkin-open"])
    await t.delivered()
    const reminders = t.fake.calls.filter((c) => c.method === "POST" && c.path === `/channels/${roster()}/messages` && String(c.body?.content).startsWith("⏰"))
    expect(reminders).toHaveLength(1)
    expect(reminders[0]!.body.content).toContain(`<@${d1.id}> <@${d2.id}> <@${d3.id}>`)
    expect(reminders[0]!.body.content).not.toContain(d4.id)
    expect(reminders[0]!.body.allowed_mentions).toEqual({ users: [d1.id, d2.id, d3.id] })
    await waitUntil(() => dmTexts(d2).some((dm) => dm.startsWith("⏰ Check-in for **Monza 6 Hours**")))
    expect(dmTexts(d1).filter((dm) => dm.startsWith("⏰"))).toHaveLength(1)
    expect(dmTexts(d3).filter((dm) => dm.startsWith("⏰"))).toEqual([])
    expect(dmTexts(d4).filter((dm) => dm.startsWith("⏰"))).toEqual([])
    expect(await checkNow(t)).toEqual([])
  })

  it("GIVEN some check in, the bot restarts mid-window and more check in THEN the same grid message shows every check-in", async () => {
    const [d1, , , , d5, d6] = drivers as [SeedUser, SeedUser, SeedUser, SeedUser, SeedUser, SeedUser]
    const gridId = String(gridMessages(card.id)[0]!.id)
    expect(textOf(await press(t, d1, card, "Check in"))).toContain("checked in")
    await restart()
    // The waitlist's later member checks in first: the queue, not the check-in time, decides who moves up.
    expect(textOf(await press(t, d6, card, "Check in"))).toContain("checked in")
    expect(textOf(await press(t, d5, card, "Check in"))).toContain("checked in")
    await waitUntil(() => gridText(card.id).includes("`W2` #14 Driver Number5 ✅") && gridText(card.id).includes("`W3` #15 Driver Number6 ✅"))
    expect(gridText(card.id)).toContain("`01` **#10** Driver Number1 ✅")
    expect(gridMessages(card.id).map((m) => String(m.id))).toEqual([gridId])
  })

  it("GIVEN check-in closes THEN no-shows lose their places to the checked-in waitlist in queue order, once, however often the scheduler checks", async () => {
    const [d1, d2, d3, d4, d5, d6] = drivers as [SeedUser, SeedUser, SeedUser, SeedUser, SeedUser, SeedUser]
    const gridId = String(gridMessages(card.id)[0]!.id)
    // 29 minutes to the start: check-in closed a minute ago.
    await moveStart(t, card, Date.now() + 29 * MINUTE)
    const [first, second] = await Promise.all([checkNow(t), checkNow(t)])
    const closes = [...first!, ...second!].filter((f) => f.kind === "checkin-close")
    expect(closes).toHaveLength(1)
    expect(closes[0]).toMatchObject({ noShows: 2, promoted: 2 })
    await waitUntil(() => gridText(card.id).includes("2 no-shows") && gridText(card.id).includes("Check-in closed"))
    const text = gridText(card.id)
    expect([...text.matchAll(/^`0\d` \*\*#\d+\*\* (Driver Number\d)/gm)].map((m) => m[1])).toEqual(["Driver Number1", "Driver Number5", "Driver Number6"])
    expect(text).toContain("`W1` #13 Driver Number4 ⏳")
    expect(text).toContain("✅ **3/3** checked in")
    expect(gridMessages(card.id).map((m) => String(m.id))).toEqual([gridId])
    // Stale reminders are recorded, not sent: nobody hears "15 minutes left" after closing.
    expect(t.fake.channelMessages(roster()).filter((m) => String(m.content).includes("15 minutes left"))).toEqual([])
    await waitUntil(() => dmTexts(d2).some((dm) => dm.includes("closed before you checked in")) && dmTexts(d6).some((dm) => dm.includes("on the grid")))
    expect(dmTexts(d3).some((dm) => dm.includes("closed before you checked in"))).toBe(true)
    expect(dmTexts(d5).some((dm) => dm.includes("you're now **on the grid**"))).toBe(true)
    const roles = (user: SeedUser) => (t.fake.memberRoles(t.fake.guildId, user.id) ?? []).includes(t.fake.role("Drivers"))
    await waitUntil(() => roles(d5) && roles(d6) && !roles(d2) && !roles(d3))
    expect([roles(d1), roles(d4)]).toEqual([true, false])

    await restart()
    expect((await checkNow(t)).filter((f) => f.kind === "checkin-close")).toEqual([])
    const fired = await query(t, (k) => readFiredTriggers(k, card.id))
    expect(fired.filter((f) => f.kind === "checkin-close")).toHaveLength(1)
  })

  it("GIVEN an admin exports the event THEN the CSV parses back in grid order with names and car numbers, and the JSON decodes with the documented schema", async () => {
    const csvHandle = t.fake.slash({ user: t.fake.owner, command: "event", subcommand: "export", options: { event: card.id, format: "csv" } })
    const csvReply = await replyOf(csvHandle)
    expect(isEphemeral(csvReply)).toBe(true)
    const csvFile = csvHandle.responses().flatMap((call) => call.files)[0]!
    expect(csvFile.filename).toMatch(/^entry-list-monza-6-hours-\d{4}-\d{2}-\d{2}\.csv$/)
    const rows = parse(csvFile.data, { columns: true, bom: true }) as Array<Record<string, string>>
    const onGrid = [...gridText(card.id).matchAll(/^`(\d+)` \*\*#(\d+)\*\* (Driver Number\d)/gm)].map((m) => [String(Number(m[1])), "grid", m[3], m[2]])
    expect(rows.map((r) => [r.position, r.status, r.full_name, r.car_number])).toEqual([...onGrid, ["1", "waitlist", "Driver Number4", "13"]])
    expect(rows.map((r) => r.member)).toEqual(["driver1", "driver5", "driver6", "driver4"])
    expect(rows.map((r) => r.checked_in)).toEqual(["yes", "yes", "yes", "no"])

    const jsonHandle = t.fake.slash({ user: t.fake.owner, command: "event", subcommand: "export", options: { event: card.id, format: "json" } })
    await replyOf(jsonHandle)
    const jsonFile = jsonHandle.responses().flatMap((call) => call.files)[0]!
    const doc = Schema.decodeUnknownSync(EventExport)(JSON.parse(jsonFile.data.toString("utf8")))
    expect(doc.grid.map((e) => [e.fullName, e.carNumber])).toEqual(rows.slice(0, 3).map((r) => [r.full_name, r.car_number]))
    expect(doc.waitlist.map((e) => e.memberId)).toEqual([drivers[3]!.id])

    const memberHandle = t.fake.slash({ user: drivers[0]!, command: "event", subcommand: "export", options: { event: card.id } })
    expect(isEphemeral(await replyOf(memberHandle))).toBe(true)
    expect(memberHandle.responses().flatMap((call) => call.files)).toEqual([])
  })

  it("GIVEN the bot was down when check-in closed THEN the closing fires at start-up and its no-show is told", async () => {
    const late = await publishEvent(t, { title: "Spa Sprint", maxDrivers: 2, startsIn: 3 * HOUR })
    const [d1, d2] = drivers as [SeedUser, SeedUser]
    await register(t, d1, late, { fullName: "Late One", driverId: "200001", vehicle: ["Dallara P217"] })
    await register(t, d2, late, { fullName: "Late Two", driverId: "200002", vehicle: ["Dallara P217"] })
    await press(t, d1, late, "Check in")
    stops.push(Date.now())
    await t.bot.stop()
    // While the bot is down, time passes: the race is now 10 minutes away, check-in closed 20 minutes ago.
    const db = await openDatabase(t.databasePath)
    const stored = (await readEvent(db, t.fake.guildId, late.id))!
    await updateEventDetails(db, t.fake.guildId, late.id, { ...stored.details, schedule: { ...stored.details.schedule, startsAt: Date.now() + 10 * MINUTE } }, Date.now())
    await db.destroy()
    await restart()
    await waitUntil(() => dmTexts(d2).some((dm) => dm.includes("Spa Sprint") && dm.includes("closed before you checked in")), 10_000)
    const fired = await query(t, (k) => readFiredTriggers(k, late.id))
    expect(fired.map((f) => f.kind).sort()).toEqual(["checkin-close", "checkin-open", "reminder-before-close"])
    await waitUntil(() => gridText(late.id).includes("**1/2** on the grid") && gridText(late.id).includes("1 no-show"))
  })

  it("GIVEN everything above THEN Discord refused nothing, and the grid was edited at most once per debounce window", async () => {
    expect(refusedCallbacks(t)).toEqual([])
    expect(t.fake.calls.filter((c) => c.status >= 400).map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([])
    const gridId = (await query(t, (k) => readEvent(k, t.fake.guildId, card.id)))?.gridMessageId
    const edits = t.fake.calls.filter((c) => c.method === "PATCH" && c.path === `/channels/${roster()}/messages/${gridId}`).map((c) => c.at)
    expect(edits.length).toBeGreaterThanOrEqual(3)
    const posts = t.fake.calls.filter((c) => c.method === "POST" && c.path === `/channels/${roster()}/messages` && (c.body?.embeds ?? []).length > 0)
    expect(posts).toHaveLength(2) // one grid message per event
    // A stopping bot shows pending changes at once, so only edits within one bot's life are compared.
    const lifeOf = (at: number) => stops.filter((stop) => stop <= at).length
    const gaps = edits.slice(1).flatMap((at, i) => (lifeOf(at) === lifeOf(edits[i]!) ? [at - edits[i]!] : []))
    expect(gaps.length).toBeGreaterThan(0)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(DEBOUNCE_MS - 20)
  })
})
