import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { SeedUser } from "./fake-discord/index.js"
import { guildSeed, publishThroughWizard, START, startWithTrack, unix, YEAR } from "./event-helpers.js"
import { componentsOf, isEphemeral, replyOf, textOf, type TestBot } from "./harness.js"

type Obj = Record<string, any>

/** The newest event card (its footer names the event; the live grid shares the channel when there is no roster channel). */
const lastCard = (t: TestBot) => t.fake.channelMessages(t.fake.channel("events")).filter((m) => String((m.embeds as Obj[])[0]?.footer?.text ?? "").startsWith("Event ")).at(-1)!

describe("publishing without the Create Events permission", () => {
  let t: TestBot
  beforeAll(async () => {
    t = await startWithTrack(guildSeed({ botCanCreateEvents: false }))
  })
  afterAll(async () => {
    await t.stop()
  })

  it("GIVEN the bot lacks Create Events THEN the event is published anyway and the admin is told exactly which permission to grant", async () => {
    const published = await publishThroughWizard(t, t.fake.owner, "Endurance Cup — 2 h")
    expect(textOf(published)).toContain("Published: Endurance Cup — 2 h")
    expect(textOf(published)).toContain("Pitboard lacks the **Create Events** permission")
    expect(textOf(published)).toContain("Server Settings → Roles")
    expect(t.fake.scheduledEvents()).toEqual([])
    expect(lastCard(t).embeds[0].title).toBe("Endurance Cup — 2 h")
    expect(t.fake.calls.filter((call) => call.status >= 400)).toEqual([])
  })
})

describe("/event manage, /event list", () => {
  let t: TestBot
  let owner: SeedUser
  let member: SeedUser
  let eventId: string
  beforeAll(async () => {
    t = await startWithTrack(guildSeed())
    owner = t.fake.owner
    member = t.member("driver")
    await publishThroughWizard(t, owner, "Monza 6 Hours")
    eventId = String(/Event (\S+)/.exec(lastCard(t).embeds[0].footer.text)![1])
  })
  afterAll(async () => {
    await t.stop()
  })

  it("GIVEN a published event THEN /event list shows it to anyone, with its start and track", async () => {
    const list = await replyOf(t.fake.slash({ user: member, command: "event", subcommand: "list" }))
    expect(isEphemeral(list)).toBe(true)
    expect(textOf(list)).toContain("**Monza 6 Hours**")
    expect(textOf(list)).toContain(`<t:${unix(START)}:F>`)
    expect(textOf(list)).toContain("Monza — Grand Prix")
  })

  it("GIVEN a member without events admin rights THEN /event manage is refused", async () => {
    const refused = await replyOf(t.fake.slash({ user: member, command: "event", subcommand: "manage", options: { event: eventId } }))
    expect(textOf(refused)).toContain("admin rights for events")
  })

  it("GIVEN /event manage WHEN the admin edits the title and saves THEN the same card message is edited and the Discord event patched", async () => {
    const choices = await replyOf(t.fake.autocomplete({ user: owner, command: "event", subcommand: "manage", options: { event: "6 hou" }, focused: "event" }))
    expect(choices.choices).toEqual([{ name: `Monza 6 Hours · ${YEAR}-09-12 18:30 UTC`, value: eventId }])
    const handle = t.fake.slash({ user: owner, command: "event", subcommand: "manage", options: { event: eventId } })
    const manage = await replyOf(handle)
    const panelId = String(handle.original()?.id)
    const cardBefore = lastCard(t)
    const edit = componentsOf(manage).find((c) => c.label === "Edit")!
    const review = await replyOf(t.fake.button({ user: owner, customId: edit.customId, message: panelId }))
    expect(String(review.embeds[0].title)).toContain("Editing Monza 6 Hours · Step 11 of 11")
    const find = (route: string, last: string) => componentsOf(t.fake.message(panelId)!).find((c) => c.customId?.startsWith(`1:${route}:`) && c.customId.endsWith(`:${last}`))!.customId
    await replyOf(t.fake.select({ user: owner, customId: find("ev.pick", "edit"), values: ["details"], message: panelId }))
    const form = await replyOf(t.fake.button({ user: owner, customId: find("ev.nav", "open"), message: panelId }))
    expect((form.components as Obj[])[0]!.component.value).toBe("Monza 6 Hours")
    await replyOf(t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields: { title: "Monza 8 Hours", description: "Longer this year." } }))
    const saved = await replyOf(t.fake.button({ user: owner, customId: find("ev.nav", "publish"), message: panelId }))
    expect(textOf(saved)).toContain("Saved changes to: Monza 8 Hours")
    expect(textOf(saved)).toContain("Card updated")
    expect(textOf(saved)).toContain("Discord event updated")
    const card = t.fake.message(cardBefore.id)!
    expect(card.embeds[0].title).toBe("Monza 8 Hours")
    expect(card.edited_timestamp).not.toBeNull()
    expect(t.fake.channelMessages(t.fake.channel("events")).filter((m) => String((m.embeds as Obj[])[0]?.footer?.text ?? "").startsWith("Event "))).toHaveLength(1)
    expect(t.fake.calls.some((call) => call.method === "PATCH" && call.path.includes("/scheduled-events/"))).toBe(true)
    expect(t.fake.scheduledEvents()).toEqual([expect.objectContaining({ name: "Monza 8 Hours", scheduled_start_time: new Date(START).toISOString(), entity_metadata: { location: "Monza — Grand Prix" } })])
  })

  it("GIVEN /event manage → Cancel event → confirm THEN the card says cancelled with its buttons off, the Discord event is cancelled and members are told", async () => {
    const handle = t.fake.slash({ user: owner, command: "event", subcommand: "manage", options: { event: eventId } })
    const manage = await replyOf(handle)
    const panelId = String(handle.original()?.id)
    const ask = await replyOf(t.fake.button({ user: owner, customId: componentsOf(manage).find((c) => c.label === "Cancel event")!.customId, message: panelId }))
    expect(textOf(ask)).toContain("Cancel Monza 8 Hours?")
    const confirm = componentsOf(ask).find((c) => c.label === "Yes, cancel the event")!
    const done = await replyOf(t.fake.button({ user: owner, customId: confirm.customId, message: panelId }))
    expect(textOf(done)).toContain("Cancelled: Monza 8 Hours")
    const card = t.fake.message(lastCard(t).id)!
    const cardEmbed = card.embeds[0]
    expect(cardEmbed.title).toBe("CANCELLED: Monza 8 Hours")
    expect(componentsOf(card).every((c) => c.disabled === true)).toBe(true)
    expect(t.fake.scheduledEvents()[0]).toMatchObject({ status: 4 })
    const notice = t.fake.channelMessages(t.fake.channel("events")).at(-1)!
    expect(notice.content).toBe(`❌ **Monza 8 Hours** on <t:${unix(START)}:F> has been cancelled.`)
    const list = await replyOf(t.fake.slash({ user: member, command: "event", subcommand: "list" }))
    expect(textOf(list)).toContain("No events are scheduled")
    const again = await replyOf(t.fake.slash({ user: owner, command: "event", subcommand: "manage", options: { event: eventId } }))
    expect(componentsOf(again).every((c) => c.disabled === true)).toBe(true)
  })

  it("GIVEN the run is over THEN Discord accepted every call (limits respected) and no unknown route was called", () => {
    expect(t.fake.calls.filter((call) => call.status >= 400)).toEqual([])
    expect(t.fake.unexpectedCalls()).toEqual([])
  })
})
