/**
 * What a change makes happen on Discord survives the bot stopping at the worst moment. Two fault
 * hooks stand in for a power cut: `followUps.paused` stores every change but delivers nothing (the
 * process died right after each commit), and a Discord answer held back by the fake while the bot
 * stops without grace (it died after Discord did the work, before it could record that).
 */
import { afterEach, describe, expect, it } from "vitest"
import type { StartOptions } from "../../src/app/pitboard.js"
import { publishThroughWizard, startWithTrack, guildSeed } from "./event-helpers.js"
import { componentsOf, replyOf, textOf, type TestBot } from "./harness.js"
import { formFor, hasDriverRole, press, publishEvent, query, register, startRaceBot, waitUntil } from "./race-night-helpers.js"

type Obj = Record<string, any>
const CRASHED: StartOptions = { followUps: { paused: true } }
const DIES_MID_SEND: StartOptions = { followUps: { shutdownGrace: 0 } }

const cardsFor = (t: TestBot, eventId: string) =>
  t.fake.channelMessages(t.fake.channel("events")).filter((m) => (m.embeds as Obj[])[0]?.footer?.text === `Event ${eventId}`)

describe("follow-ups after a crash", () => {
  let t: TestBot | undefined
  afterEach(async () => {
    await t?.stop()
    t = undefined
  })

  it("GIVEN the bot dies right after a burst of registrations THEN after a restart every grid member holds the driver role, given once", async () => {
    t = await startRaceBot()
    const card = await publishEvent(t, { title: "Crash Cup", maxDrivers: 4 })
    await t.restart(CRASHED)
    const members = Array.from({ length: 6 }, (_, i) => t!.member(`crash${i}`))
    const replies = await Promise.all(members.map((m, i) => register(t!, m, card, formFor(i))))
    expect(replies.filter((r) => JSON.stringify(r).includes("You're on the grid"))).toHaveLength(4)
    expect(members.some((m) => hasDriverRole(t!, m))).toBe(false)

    await t.restart({})
    await t.delivered()
    const onGrid = await query(t, (db) => db.selectFrom("participants").select("member_id").where("event_id", "=", card.id).where("state", "=", "grid").execute())
    const gridIds = new Set(onGrid.map((row) => row.member_id))
    expect(gridIds.size).toBe(4)
    for (const member of members) expect(hasDriverRole(t, member)).toBe(gridIds.has(member.id))
    const roleCalls = t.fake.calls.filter((c) => c.method === "PUT" && c.path.includes("/roles/"))
    expect(roleCalls).toHaveLength(4)
  })

  it("GIVEN the bot dies right after a withdrawal THEN after a restart the member who moved up gets the role and the notice, once", async () => {
    t = await startRaceBot()
    const card = await publishEvent(t, { title: "Withdrawal GP", maxDrivers: 1 })
    const [leaving, waiting] = [t.member("leaving"), t.member("waiting")]
    await register(t, leaving, card, formFor(1))
    await register(t, waiting, card, formFor(2))
    await t.delivered()
    await t.restart(CRASHED)
    await press(t, leaving, card, "Withdraw")
    expect(hasDriverRole(t, waiting)).toBe(false)
    expect(t.fake.dms(waiting.id)).toEqual([])

    await t.restart({})
    await t.delivered()
    expect(hasDriverRole(t, waiting)).toBe(true)
    expect(hasDriverRole(t, leaving)).toBe(false)
    // Check-in is open (it opens 24 h before a start 2 h away), so the scheduler may also remind them: not this test's business.
    const notices = t.fake.dms(waiting.id).map((m) => String(m.content)).filter((text) => !text.startsWith("⏰ Check-in"))
    expect(notices).toEqual([expect.stringContaining("you're now **on the grid** for **Withdrawal GP**")])
  })

  it("GIVEN the bot dies after Discord posted the card but before it recorded it, and stays down longer than Discord remembers a nonce, THEN after a restart there is one card and one Discord event, and Save changes keeps them at one", async () => {
    t = await startWithTrack({ ...guildSeed(), nonceWindowMs: 0 }, DIES_MID_SEND)
    // Discord does the work at once, but its answer to the card post never reaches this bot.
    t.fake.fail({ route: "POST /channels/:channel/messages", times: 1, delayMs: 60_000 })
    const publishing = publishThroughWizard(t, t.fake.owner, "Power Cut 500").catch(() => undefined)
    await waitUntil(() => t!.fake.channelMessages(t!.fake.channel("events")).some((m) => String((m.embeds as Obj[])[0]?.title) === "Power Cut 500"), 15_000)
    await publishing
    const [event] = await query(t, (db) => db.selectFrom("events").select(["id", "card_message_id", "publication"]).execute())
    expect(event).toMatchObject({ card_message_id: null, publication: "pending" })
    t.fake.clearFaults()
    await t.restart({ followUps: { paused: true } })
    expect(textOf(await replyOf(t.fake.slash({ user: t.fake.owner, command: "event", subcommand: "list" })))).toContain("Publishing…")

    await t.restart({})
    await t.delivered()
    expect(cardsFor(t, event!.id)).toHaveLength(1)
    expect(t.fake.scheduledEvents()).toHaveLength(1)
    const [after] = await query(t, (db) => db.selectFrom("events").select(["card_message_id", "scheduled_event_id", "publication"]).execute())
    expect(after).toMatchObject({ card_message_id: String(cardsFor(t, event!.id)[0]!.id), publication: "complete" })
    expect(after!.scheduled_event_id).toBe(String(t.fake.scheduledEvents()[0]!.id))

    // The admin saves an edit, as the README's repair used to ask: still one card, one Discord event.
    const handle = t.fake.slash({ user: t.fake.owner, command: "event", subcommand: "manage", options: { event: event!.id } })
    const manage = await replyOf(handle)
    const panelId = String(handle.original()?.id)
    await replyOf(t.fake.button({ user: t.fake.owner, customId: componentsOf(manage).find((c) => c.label === "Edit")!.customId, message: panelId }))
    const publish = componentsOf(t.fake.message(panelId)!).find((c) => c.customId?.startsWith("1:ev.nav:") && c.customId.endsWith(":publish"))!
    await replyOf(t.fake.button({ user: t.fake.owner, customId: publish.customId, message: panelId }))
    await t.delivered()
    expect(cardsFor(t, event!.id)).toHaveLength(1)
    expect(t.fake.scheduledEvents()).toHaveLength(1)
  }, 60_000)
})

describe("reconciliation with Discord", () => {
  let t: TestBot | undefined
  afterEach(async () => {
    await t?.stop()
    t = undefined
  })

  it("GIVEN an admin took a grid member's driver role by hand, gave it to a waiting member, and a moderator deleted the grid message THEN the next start puts the roles back in step with the grid and posts the grid again", async () => {
    t = await startRaceBot()
    const card = await publishEvent(t, { title: "Drift Cup", maxDrivers: 1 })
    const [driver, waiting, outsider] = [t.member("driver"), t.member("waiting"), t.member("outsider")]
    await register(t, driver, card, formFor(1))
    await register(t, waiting, card, formFor(2))
    await t.delivered()
    const drivers = t.fake.role("Drivers")
    t.fake.setMemberRoles(t.fake.guildId, driver.id, [])
    t.fake.setMemberRoles(t.fake.guildId, waiting.id, [drivers])
    t.fake.setMemberRoles(t.fake.guildId, outsider.id, [drivers])
    const grid = t.fake.channelMessages(t.fake.channel("roster")).find((m) => String((m.embeds as Obj[])[0]?.title ?? "").includes("Drift Cup"))!
    t.fake.deleteMessage(String(grid.id))

    await t.restart({})
    // Start-up reconciliation runs beside the bot's start, not before it: wait for what it does.
    await waitUntil(() => hasDriverRole(t!, driver) && !hasDriverRole(t!, waiting), 10_000)
    await t.delivered()
    // Someone who never registered is not Pitboard's to judge.
    expect(hasDriverRole(t, outsider)).toBe(true)
    const regrid = t.fake.channelMessages(t.fake.channel("roster")).filter((m) => String((m.embeds as Obj[])[0]?.title ?? "").includes("Drift Cup"))
    expect(regrid).toHaveLength(1)
    expect(regrid[0]!.id).not.toBe(grid.id)
  })
})
