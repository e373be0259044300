import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Database } from "../../src/adapters/sqlite/database.js"
import type { SeedUser } from "./fake-discord/index.js"
import { componentsOf, isEphemeral, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"

type Obj = Record<string, any>

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex")

/** /track add|edit|remove|list through the real bot and the fake Discord. */
describe("tracks", () => {
  let t: TestBot
  let owner: SeedUser
  beforeAll(async () => {
    t = await startTestBot({ fake: { guilds: [{ roles: [{ name: "Track crew" }] }] } })
    owner = t.fake.owner
  })
  afterAll(async () => {
    await t.stop()
  })

  const fields = (name: string, layout: string, pitSlots: string, broadcastSlots = "", details = "") => ({
    name,
    layout,
    pit_slots: pitSlots,
    broadcast_slots: broadcastSlots,
    details,
  })
  const slash = (subcommand: string, options: Obj = {}, user: SeedUser = owner) => replyOf(t.fake.slash({ user, command: "track", subcommand, options: options as never }))
  /** Runs /track add (or edit), checks the modal opened, and submits it. */
  const submitForm = async (subcommand: "add" | "edit", values: Record<string, string>, options: Obj = {}) => {
    const form = await slash(subcommand, options)
    expect(form.callbackType).toBe(9)
    return { form, reply: await replyOf(t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields: values })) }
  }
  const choices = async (typed: string, subcommand = "edit", user: SeedUser = owner) =>
    ((await replyOf(t.fake.autocomplete({ user, command: "track", subcommand, options: { track: typed }, focused: "track" }))).choices ?? []) as Array<{ name: string; value: string }>
  const idOf = async (typed: string) => {
    const [first] = await choices(typed)
    if (first === undefined) throw new Error(`no track matches ${typed}`)
    return first.value
  }
  const listText = async () => textOf(await slash("list"))

  it("GIVEN the add modal WHEN an admin submits Spa THEN it is stored and confirmed privately", async () => {
    const { form, reply } = await submitForm("add", fields("Spa-Francorchamps", "Grand Prix", "40", "2", "Bus stop chicane is a penalty zone."))
    expect(form.title).toBe("Add a track")
    expect((form.components as Obj[]).length).toBeLessThanOrEqual(5)
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain("Spa-Francorchamps — Grand Prix")
    expect(textOf(reply)).toContain("Bus stop chicane")
    expect(reply.embeds[0].image).toBeUndefined()
    expect(await listText()).toContain("**Spa-Francorchamps — Grand Prix** · 40 pit slots (2 for broadcast, 38 for drivers)")
  })

  it("GIVEN an image attachment THEN its URL is kept with the track", async () => {
    const { reply } = await submitForm("add", fields("Monza", "", "30"), { image: { attachment: { filename: "monza.png", contentType: "image/png", data: PNG } } })
    const url = String(reply.embeds[0].image?.url)
    expect(url).toMatch(/\/attachments\/\d+\/monza\.png$/)
    const served = await fetch(url)
    expect(served.headers.get("content-type")).toContain("image/png")
    expect(await listText()).toContain("**Monza** · 30 pit slots · 🖼️")
  })

  it("GIVEN an attachment that is not an image THEN the form doesn't open and nothing is stored", async () => {
    const refused = await slash("add", { image: { attachment: { filename: "rules.pdf", contentType: "application/pdf", data: "%PDF" } } })
    expect(refused.callbackType).toBe(4)
    expect(isEphemeral(refused)).toBe(true)
    expect(textOf(refused)).toContain("“rules.pdf” is a application/pdf file, not an image")
  })

  it.each([
    ["the same name and layout (any case)", fields("spa-francorchamps", "grand  prix", "40"), "Spa-Francorchamps — Grand Prix is already on the track list"],
    ["0 pit slots", fields("Bad Track", "", "0"), "Pit slots must be between 1 and 200; you entered 0"],
    ["201 pit slots", fields("Bad Track", "", "201"), "Pit slots must be between 1 and 200; you entered 201"],
    ["pit slots that aren't a number", fields("Bad Track", "", "lots"), "Pit slots must be a whole number"],
    ["as many broadcast slots as pit slots", fields("Bad Track", "", "20", "20"), "Broadcast slots must be fewer than the 20 pit slots"],
    ["a blank name", fields("   ", "", "20"), "The track needs a name"],
    ["a name over 100 characters", fields("x".repeat(101), "", "20"), "The name is 101 characters; the limit is 100"],
    ["details over 1000 characters", fields("Bad Track", "", "20", "", "d".repeat(1001)), "The details are 1001 characters; the limit is 1000"],
  ])("GIVEN %s THEN the admin gets a specific private refusal AND nothing is stored", async (_, values, reason) => {
    const { reply } = await submitForm("add", values)
    expect(reply.callbackType).toBe(4)
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain(reason)
    const list = await listText()
    expect(list).not.toContain("Bad Track")
    expect(list).toContain("2 tracks")
  })

  it("GIVEN a track WHEN an admin picks it by autocomplete and edits the prefilled form THEN the change is stored", async () => {
    const found = await choices("spa")
    expect(found).toEqual([{ name: "Spa-Francorchamps — Grand Prix · 40 pit slots, 2 broadcast", value: expect.any(String) }])
    const { form, reply } = await submitForm("edit", fields("Spa-Francorchamps", "Grand Prix", "44", "4", "Bus stop chicane is a penalty zone."), { track: found[0]!.value })
    const prefilled = Object.fromEntries((form.components as Obj[]).map((label) => [label.component.custom_id, label.component.value]))
    expect(prefilled).toMatchObject({ name: "Spa-Francorchamps", layout: "Grand Prix", pit_slots: "40", broadcast_slots: "2" })
    expect(form.custom_id).toBe(`1:track.form:${found[0]!.value}:keep`)
    expect(textOf(reply)).toContain("Saved:")
    expect(await listText()).toContain("44 pit slots (4 for broadcast, 40 for drivers)")
  })

  it("GIVEN an edit that would clash with another track THEN it is refused and both stay as they were", async () => {
    const { reply } = await submitForm("edit", fields("Monza", "", "44"), { track: await idOf("spa") })
    expect(textOf(reply)).toContain("Monza is already on the track list")
    expect(await listText()).toContain("**Spa-Francorchamps — Grand Prix** · 44 pit slots")
  })

  it("GIVEN remove_image on edit THEN the picture goes and the rest stays", async () => {
    const { reply } = await submitForm("edit", fields("Monza", "", "30"), { track: await idOf("monza"), remove_image: true })
    expect(reply.embeds[0].image).toBeUndefined()
    expect(await listText()).toContain("**Monza** · 30 pit slots\n")
  })

  it("GIVEN 15 more tracks THEN /track list shows 10 per page to everyone and the pager turns it in place", async () => {
    for (let i = 1; i <= 15; i++) await submitForm("add", fields(`Track ${String(i).padStart(2, "0")}`, "", "20"))
    const member = t.member("reader")
    const handle = t.fake.slash({ user: member, command: "track", subcommand: "list" })
    const first = await replyOf(handle)
    expect(isEphemeral(first)).toBe(false)
    expect(textOf(first)).toContain("17 tracks · page 1 of 2")
    expect(textOf(first).match(/^\*\*/gm)).toHaveLength(10)
    const pager = componentsOf(first)
    expect(pager.map((c) => c.label)).toEqual(["◀ Previous", "Page 1 of 2", "Next ▶"])
    const messageId = String(handle.original()?.id)
    const second = await replyOf(t.fake.button({ user: member, customId: pager[2]!.customId, message: messageId }))
    expect(second.callbackType).toBe(7)
    expect(textOf(second)).toContain("page 2 of 2")
    expect(textOf(second).match(/^\*\*/gm)).toHaveLength(7)
    expect(textOf(second)).toContain("Track 15")
  })

  it("GIVEN many tracks THEN autocomplete offers at most 25, best matches first", async () => {
    const all = await choices("")
    expect(all).toHaveLength(17)
    const some = await choices("track 1")
    expect(some.map((c) => c.name.split(" ·")[0])).toEqual(["Track 10", "Track 11", "Track 12", "Track 13", "Track 14", "Track 15"])
    expect(await choices("nowhere")).toEqual([])
  })

  /**
   * The event wizard is being built alongside this feature, so these events are written straight
   * through the Database service, as the wizard's publish step would store them.
   */
  const insertEvent = (id: string, trackId: string, status: "published" | "cancelled", startsAt: number, endsAt: number, title = id) =>
    t.bot.runtime.runPromise(
      Effect.flatMap(Database, (database) =>
        database.query("test.insert-event", (db) =>
          db
            .insertInto("events")
            .values({ id, guild_id: t.fake.guildId, status, title, details_json: "{}", starts_at: startsAt, ends_at: endsAt, track_id: trackId, championship_id: null, created_by: owner.id, created_at: Date.now(), updated_at: Date.now(), card_channel_id: null, card_message_id: null, scheduled_event_id: null })
            .execute(),
        ),
      ),
    )
  const setEvent = (id: string, patch: { status?: "published" | "cancelled"; ends_at?: number }) =>
    t.bot.runtime.runPromise(Effect.flatMap(Database, (database) => database.query("test.update-event", (db) => db.updateTable("events").set(patch).where("id", "=", id).execute())))

  it("GIVEN upcoming events on a track THEN removing it is refused, naming them with Discord timestamps; once ended or cancelled it goes", async () => {
    const spa = await idOf("spa")
    const hour = 60 * 60 * 1000
    const startsAt = Date.now() + 24 * hour
    await insertEvent("ev-upcoming", spa, "published", startsAt, startsAt + 2 * hour, "Spa 6 Hours")
    await insertEvent("ev-running", spa, "published", Date.now() - hour, Date.now() + hour, "Spa Sprint")
    await insertEvent("ev-old", spa, "published", Date.now() - 48 * hour, Date.now() - 46 * hour, "Old Spa Race")
    await insertEvent("ev-off", spa, "cancelled", startsAt, startsAt + hour, "Called Off")

    const refused = await slash("remove", { track: spa })
    expect(isEphemeral(refused)).toBe(true)
    const text = textOf(refused)
    expect(text).toContain("**Spa-Francorchamps — Grand Prix** is still used by 2 events that haven't ended")
    expect(text).toContain(`**Spa 6 Hours** (<t:${Math.floor(startsAt / 1000)}:F>, <t:${Math.floor(startsAt / 1000)}:R>)`)
    expect(text).toContain("**Spa Sprint**")
    expect(text).not.toContain("Old Spa Race")
    expect(text).not.toContain("Called Off")
    expect(await listText()).toContain("Spa-Francorchamps")

    await setEvent("ev-upcoming", { status: "cancelled" })
    await setEvent("ev-running", { ends_at: Date.now() - 1000 })
    const removed = await slash("remove", { track: spa })
    expect(textOf(removed)).toContain("Removed **Spa-Francorchamps — Grand Prix**: 44 pit slots (4 for broadcast, 40 for drivers).")
    expect(textOf(removed)).toContain("To undo, add it again")
    expect(await listText()).not.toContain("Spa-Francorchamps")
    expect(await choices("spa")).toEqual([])
  })

  it("GIVEN a name typed without picking from the list THEN an exact name still works, and an unknown one is refused", async () => {
    const unknown = await slash("remove", { track: "Nürburgring" })
    expect(textOf(unknown)).toContain("No track matches “Nürburgring”")
    const byName = await slash("remove", { track: "track 15" })
    expect(textOf(byName)).toContain("Removed **Track 15**")
  })

  it("GIVEN a member without tracks rights THEN slash, autocomplete and a forged modal are refused; a granted role may", async () => {
    const plain = t.member("plain")
    const refused = await slash("add", {}, plain)
    expect(refused.callbackType).toBe(4)
    expect(textOf(refused)).toContain("admin rights for tracks")
    expect(await choices("monza", "edit", plain)).toEqual([])
    const forged = await replyOf(t.fake.modalSubmit({ user: plain, customId: "1:track.form:new:none", fields: fields("Hijack Ring", "", "20") }))
    expect(isEphemeral(forged)).toBe(true)
    expect(textOf(forged)).toContain("admin rights for tracks")
    expect(await listText()).not.toContain("Hijack Ring")

    const crew = t.fake.role("Track crew")
    await replyOf(t.fake.slash({ user: owner, command: "permissions", subcommand: "grant", options: { module: "tracks", role: { role: crew } } }))
    const member = t.member("crew", "member", [crew])
    const form = await slash("add", {}, member)
    expect(form.callbackType).toBe(9)
    const saved = await replyOf(t.fake.modalSubmit({ user: member, customId: form.custom_id, fields: fields("Imola", "", "25") }))
    expect(textOf(saved)).toContain("Added to the track list")
  })

  it("GIVEN the run is over THEN Discord accepted every reply and no unknown route was called", () => {
    expect(t.fake.calls.filter((call) => call.path.endsWith("/callback") && call.status >= 400)).toEqual([])
    expect(t.fake.calls.filter((call) => call.path.startsWith("/webhooks") && call.status >= 400)).toEqual([])
    expect(t.fake.unexpectedCalls()).toEqual([])
  })
})
