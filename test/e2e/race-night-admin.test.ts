import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { entrantActionId, capacityFormId } from "../../src/adapters/discord/race-night/race-ids.js"
import type { SeedUser } from "./fake-discord/index.js"
import { componentsOf, isEphemeral, replyOf, textOf, type TestBot } from "./harness.js"
import { formFor, hasDriverRole, publishEvent, query, refusedCallbacks, register, startRaceBot, type Card } from "./race-night-helpers.js"

type Obj = Record<string, any>

describe("/event entrants: admins add, remove and move members, change the capacity and reset attempts", () => {
  let t: TestBot
  let card: Card
  let owner: SeedUser
  let panelId: string
  const members: Record<string, SeedUser> = {}
  // DMs go out through the follow-ups, after the panel has answered: wait for them first.
  const lastDm = async (user: SeedUser) => {
    await t.delivered()
    return String(t.fake.dms(user.id).at(-1)?.content ?? "")
  }
  const control = (route: string, label?: string) => {
    const found = componentsOf(t.fake.message(panelId)!).find((c) => c.customId?.startsWith(`1:${route}:`) && (label === undefined || c.label === label))
    if (found === undefined) throw new Error(`the panel has no ${route} ${label ?? ""}`)
    return found.customId
  }
  // Each answer, then what the change made happen on Discord (roles, DMs), so the checks below see it.
  const settled = async <A>(reply: Promise<A>) => {
    const answer = await reply
    await t.delivered()
    return answer
  }
  const choose = (route: string, value: string, componentType: 3 | 5 = 3) => settled(replyOf(t.fake.select({ user: owner, customId: control(route), values: [value], componentType, message: panelId })))
  const click = (route: string, label?: string) => settled(replyOf(t.fake.button({ user: owner, customId: control(route, label), message: panelId })))
  const submit = (customId: string, fields: Record<string, string | string[]>) => settled(replyOf(t.fake.modalSubmit({ user: owner, customId, fields })))
  const panelText = () => textOf(t.fake.message(panelId)!)

  beforeAll(async () => {
    t = await startRaceBot()
    owner = t.fake.owner
    for (const name of ["ayla", "ben", "cleo", "dan", "eve", "mallory"]) members[name] = t.fake.addMember(t.fake.guildId, { username: name })
    card = await publishEvent(t, { title: "Admin Cup", maxDrivers: 2 })
    for (const [i, name] of ["ayla", "ben", "cleo"].entries()) await register(t, members[name]!, card, formFor(i, { fullName: `${name} Racer` }))
    await t.delivered()
  })
  afterAll(async () => {
    await t?.stop()
  })

  it("GIVEN a member without events admin rights THEN /event entrants and forged panel controls are refused and nothing changes", async () => {
    const mallory = members.mallory!
    expect(textOf(await replyOf(t.fake.slash({ user: mallory, command: "event", subcommand: "entrants", options: { event: card.id } })))).toContain("admin rights for events")
    const forged = await replyOf(t.fake.button({ user: mallory, customId: entrantActionId.encode({ event: card.id, member: members.ayla!.id, act: "waitlist" }) }))
    expect(textOf(forged)).toContain("You need admin rights for events to do this.")
    const forgedForm = await replyOf(t.fake.modalSubmit({ user: mallory, customId: capacityFormId.encode({ event: card.id }), fields: { capacity: "40" } }))
    expect(textOf(forgedForm)).toContain("admin rights for events")
    expect(hasDriverRole(t, members.ayla!)).toBe(true)
    const audit = await query(t, (db) => db.selectFrom("audit_log").select("action").where("action", "like", "event.entrants.%").execute())
    expect(audit).toEqual([])
  })

  it("GIVEN an admin THEN the panel lists the grid and the waitlist, and add, remove, move, swap, capacity and reset each work, tell the member and are audited", async () => {
    const handle = t.fake.slash({ user: owner, command: "event", subcommand: "entrants", options: { event: card.id } })
    const panel = await replyOf(handle)
    panelId = String(handle.original()?.id)
    expect(isEphemeral(panel)).toBe(true)
    expect(textOf(panel)).toContain("Grid (2/2)")
    expect(textOf(panel)).toContain(`**1.** <@${members.cleo!.id}> cleo Racer · Dallara P217`)
    const { ayla, ben, cleo, dan, eve } = members as Record<string, SeedUser>

    // Add: pick the member, fill their form; the grid is full, so they wait.
    const form = await choose("rn.add", dan!.id, 5)
    expect(form.callbackType).toBe(9)
    expect(form.title).toBe("Add dan")
    await submit(String(form.custom_id), formFor(9, { fullName: "Dan Admin-Added" }))
    expect(panelText()).toContain(`✅ <@${dan!.id}> added to #2 on the waitlist.`)
    expect(await lastDm(dan!)).toContain("you're **#2 on the waitlist**")

    // Remove with a reason: the first in line moves up and is told.
    await choose("rn.pick", ayla!.id)
    const removeForm = await click("rn.act", "Remove…")
    await submit(String(removeForm.custom_id), { reason: "Wrong car class" })
    expect(panelText()).toContain(`✅ <@${ayla!.id}> removed from the grid: Wrong car class.`)
    expect(panelText()).toContain(`⬆️ <@${cleo!.id}> moved up from the waitlist and was told.`)
    expect(await lastDm(ayla!)).toContain("An admin removed you from **Admin Cup**")
    expect(await lastDm(ayla!)).toContain("Wrong car class")
    expect(await lastDm(cleo!)).toContain("you're now **on the grid**")
    expect([hasDriverRole(t, ayla!), hasDriverRole(t, cleo!)]).toEqual([false, true])

    // Move to the waitlist: Ben goes to the back, Dan (first in line) moves up.
    await choose("rn.pick", ben!.id)
    await click("rn.act", "Move to waitlist")
    expect(panelText()).toContain(`✅ <@${ben!.id}> moved to the back of the waitlist.`)
    expect(panelText()).toContain(`⬆️ <@${dan!.id}> moved up`)
    expect(await lastDm(ben!)).toContain("you're **#1**")

    // Move to a full grid: the panel asks whom Ben swaps with.
    await choose("rn.pick", ben!.id)
    await click("rn.act", "Move to grid")
    expect(panelText()).toContain("The grid is full (2 of 2)")
    await choose("rn.swap", cleo!.id)
    expect(panelText()).toContain(`✅ <@${ben!.id}> moved to the grid in exchange for <@${cleo!.id}>.`)
    expect(await lastDm(cleo!)).toContain("An admin moved you from the grid to the waitlist")
    expect([hasDriverRole(t, ben!), hasDriverRole(t, cleo!)]).toEqual([true, false])

    // Capacity: one more place, so Cleo moves up at once; the card shows the new capacity.
    const capacityForm = await click("rn.cap")
    expect(capacityForm.callbackType).toBe(9)
    const tooMany = t.fake.modalSubmit({ user: owner, customId: String(capacityForm.custom_id), fields: { capacity: "41" } })
    await tooMany.waitForResponse((call) => call.method === "POST" && call.path.startsWith("/webhooks"))
    expect(textOf(tooMany.followUps()[0]!)).toContain("Monza has 40 pit slots, so at most 40 drivers fit")
    await submit(String(capacityForm.custom_id), { capacity: "3" })
    expect(panelText()).toContain("✅ capacity 2 → 3.")
    expect(panelText()).toContain(`⬆️ <@${cleo!.id}> moved up`)
    expect(hasDriverRole(t, cleo!)).toBe(true)
    expect(JSON.stringify((t.fake.message(card.messageId)!.embeds as Obj[])[0])).toContain("3 drivers")

    // Reset attempts: Eve's bad form counted once; the admin lets her try again.
    await register(t, eve!, card, formFor(5, { driverId: "not-a-number" }))
    await click("rn.page", "Refresh")
    await choose("rn.reset", eve!.id)
    expect(panelText()).toContain(`✅ <@${eve!.id}> failed registration attempts reset.`)
    expect(await query(t, (db) => db.selectFrom("registration_attempts").select("failed_attempts").where("member_id", "=", eve!.id).executeTakeFirst())).toEqual({ failed_attempts: 0 })

    const audit = await query(t, (db) => db.selectFrom("audit_log").select(["action", "actor_id", "subject"]).where("action", "like", "event.entrants.%").orderBy("id").execute())
    expect(audit.map((row) => row.action)).toEqual([
      "event.entrants.add",
      "event.entrants.remove",
      "event.entrants.move-to-waitlist",
      "event.entrants.move-to-grid",
      "event.entrants.capacity",
      "event.entrants.reset-attempts",
    ])
    expect(audit.every((row) => row.actor_id === owner.id)).toBe(true)
    expect(refusedCallbacks(t)).toEqual([])
  })

  it("GIVEN /event manage WHEN an edit raises the capacity and is saved THEN the first waiting member moves up at once and is told", async () => {
    const event = await publishEvent(t, { title: "Edited Cup", maxDrivers: 1 })
    const [first, second] = [t.fake.addMember(t.fake.guildId, { username: "fay" }), t.fake.addMember(t.fake.guildId, { username: "gus" })]
    await register(t, first, event, formFor(20))
    expect(textOf(await register(t, second, event, formFor(21)))).toContain("#1 on the waitlist")
    const handle = t.fake.slash({ user: owner, command: "event", subcommand: "manage", options: { event: event.id } })
    await replyOf(handle)
    const manageId = String(handle.original()?.id)
    const find = (route: string, last: string) => componentsOf(t.fake.message(manageId)!).find((c) => c.customId?.startsWith(`1:${route}:`) && c.customId.endsWith(`:${last}`))!.customId
    await replyOf(t.fake.button({ user: owner, customId: componentsOf(t.fake.message(manageId)!).find((c) => c.label === "Edit")!.customId, message: manageId }))
    await replyOf(t.fake.select({ user: owner, customId: find("ev.pick", "edit"), values: ["capacity"], message: manageId }))
    const form = await replyOf(t.fake.button({ user: owner, customId: find("ev.nav", "open"), message: manageId }))
    await replyOf(t.fake.modalSubmit({ user: owner, customId: String(form.custom_id), fields: { "max-drivers": "2", "broadcast-slots": "" } }))
    const saved = await replyOf(t.fake.button({ user: owner, customId: find("ev.nav", "publish"), message: manageId }))
    expect(textOf(saved)).toContain("Saved changes to: Edited Cup")
    await t.delivered()
    expect(hasDriverRole(t, second)).toBe(true)
    expect(await lastDm(second)).toContain("you're now **on the grid** for **Edited Cup**")
    expect(refusedCallbacks(t)).toEqual([])
  })
})
