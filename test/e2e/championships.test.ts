import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Database } from "../../src/adapters/sqlite/database.js"
import type { SeedUser } from "./fake-discord/index.js"
import { componentsOf, isEphemeral, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"

type Obj = Record<string, any>
const HOUR = 60 * 60 * 1000
const ts = (ms: number) => Math.floor(ms / 1000)

/** /championship create|edit|list|archive|unarchive|show through the real bot and the fake Discord. */
describe("championships", () => {
  let t: TestBot
  let owner: SeedUser
  beforeAll(async () => {
    t = await startTestBot()
    owner = t.fake.owner
  })
  afterAll(async () => {
    await t.stop()
  })

  const slash = (subcommand: string, options: Obj = {}, user: SeedUser = owner) => replyOf(t.fake.slash({ user, command: "championship", subcommand, options: options as never }))
  const submitForm = async (subcommand: "create" | "edit", values: { name: string; description?: string }, options: Obj = {}) => {
    const form = await slash(subcommand, options)
    expect(form.callbackType).toBe(9)
    return { form, reply: await replyOf(t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields: { name: values.name, description: values.description ?? "" } })) }
  }
  const choices = async (typed: string, subcommand = "show", user: SeedUser = owner) =>
    ((await replyOf(t.fake.autocomplete({ user, command: "championship", subcommand, options: { championship: typed }, focused: "championship" }))).choices ?? []) as Array<{ name: string; value: string }>
  const idOf = async (typed: string) => {
    const [first] = await choices(typed)
    if (first === undefined) throw new Error(`no championship matches ${typed}`)
    return first.value
  }
  const listText = async () => textOf(await slash("list"))

  it("GIVEN the create modal WHEN an admin submits a name and description THEN it is stored and confirmed privately", async () => {
    const { form, reply } = await submitForm("create", { name: "GT3 Sprint Cup", description: "Six rounds, best five count." })
    expect(form.title).toBe("Create a championship")
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain("GT3 Sprint Cup")
    expect(textOf(reply)).toContain("wizard's championship step")
    expect(await listText()).toContain("**GT3 Sprint Cup** · no rounds yet")
  })

  it.each([
    ["a name that exists (any case or spacing)", { name: "gt3  sprint cup" }, "A championship called “GT3 Sprint Cup” already exists"],
    ["a blank name", { name: "  " }, "The championship needs a name"],
    ["a name over 100 characters", { name: "n".repeat(101) }, "The name is 101 characters; the limit is 100"],
    ["a description over 1000 characters", { name: "Too Long", description: "d".repeat(1001) }, "The description is 1001 characters; the limit is 1000"],
  ])("GIVEN %s THEN a specific private refusal AND nothing is stored", async (_, values, reason) => {
    const { reply } = await submitForm("create", values)
    expect(reply.callbackType).toBe(4)
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain(reason)
    const list = await listText()
    expect(list).toContain("1 active")
    expect(list).not.toContain("Too Long")
  })

  it("GIVEN a championship WHEN an admin edits it through the prefilled form THEN the new name shows", async () => {
    await submitForm("create", { name: "Endurance Series" })
    const id = await idOf("gt3")
    const { form, reply } = await submitForm("edit", { name: "GT3 Sprint Cup 2026", description: "Six rounds, best five count." }, { championship: id })
    const prefilled = Object.fromEntries((form.components as Obj[]).map((label) => [label.component.custom_id, label.component.value]))
    expect(prefilled).toEqual({ name: "GT3 Sprint Cup", description: "Six rounds, best five count." })
    expect(form.custom_id).toBe(`1:championship.form:${id}`)
    expect(textOf(reply)).toContain("GT3 Sprint Cup 2026")
    const clash = await submitForm("edit", { name: "endurance series" }, { championship: id })
    expect(textOf(clash.reply)).toContain("“Endurance Series” already exists")
    expect(await listText()).toContain("**GT3 Sprint Cup 2026**")
  })

  /**
   * The event wizard is being built alongside this feature, so rounds are written straight through
   * the Database service, as its publish step would store them.
   */
  const insertEvent = (id: string, championshipId: string, title: string, status: "published" | "cancelled", startsAt: number) =>
    t.bot.runtime.runPromise(
      Effect.flatMap(Database, (database) =>
        database.query("test.insert-event", (db) =>
          db
            .insertInto("events")
            .values({ id, guild_id: t.fake.guildId, status, title, details_json: "{}", starts_at: startsAt, ends_at: startsAt + 2 * HOUR, track_id: "no-such-track", championship_id: championshipId, created_by: owner.id, created_at: Date.now(), updated_at: Date.now(), card_channel_id: null, card_message_id: null, scheduled_event_id: null })
            .execute(),
        ),
      ),
    )

  it("GIVEN events in a championship, inserted out of order THEN show numbers the rounds by date with their status, for everyone", async () => {
    const cup = await idOf("gt3")
    const now = Date.now()
    const times = { r1: now - 14 * 24 * HOUR, r2: now - HOUR, r3: now + 7 * 24 * HOUR, r4: now + 14 * 24 * HOUR }
    await insertEvent("e4", cup, "Round at Imola", "published", times.r4)
    await insertEvent("e1", cup, "Season opener at Monza", "published", times.r1)
    await insertEvent("e3", cup, "Rained off at Spa", "cancelled", times.r3)
    await insertEvent("e2", cup, "Night race", "published", times.r2)
    await insertEvent("other", await idOf("endurance"), "Not this one", "published", times.r3)

    const member = t.member("fan")
    const reply = await slash("show", { championship: cup }, member)
    expect(isEphemeral(reply)).toBe(false)
    const text = textOf(reply)
    expect(text).toContain("4 rounds: 1 finished, 2 to go, 1 cancelled.")
    const rounds = text.split("\n").filter((line) => line.startsWith("**Round "))
    expect(rounds).toEqual([
      `**Round 1** · <t:${ts(times.r1)}:f> (<t:${ts(times.r1)}:R>) · **Season opener at Monza** · ✅ finished`,
      `**Round 2** · <t:${ts(times.r2)}:f> (<t:${ts(times.r2)}:R>) · **Night race** · 🏁 in progress`,
      `**Round 3** · <t:${ts(times.r3)}:f> (<t:${ts(times.r3)}:R>) · ~~Rained off at Spa~~ · ❌ cancelled`,
      `**Round 4** · <t:${ts(times.r4)}:f> (<t:${ts(times.r4)}:R>) · **Round at Imola** · 🗓️ upcoming`,
    ])
    expect(text).not.toContain("Not this one")
    expect(await listText()).toContain(`**GT3 Sprint Cup 2026** · 4 rounds · next <t:${ts(times.r4)}:R>`)
  })

  it("GIVEN a round on a track in the list THEN show names the track", async () => {
    const form = await replyOf(t.fake.slash({ user: owner, command: "track", subcommand: "add" }))
    await replyOf(t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields: { name: "Suzuka", layout: "East", pit_slots: "30", broadcast_slots: "", details: "" } }))
    const track = (await replyOf(t.fake.autocomplete({ user: owner, command: "track", subcommand: "edit", options: { track: "suzuka" }, focused: "track" }))).choices[0].value
    await t.bot.runtime.runPromise(
      Effect.flatMap(Database, (database) => database.query("test.move-event", (db) => db.updateTable("events").set({ track_id: track }).where("id", "=", "e4").execute())),
    )
    expect(textOf(await slash("show", { championship: await idOf("gt3") }))).toContain("**Round at Imola** at Suzuka — East · 🗓️ upcoming")
  })

  it("GIVEN an archived championship THEN it leaves the wizard's choices, shows last and marked, and can come back", async () => {
    const endurance = await idOf("endurance")
    const archived = await slash("archive", { championship: endurance })
    expect(isEphemeral(archived)).toBe(true)
    expect(textOf(archived)).toContain("Archived **Endurance Series**")
    expect(textOf(await slash("archive", { championship: endurance }))).toContain("already archived")

    const list = await listText()
    expect(list).toContain("1 active, 1 archived")
    expect(list.indexOf("GT3 Sprint Cup 2026")).toBeLessThan(list.indexOf("Endurance Series"))
    expect(list).toContain("**Endurance Series** *(archived)*")
    expect((await choices("", "archive")).map((c) => c.name)).toEqual(["GT3 Sprint Cup 2026"])
    expect((await choices("", "show")).map((c) => c.name)).toEqual(["GT3 Sprint Cup 2026", "Endurance Series (archived)"])
    expect(textOf(await slash("show", { championship: endurance }))).toContain("Endurance Series (archived)")

    expect(textOf(await slash("unarchive", { championship: endurance }))).toContain("**Endurance Series** is active again")
    expect(await listText()).toContain("2 active")
  })

  it("GIVEN 12 championships THEN the list pages by 10 and the pager turns it in place", async () => {
    for (let i = 1; i <= 10; i++) await submitForm("create", { name: `League ${String(i).padStart(2, "0")}` })
    const handle = t.fake.slash({ user: owner, command: "championship", subcommand: "list" })
    const first = await replyOf(handle)
    expect(textOf(first)).toContain("12 active · page 1 of 2")
    const next = componentsOf(first)[2]!
    const second = await replyOf(t.fake.button({ user: t.member("browser"), customId: next.customId, message: String(handle.original()?.id) }))
    expect(second.callbackType).toBe(7)
    expect(textOf(second)).toContain("page 2 of 2")
  })

  it("GIVEN a member without championships rights THEN create, archive and a forged modal are refused; list and show are open", async () => {
    const plain = t.member("plain")
    expect(textOf(await slash("create", {}, plain))).toContain("admin rights for championships")
    expect(textOf(await slash("archive", { championship: await idOf("gt3") }, plain))).toContain("admin rights for championships")
    expect(await choices("gt3", "archive", plain)).toEqual([])
    const forged = await replyOf(t.fake.modalSubmit({ user: plain, customId: "1:championship.form:new", fields: { name: "Hijack Cup", description: "" } }))
    expect(isEphemeral(forged)).toBe(true)
    expect(textOf(forged)).toContain("admin rights for championships")
    expect(await listText()).not.toContain("Hijack Cup")
    expect((await choices("gt3", "show", plain)).length).toBe(1)
  })

  it("GIVEN the run is over THEN Discord accepted every reply and no unknown route was called", () => {
    expect(t.fake.calls.filter((call) => call.path.endsWith("/callback") && call.status >= 400)).toEqual([])
    expect(t.fake.calls.filter((call) => call.path.startsWith("/webhooks") && call.status >= 400)).toEqual([])
    expect(t.fake.unexpectedCalls()).toEqual([])
  })
})
