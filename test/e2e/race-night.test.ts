import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { SeedUser } from "./fake-discord/index.js"
import { componentsOf, isEphemeral, replyOf, textOf, type TestBot } from "./harness.js"
import {
  formFor,
  hasDriverRole,
  HOUR,
  moveStart,
  press,
  publishEvent,
  query,
  refusedCallbacks,
  register,
  rosterMentions,
  startRaceBot,
  text,
  waitUntil,
} from "./race-night-helpers.js"

describe("race night for members: registering, the waitlist, withdrawing, checking in and out", () => {
  let t: TestBot
  let seq = 0
  const newMember = (options: { dmsClosed?: boolean; roles?: string[] } = {}): SeedUser =>
    t.fake.addMember(t.fake.guildId, { username: `racer${++seq}`, roles: options.roles ?? [], dmsClosed: options.dmsClosed ?? false })

  beforeAll(async () => {
    t = await startRaceBot()
  })
  afterAll(async () => {
    await t?.stop()
  })

  it("GIVEN a 20-place event WHEN 25 members register THEN 20 get the grid and the driver role, 5 wait at #1–#5; WHEN 2 withdraw THEN the first 2 waiting move up, get the role and are told (by DM, or a roster mention when DMs are closed)", async () => {
    const card = await publishEvent(t, { title: "Monza 500", maxDrivers: 20 })
    const gridMembers = Array.from({ length: 20 }, () => newMember())
    const firstWaiting = newMember()
    const secondWaiting = newMember({ dmsClosed: true })
    const laterWaiting = [newMember(), newMember(), newMember()]

    const gridReplies = await Promise.all(gridMembers.map((m, i) => register(t, m, card, formFor(i))))
    for (const reply of gridReplies) {
      expect(isEphemeral(reply)).toBe(true)
      expect(text(reply)).toContain("You're on the grid for **Monza 500**")
    }
    // One after the other, so the queue order (and who moves up first) is known.
    const waiting = [firstWaiting, secondWaiting, ...laterWaiting]
    for (const [i, member] of waiting.entries()) {
      expect(text(await register(t, member, card, formFor(100 + i)))).toContain(`you're **#${i + 1} on the waitlist**`)
    }
    await waitUntil(() => gridMembers.every((m) => hasDriverRole(t, m)))
    expect(waiting.some((m) => hasDriverRole(t, m))).toBe(false)

    const [leaving1, leaving2] = [gridMembers[0]!, gridMembers[1]!]
    expect(text(await press(t, leaving1, card, "Withdraw"))).toContain("You withdrew from **Monza 500**")
    expect(text(await press(t, leaving2, card, "Withdraw"))).toContain("You withdrew from **Monza 500**")
    await t.delivered()

    expect(hasDriverRole(t, leaving1) || hasDriverRole(t, leaving2)).toBe(false)
    expect(hasDriverRole(t, firstWaiting) && hasDriverRole(t, secondWaiting)).toBe(true)
    expect(laterWaiting.some((m) => hasDriverRole(t, m))).toBe(false)
    expect(t.fake.dms(firstWaiting.id).map((m) => String(m.content))).toEqual([expect.stringContaining("you're now **on the grid** for **Monza 500**")])
    expect(t.fake.dms(secondWaiting.id)).toEqual([])
    const mention = rosterMentions(t, secondWaiting)
    expect(mention).toHaveLength(1)
    expect(String(mention[0]!.content)).toContain("you're now **on the grid**")
    const posted = t.fake.calls.find((c) => c.method === "POST" && c.path === `/channels/${t.fake.channel("roster")}/messages` && String(c.body?.content).startsWith(`<@${secondWaiting.id}>`))
    expect(posted?.body.allowed_mentions).toEqual({ users: [secondWaiting.id] })
    expect(laterWaiting.flatMap((m) => t.fake.dms(m.id))).toEqual([])
    // The withdrawing members read their own notice as the reply, not as a DM too.
    expect(t.fake.dms(leaving1.id)).toEqual([])

    // The admin's panel pages the 23 entrants; the waitlist has closed up behind the promoted two.
    const handle = t.fake.slash({ user: t.fake.owner, command: "event", subcommand: "entrants", options: { event: card.id } })
    const firstPage = await replyOf(handle)
    expect(textOf(firstPage)).toContain("Grid (20/20)")
    expect(textOf(firstPage)).toContain("Page 1 of 2")
    const next = componentsOf(firstPage).find((c) => c.label === "▶")!
    const secondPage = await replyOf(t.fake.button({ user: t.fake.owner, customId: next.customId, message: String(handle.original()?.id) }))
    expect(textOf(secondPage)).toContain("Waitlist (3)")
    laterWaiting.forEach((m, i) => expect(textOf(secondPage)).toContain(`**${i + 1}.** <@${m.id}>`))

    expect(refusedCallbacks(t)).toEqual([])
    const otherErrors = t.fake.calls.filter((c) => c.status >= 400 && !c.path.includes("/interactions/") && !c.path.includes("/webhooks/"))
    expect(otherErrors.map((c) => `${c.method} ${c.status}`)).toEqual(["POST 403"])
  })

  it("GIVEN a 3-attempt limit WHEN a member submits a bad customer id and an unknown vehicle THEN each is refused with its reason and counted; after the third, Register is refused as too many attempts", async () => {
    const card = await publishEvent(t, { title: "Attempts Cup", maxDrivers: 10, settings: { failedAttemptLimit: 3 } })
    const member = newMember()
    const badId = await register(t, member, card, formFor(1, { driverId: "12ab" }))
    expect(text(badId)).toContain("An iRacing customer id is 1 to 10 digits")
    expect(text(badId)).toContain("(2 attempts left)")
    const badVehicle = await register(t, member, card, formFor(1, { vehicle: ["Go-kart"] }))
    expect(text(badVehicle)).toContain("“Go-kart” is not one of this event's vehicles. Choose one of: Dallara P217, Oreca 07.")
    expect(text(badVehicle)).toContain("(1 attempt left)")
    expect(text(await register(t, member, card, formFor(1, { fullName: "X" })))).toContain("That was your last attempt; ask an admin to add you.")

    const refused = await press(t, member, card, "Register")
    expect(refused.callbackType).toBe(4)
    expect(text(refused)).toContain("Your registration was refused 3 times for this event (the limit is 3). Ask an admin to add you.")
    const stored = await query(t, (db) => db.selectFrom("registration_attempts").select("failed_attempts").where("event_id", "=", card.id).where("member_id", "=", member.id).executeTakeFirst())
    expect(stored?.failed_attempts).toBe(3)
    expect(hasDriverRole(t, member)).toBe(false)
  })

  it("GIVEN a sim-agnostic event THEN a SteamID64 is asked for and checked, and a profile link is read", async () => {
    const card = await publishEvent(t, { title: "Steam Sprint", maxDrivers: 10, settings: { platform: "steam" } })
    const member = newMember()
    const opened = await press(t, member, card, "Register")
    expect(opened.title).toBe("Register: Steam Sprint")
    expect((opened.components as Array<Record<string, any>>).map((c) => c.label)).toEqual(["Full name", "SteamID64", "Vehicle"])
    expect(text(await register(t, member, card, formFor(2, { driverId: "12345" })))).toContain("A SteamID64 is 17 digits starting with 7656119")
    expect(text(await register(t, member, card, formFor(2, { driverId: "https://steamcommunity.com/profiles/76561198000000042/" })))).toContain("You're on the grid")
  })

  it("GIVEN an iRacing link and a claimed number THEN the form is prefilled with the customer id and the number is registered", async () => {
    const card = await publishEvent(t, { title: "Linked Cup", maxDrivers: 10 })
    const member = newMember()
    await query(t, (db) => db.insertInto("member_links").values({ guild_id: t.fake.guildId, member_id: member.id, cust_id: 424242, iracing_name: "Linked Racer", linked_by: member.id, linked_at: Date.now() }).execute())
    expect(text(await replyOf(t.fake.slash({ user: member, command: "number", subcommand: "claim", options: { number: "77" } })))).toContain("#77")
    const opened = await press(t, member, card, "Register")
    expect((opened.components as Array<Record<string, any>>)[1]!.component.value).toBe("424242")
    expect(text(await register(t, member, card, formFor(3, { driverId: "999" })))).toContain("Your Discord account is linked to iRacing customer id 424242")
    expect(text(await register(t, member, card, formFor(3, { driverId: "424242" })))).toContain("You're on the grid")
    const row = await query(t, (db) => db.selectFrom("participants").select("machine_json").where("event_id", "=", card.id).where("member_id", "=", member.id).executeTakeFirstOrThrow())
    expect(row.machine_json).toContain('"carNumber":"77"')
  })

  it("GIVEN an event for Licensed members THEN a member without the role is refused before the form, with the reason, and nothing is counted", async () => {
    const card = await publishEvent(t, { title: "Licensed Only", maxDrivers: 10, settings: { requiredRoleId: t.fake.role("Licensed") } })
    const outsider = newMember()
    const refused = await press(t, outsider, card, "Register")
    expect(text(refused)).toContain(`This event is for members with the <@&${t.fake.role("Licensed")}> role.`)
    const licensed = newMember({ roles: [t.fake.role("Licensed")] })
    expect(text(await register(t, licensed, card, formFor(4)))).toContain("You're on the grid")
    const attempts = await query(t, (db) => db.selectFrom("registration_attempts").selectAll().where("event_id", "=", card.id).execute())
    expect(attempts).toEqual([])
  })

  it("GIVEN one check-out allowed THEN check in, check out, check in again work, a second check-out is refused, and after the start nothing can be checked out", async () => {
    const card = await publishEvent(t, { title: "Check-in Night", maxDrivers: 10, settings: { checkoutLimit: 1 } })
    const member = newMember()
    expect(text(await press(t, member, card, "Check in"))).toContain("You are not on this event's entry list. Register first.")
    await register(t, member, card, formFor(5))
    expect(text(await press(t, member, card, "Check in"))).toContain("You're checked in for **Check-in Night**")
    expect(text(await press(t, member, card, "Check in"))).toContain("You are already checked in.")
    expect(text(await press(t, member, card, "Check out"))).toContain("that was your last check-out")
    expect(text(await press(t, member, card, "Check in"))).toContain("You're checked in")
    expect(text(await press(t, member, card, "Check out"))).toContain("You have used all 1 check-out for this event.")

    await moveStart(t, card, Date.now() - 60_000)
    expect(text(await press(t, member, card, "Check out"))).toContain("The race has started, so nothing can change any more.")
    expect(text(await press(t, member, card, "Withdraw"))).toContain("The race has started")
    await t.delivered()
    expect(hasDriverRole(t, member)).toBe(true)
    expect(refusedCallbacks(t)).toEqual([])
  })

  it("GIVEN a driver role above Pitboard's own THEN registering still succeeds, and the failure is logged in the audit log with the fix", async () => {
    const card = await publishEvent(t, { title: "Champions Race", maxDrivers: 5, driverRole: "Champions" })
    const member = newMember()
    expect(text(await register(t, member, card, formFor(8)))).toContain("You're on the grid for **Champions Race**")
    await t.delivered()
    expect(t.fake.memberRoles(t.fake.guildId, member.id)).not.toContain(t.fake.role("Champions"))
    const failed = await query(t, (db) => db.selectFrom("audit_log").select(["actor_id", "details_json"]).where("action", "=", "event.entrants.role-failed").where("subject", "=", member.id).execute())
    expect(failed).toHaveLength(1)
    expect(failed[0]!.actor_id).toBe("pitboard")
    expect(failed[0]!.details_json).toContain("drag it above")
    const participant = await query(t, (db) => db.selectFrom("participants").select("state").where("event_id", "=", card.id).where("member_id", "=", member.id).executeTakeFirst())
    expect(participant?.state).toBe("grid")
    expect(refusedCallbacks(t)).toEqual([])
  })

  it("GIVEN a cancelled event THEN its registered members are told and lose the driver role, and its buttons are refused with the reason", async () => {
    const card = await publishEvent(t, { title: "Doomed GP", maxDrivers: 1, startsIn: 3 * HOUR })
    const [driver, waiting] = [newMember(), newMember()]
    await register(t, driver, card, formFor(6))
    await register(t, waiting, card, formFor(7))
    await t.delivered()
    expect(hasDriverRole(t, driver)).toBe(true)
    const handle = t.fake.slash({ user: t.fake.owner, command: "event", subcommand: "manage", options: { event: card.id } })
    await replyOf(handle)
    const panelId = String(handle.original()?.id)
    const click = (label: string) => {
      const button = (t.fake.message(panelId)!.components as Array<Record<string, any>>).flatMap((row) => row.components).find((c) => c.label === label)
      return replyOf(t.fake.button({ user: t.fake.owner, customId: button.custom_id, message: panelId }))
    }
    await click("Cancel event")
    const done = await click("Yes, cancel the event")
    expect(textOf(done)).toContain("The 2 registered members were told.")
    await t.delivered()
    expect(hasDriverRole(t, driver)).toBe(false)
    expect(String(t.fake.dms(waiting.id).at(-1)?.content)).toContain("**Doomed GP**")
    expect(text(await press(t, driver, card, "Withdraw"))).toContain("This event was cancelled")
    expect(text(await press(t, newMember(), card, "Register"))).toContain("This event was cancelled, so registration is closed.")
    expect(refusedCallbacks(t)).toEqual([])
  })
})
