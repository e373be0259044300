import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { SeedUser } from "./fake-discord/index.js"
import { componentsOf, isEphemeral, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"

type Obj = Record<string, any>

/** /setup, /config and who may touch them, through the real bot and the fake Discord. */
describe("numbers admin: /setup and /config", () => {
  let t: TestBot
  let owner: SeedUser
  let panelId: string
  beforeAll(async () => {
    t = await startTestBot({ fake: { guilds: [{ roles: [{ name: "Stewards" }] }] } })
    owner = t.fake.owner
  })
  afterAll(async () => {
    await t.stop()
  })

  const openPanel = async (user: SeedUser = owner) => {
    const handle = t.fake.slash({ user, command: "setup" })
    const reply = await replyOf(handle)
    return { reply, id: String(handle.original()?.id) }
  }
  const idOn = (message: Obj, route: string) => {
    const found = componentsOf(message).find((c) => c.customId.startsWith(`1:${route}`))
    if (found === undefined) throw new Error(`no ${route} component on ${JSON.stringify(componentsOf(message))}`)
    return found.customId
  }
  const panel = () => t.fake.message(panelId)!
  const classFields = (name: string, range: string, limit = "1", reserved = "") => ({ name, range, limit, reserved })
  /** Presses "Add class", checks a modal opened, and submits it. */
  const addClass = async (fields: Record<string, string>, user: SeedUser = owner) => {
    const form = await replyOf(t.fake.button({ user, customId: idOn(panel(), "setup.add-class"), message: panelId }))
    expect(form.callbackType).toBe(9)
    return replyOf(t.fake.modalSubmit({ user, customId: form.custom_id, fields }))
  }
  const config = async () => textOf(await replyOf(t.fake.slash({ user: owner, command: "config" })))

  it("GIVEN an admin runs /setup THEN a private panel shows the steps and what is set", async () => {
    const { reply, id } = await openPanel()
    panelId = id
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain("Add class")
    expect(textOf(reply)).toContain("members claim from **Open** 0–999")
    expect(componentsOf(reply).map((c) => c.customId)).toEqual(["1:setup.add-class", "1:setup.league", "1:setup.admin-role", "1:setup.channel"])
  })

  it("GIVEN the class modal WHEN an admin adds GT3 THEN the same panel updates in place and shows it", async () => {
    const updated = await addClass(classFields("GT3", "1-199", "1", "1, 07, 10-19"))
    expect(updated.callbackType).toBe(7)
    expect(textOf(updated)).toContain("added class **GT3** (1–199, 1 per member, reserved 1, 07, 10–19)")
    expect(textOf(panel())).toContain("**GT3** 1–199 · 1 per member · reserved 1, 07, 10–19")
    expect(componentsOf(panel()).some((c) => c.customId === "1:setup.edit-class")).toBe(true)
  })

  it.each([
    ["a range that is not one", classFields("Bad", "abc"), 'like 1-199; "abc" is not one'],
    ["a limit of 0", classFields("Bad", "300-399", "0"), "per-member limit must be a whole number of at least 1"],
    ["reserved numbers outside the range", classFields("Bad", "300-399", "1", "250"), "Reserved numbers outside 300–399: 250"],
    ["a name that exists", classFields("gt3", "300-399"), 'A class named "GT3" already exists'],
  ])("GIVEN %s THEN the admin gets a clear private refusal AND nothing is stored", async (_, fields, reason) => {
    const refused = await addClass(fields)
    expect(refused.callbackType).toBe(4)
    expect(isEphemeral(refused)).toBe(true)
    expect(textOf(refused)).toContain(reason)
    const now = await config()
    expect(now).not.toContain("Bad")
    expect(now).not.toContain("300–399")
  })

  it("GIVEN two classes WHEN an admin edits one (prefilled) and removes the other THEN the panel follows", async () => {
    await addClass(classFields("LMP2", "200-299", "1"))
    const form = await replyOf(t.fake.select({ user: owner, customId: idOn(panel(), "setup.edit-class"), values: [classIdOf("GT3")], message: panelId }))
    expect(form.callbackType).toBe(9)
    const prefilled = Object.fromEntries((form.components as Obj[]).map((label) => [label.component.custom_id, label.component.value]))
    expect(prefilled).toMatchObject({ name: "GT3", range: "1-199", limit: "1", reserved: "1, 07, 10–19" })
    expect(form.custom_id).toBe(`1:setup.class-form:${classIdOf("GT3")}`)
    const edited = await replyOf(t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields: { ...prefilled, limit: "2" } }))
    expect(textOf(edited)).toContain("saved class **GT3** (1–199, 2 per member")
    const removed = await replyOf(t.fake.select({ user: owner, customId: idOn(panel(), "setup.remove-class"), values: [classIdOf("LMP2")], message: panelId }))
    expect(textOf(removed)).toContain("removed class **LMP2** (200–299, 1 per member)")
    expect(textOf(panel())).not.toContain("**LMP2** 200–299 ·")
    // One class left: removing it would be refused, so the menu is gone.
    expect(componentsOf(panel()).some((c) => c.customId === "1:setup.remove-class")).toBe(false)
    expect(await config()).toContain("**GT3** 1–199 · 2 per member")
  })

  const classIdOf = (name: string) => {
    const select = (panel().components as Obj[]).flatMap((row) => row.components).find((c: Obj) => c.custom_id === "1:setup.edit-class")
    const option = (select?.options as Obj[] | undefined)?.find((o) => String(o.label).startsWith(`${name} (`))
    if (option === undefined) throw new Error(`no class ${name} in the edit menu`)
    return String(option.value)
  }

  it("GIVEN the channel menu WHEN an admin picks #announcements THEN it is stored; a channel the bot can't post in is refused with what to fix", async () => {
    const locked = t.fake.addChannel(t.fake.guildId, { name: "locked", botCanSend: false })
    const hidden = t.fake.addChannel(t.fake.guildId, { name: "hidden", botCanView: false })
    const pick = (channelId: string) => replyOf(t.fake.select({ user: owner, customId: idOn(panel(), "setup.channel"), values: [channelId], componentType: 8, message: panelId }))

    const set = await pick(t.fake.channels.announcements!)
    expect(textOf(set)).toContain(`now announced in <#${t.fake.channels.announcements}>`)
    const cannotSend = await pick(locked)
    expect(isEphemeral(cannotSend)).toBe(true)
    expect(textOf(cannotSend)).toContain("**Send Messages**")
    expect(textOf(cannotSend)).toContain("Permissions")
    const cannotSee = await pick(hidden)
    expect(textOf(cannotSee)).toContain("View Channel")
    const shown = await config()
    expect(shown).toContain(`<#${t.fake.channels.announcements}>`)
    expect(shown).not.toContain(`<#${locked}>`)
    expect(shown).not.toContain(`<#${hidden}>`)
  })

  it("GIVEN the role menu WHEN the owner picks Stewards THEN stewards can run /number assign and others are refused, even with forged ids", async () => {
    const stewards = t.fake.role("Stewards")
    const granted = await replyOf(t.fake.select({ user: owner, customId: idOn(panel(), "setup.admin-role"), values: [stewards], componentType: 6, message: panelId }))
    expect(textOf(granted)).toContain(`<@&${stewards}> can now run numbers admin actions`)
    const steward = t.member("steward", "member", [stewards])
    const plain = t.member("plain")
    const driver = t.member("driver")

    const assigned = await replyOf(t.fake.slash({ user: steward, command: "number", subcommand: "assign", options: { member: driver, number: "44" } }))
    expect(textOf(assigned)).toContain(`Assigned **#44** in GT3 (1–199) to <@${driver.id}>`)
    const refused = await replyOf(t.fake.slash({ user: plain, command: "number", subcommand: "assign", options: { member: plain, number: "45" } }))
    expect(textOf(refused)).toContain("admin rights for numbers")

    const forgedButton = await replyOf(t.fake.button({ user: plain, customId: "1:setup.add-class" }))
    expect(textOf(forgedButton)).toContain("admin rights for numbers")
    const forgedModal = await replyOf(t.fake.modalSubmit({ user: plain, customId: "1:setup.class-form:new", fields: classFields("Hijack", "500-599") }))
    expect(textOf(forgedModal)).toContain("admin rights for numbers")
    expect(isEphemeral(forgedModal)).toBe(true)
    expect(await config()).not.toContain("Hijack")

    // A numbers admin may run /setup, but handing out admin rights stays with Manage Server.
    const stewardPanel = await openPanel(steward)
    expect(componentsOf(stewardPanel.reply).some((c) => c.customId === "1:setup.admin-role")).toBe(false)
    const escalate = await replyOf(t.fake.select({ user: steward, customId: "1:setup.admin-role", values: [stewards], componentType: 6 }))
    expect(textOf(escalate)).toContain("Manage Server")
  })

  it("GIVEN an iRacing league id in its modal THEN the panel shows it; a non-number is refused", async () => {
    const form = await replyOf(t.fake.button({ user: owner, customId: idOn(panel(), "setup.league"), message: panelId }))
    expect(form.callbackType).toBe(9)
    const bad = await replyOf(t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields: { league: "my league" } }))
    expect(textOf(bad)).toContain("whole number like 12345")
    const set = await replyOf(t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields: { league: "4242" } }))
    expect(textOf(set)).toContain("iRacing league set to 4242")
  })

  it("GIVEN everything set THEN /config shows classes, channel, admins, league and counts", async () => {
    const reply = await replyOf(t.fake.slash({ user: owner, command: "config" }))
    expect(isEphemeral(reply)).toBe(true)
    const text = textOf(reply)
    expect(text).toContain("**GT3** 1–199 · 2 per member · reserved 1, 07, 10–19 · 1 held (1 not yet in iRacing)")
    expect(text).toContain(`<#${t.fake.channels.announcements}>`)
    expect(text).toContain(`<@&${t.fake.role("Stewards")}>`)
    expect(text).toContain("League 4242")
    expect(text).toContain("**1** numbers held: 0 confirmed in iRacing, 1 waiting")
  })

  it("GIVEN the owner clears the role menu THEN the grant is revoked and stewards are refused again", async () => {
    const stewards = t.fake.role("Stewards")
    const roleMenu = (panel().components as Obj[]).flatMap((row) => row.components).find((c: Obj) => c.custom_id === "1:setup.admin-role")
    expect(roleMenu?.default_values).toEqual([{ id: stewards, type: "role" }])
    const cleared = await replyOf(t.fake.select({ user: owner, customId: "1:setup.admin-role", values: [], componentType: 6, message: panelId }))
    expect(textOf(cleared)).toContain(`<@&${stewards}> no longer can`)
    expect(await config()).toContain("Only server managers.")
    const steward = t.member("second-steward", "member", [stewards])
    expect(textOf(await replyOf(t.fake.slash({ user: steward, command: "config" })))).toContain("admin rights for numbers")
  })

  it("GIVEN the run is over THEN Discord accepted every reply (limits respected) and no unknown route was called", () => {
    expect(t.fake.calls.filter((call) => call.path.endsWith("/callback") && call.status >= 400)).toEqual([])
    expect(t.fake.calls.filter((call) => call.path.startsWith("/webhooks") && call.status >= 400)).toEqual([])
    expect(t.fake.unexpectedCalls()).toEqual([])
  })
})
