// First: the harness loads discord.js (and its undici 6) before the iRacing adapter loads undici 7.
// Whichever undici loads first owns the shared global dispatcher, and undici 7's cannot send
// discord.js's multipart bodies, so every file attachment would fail.
import { componentsOf, iracingSettingsFrom, isEphemeral, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { linkOf } from "../../src/app/iracing/links.js"
import { assignNumber } from "../../src/app/numbers/claim-use-cases.js"
import { updateSettings } from "../../src/app/numbers/setup.js"
import { SAMPLE_LEAGUE_ID } from "./fake-iracing/fixtures.js"
import { startFakeIracing, type FakeIracing } from "./fake-iracing/server.js"
import type { OptionValue, SeedUser } from "./fake-discord/index.js"

type Obj = Record<string, any>
const OFF = "iRacing features are off. To turn them on, set IRACING_CLIENT_ID, IRACING_CLIENT_SECRET, IRACING_USERNAME and IRACING_PASSWORD"

/** /number link and unlink, driver autocomplete, the sync interval in /setup, and iRacing switched off. */
describe("iRacing links through the real bot, the fake Discord and the fake iRacing", () => {
  let iracing: FakeIracing
  let t: TestBot
  let owner: SeedUser
  beforeAll(async () => {
    iracing = await startFakeIracing()
    // No cooldown: one test puts iRacing in maintenance, the next ones need it back at once.
    t = await startTestBot({ iracing: iracingSettingsFrom(iracing.env, { maintenanceCooldownMs: 0 }), autoSync: false })
    owner = t.fake.owner
  })
  afterAll(async () => {
    await t?.stop()
    await iracing?.close()
  })

  const number = (user: SeedUser, subcommand: string, options: Record<string, OptionValue> = {}) => replyOf(t.fake.slash({ user, command: "number", subcommand, options }))
  const suggest = (user: SeedUser, query: string) =>
    replyOf(t.fake.autocomplete({ user, command: "number", subcommand: "link", options: { query }, focused: "query" })).then((reply) => reply.choices as Array<{ name: string; value: string }>)
  const linked = (memberId: string) => t.bot.runtime.runPromise(linkOf(t.fake.guildId, memberId))
  let members = 0
  const newMember = () => t.member(`racer${++members}`)

  it("GIVEN no league is set WHEN a member links by customer id THEN the link stores the iRacing name AND the reply says there is no roster to verify against", async () => {
    const ana = newMember()
    const reply = await number(ana, "link", { query: "473030" })
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain("Linked you to **Lukas Schwenk** (iRacing customer 473030).")
    expect(textOf(reply)).toContain("Not verified: no iRacing league is set")
    expect(await linked(ana.id)).toMatchObject({ custId: 473030, iracingName: "Lukas Schwenk" })
  })

  it("GIVEN a league WHEN a member types a name THEN autocomplete offers that league's drivers as 'Name (cust id)' AND picking one links it, verified", async () => {
    await t.bot.runtime.runPromise(updateSettings(t.fake.guildId, owner.id, { iracingLeagueId: SAMPLE_LEAGUE_ID }))
    const ben = newMember()
    const choices = await suggest(ben, "fifteen")
    expect(choices).toEqual([
      { name: "Dan Fifteen (310003)", value: "310003" },
      { name: "Eve Fifteen (310004)", value: "310004" },
    ])
    // Narrowed to the league: Max Verstappen exists in iRacing but is not on this roster.
    expect(await suggest(ben, "Max")).toEqual([])
    const lookups = iracing.requests.filter((r) => r.url.startsWith("/data/lookup/drivers"))
    expect(lookups.at(-1)?.url).toContain(`league_id=${SAMPLE_LEAGUE_ID}`)

    const reply = await number(ben, "link", { query: choices[0]!.value })
    expect(textOf(reply)).toContain("Linked you to **Dan Fifteen** (iRacing customer 310003).")
    expect(textOf(reply)).toContain(`✅ Verified: Dan Fifteen is on the roster of iRacing league ${SAMPLE_LEAGUE_ID}.`)
    expect(await linked(ben.id)).toMatchObject({ custId: 310003, iracingName: "Dan Fifteen", linkedBy: ben.id })
  })

  it("GIVEN a league WHEN a member types a name that fits two drivers THEN they are asked to pick one, and nothing is linked", async () => {
    const dee = newMember()
    const reply = textOf(await number(dee, "link", { query: "Fifteen" }))
    expect(reply).toContain('"Fifteen" matches 2 iRacing members')
    expect(await linked(dee.id)).toBeUndefined()
  })

  it("GIVEN a league WHEN a member types a full name without picking THEN it links, verified; a customer outside the league links but is not verified", async () => {
    const cleo = newMember()
    expect(textOf(await number(cleo, "link", { query: "Alex Wright" }))).toContain("✅ Verified: Alex Wright")
    expect(await linked(cleo.id)).toMatchObject({ custId: 310005 })
    const outside = textOf(await number(newMember(), "link", { query: "168966" }))
    expect(outside).toContain("Linked you to **Max Verstappen**")
    expect(outside).toContain(`⚠️ Not verified: Max Verstappen is not on the roster of iRacing league ${SAMPLE_LEAGUE_ID}`)
  })

  it("GIVEN a customer linked to one member WHEN another member links the same customer THEN they are refused AND the first link stays", async () => {
    const first = newMember()
    await number(first, "link", { query: "310004" })
    const second = newMember()
    const reply = await number(second, "link", { query: "310004" })
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain(`Eve Fifteen (310004) is already linked to <@${first.id}>. An admin can unlink them first.`)
    expect(await linked(second.id)).toBeUndefined()
    expect(await linked(first.id)).toMatchObject({ custId: 310004 })
  })

  it("GIVEN unknown input THEN the refusals say what to type instead", async () => {
    expect(textOf(await number(newMember(), "link", { query: "999" }))).toContain("iRacing has no member with customer id 999")
    expect(textOf(await number(newMember(), "link", { query: "Nobody Here" }))).toContain('No iRacing member matches "Nobody Here" in the league')
  })

  it("GIVEN a linked member WHEN they unlink THEN the link is gone AND unlinking again is refused", async () => {
    const dora = newMember()
    await number(dora, "link", { query: "310008" })
    const reply = await number(dora, "unlink")
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain("You are no longer linked to **Otto Nine** (iRacing customer 310008).")
    expect(await linked(dora.id)).toBeUndefined()
    expect(textOf(await number(dora, "unlink"))).toContain("You have no iRacing link.")
  })

  it("GIVEN a member WHEN an admin links and unlinks them THEN it works, AND a non-admin doing it for someone else is refused with nothing changed", async () => {
    const bob = newMember()
    const meddler = newMember()
    expect(textOf(await number(owner, "link", { query: "Ben One", member: bob }))).toContain(`Linked <@${bob.id}> to **Ben One** (iRacing customer 310001).`)
    expect(await linked(bob.id)).toMatchObject({ custId: 310001, linkedBy: owner.id })

    const forLink = await number(meddler, "link", { query: "Cat Triple", member: bob })
    expect(isEphemeral(forLink)).toBe(true)
    expect(textOf(forLink)).toContain("You need admin rights for numbers to do this.")
    expect(textOf(await number(meddler, "unlink", { member: bob }))).toContain("You need admin rights for numbers to do this.")
    expect(await linked(bob.id)).toMatchObject({ custId: 310001 })
    expect(await linked(meddler.id)).toBeUndefined()

    // The export names the link next to the number.
    await t.bot.runtime.runPromise(assignNumber({ guildId: t.fake.guildId, actor: { userId: owner.id, roleIds: [], managesServer: true }, memberId: bob.id, number: "1" }))
    const exported = t.fake.slash({ user: owner, command: "number", subcommand: "export" })
    await replyOf(exported)
    const csv = exported.responses().flatMap((call) => call.files)[0]!.data.toString("utf8")
    expect(csv).toMatch(/\r\n1,Open,[^,]+,claimed,310001,Ben One,/)

    expect(textOf(await number(owner, "unlink", { member: bob }))).toContain(`<@${bob.id}> is no longer linked to **Ben One**`)
    expect(await linked(bob.id)).toBeUndefined()
  })

  it("GIVEN iRacing in maintenance WHEN a member types a name THEN autocomplete suggests nothing instead of failing", async () => {
    iracing.setMode("503-json")
    try {
      expect(await suggest(newMember(), "fifteen")).toEqual([])
    } finally {
      iracing.setMode("normal")
    }
    expect(await suggest(newMember(), "fifteen")).toHaveLength(2)
  })

  it("GIVEN the /setup league modal THEN it also sets the sync interval, refuses a bad one saving nothing, AND /syncstatus shows it", async () => {
    const opened = t.fake.slash({ user: owner, command: "setup" })
    await replyOf(opened)
    const panelId = String(opened.original()?.id)
    const leagueButton = componentsOf(opened.original()!).find((c) => c.customId === "1:setup.league")!.customId
    const openForm = async () => {
      const form = await replyOf(t.fake.button({ user: owner, customId: leagueButton, message: panelId }))
      expect(form.callbackType).toBe(9)
      return form
    }
    const form = await openForm()
    const inputs = (form.components as Obj[]).map((c) => c.component?.custom_id)
    expect(inputs).toEqual(["league", "sync-interval"])

    const bad = await replyOf(t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields: { league: "4242", "sync-interval": "hourly" } }))
    expect(textOf(bad)).toContain('The sync interval is a number of minutes from 0 (off) to 10080 (a week); "hourly" is not one. Nothing was saved.')
    const set = await replyOf(t.fake.modalSubmit({ user: owner, customId: (await openForm()).custom_id, fields: { league: String(SAMPLE_LEAGUE_ID), "sync-interval": "30" } }))
    expect(textOf(set)).toContain(`iRacing league set to ${SAMPLE_LEAGUE_ID}. Automatic sync every 30 minutes.`)
    const prefilled = (await openForm()).components as Obj[]
    expect(prefilled.map((c) => c.component?.value)).toEqual([String(SAMPLE_LEAGUE_ID), "30"])

    const status = await replyOf(t.fake.slash({ user: owner, command: "syncstatus" }))
    expect(isEphemeral(status)).toBe(true)
    expect(textOf(status)).toContain("Every 30 minutes.")
    expect(textOf(status)).toContain(String(SAMPLE_LEAGUE_ID))
    expect(textOf(status)).toContain("Never. An admin can run /sync.")
    expect(textOf(await replyOf(t.fake.slash({ user: newMember(), command: "syncstatus" })))).toContain("You need admin rights for numbers")
  })

  it("GIVEN an interval of 1 and then of 5 minutes THEN /setup and /syncstatus say 'every minute' and 'every 5 minutes'", async () => {
    const opened = t.fake.slash({ user: owner, command: "setup" })
    await replyOf(opened)
    const leagueButton = componentsOf(opened.original()!).find((c) => c.customId === "1:setup.league")!.customId
    const save = async (interval: string) => {
      const form = await replyOf(t.fake.button({ user: owner, customId: leagueButton, message: String(opened.original()?.id) }))
      return textOf(await replyOf(t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields: { league: String(SAMPLE_LEAGUE_ID), "sync-interval": interval } })))
    }
    const status = async () => textOf(await replyOf(t.fake.slash({ user: owner, command: "syncstatus" })))
    expect(await save("1")).toContain("Automatic sync every minute.")
    expect(await status()).toContain("Every minute.")
    expect(await save("5")).toContain("Automatic sync every 5 minutes.")
    expect(await status()).toContain("Every 5 minutes.")
  })

  it("GIVEN everything above THEN Discord accepted every reply: none broke a limit or came late", () => {
    expect(t.fake.calls.filter((call) => call.status >= 400).map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([])
    expect(t.fake.unexpectedCalls()).toEqual([])
  })
})

describe("iRacing switched off (no IRACING_* credentials)", () => {
  let t: TestBot
  beforeAll(async () => {
    t = await startTestBot({ autoSync: false })
  })
  afterAll(async () => {
    await t?.stop()
  })

  it("GIVEN no credentials WHEN a member links or an admin syncs THEN both are told iRacing is off and which variables turn it on", async () => {
    const member = t.member("offline")
    const link = await replyOf(t.fake.slash({ user: member, command: "number", subcommand: "link", options: { query: "473030" } }))
    expect(isEphemeral(link)).toBe(true)
    expect(textOf(link)).toContain(OFF)
    const sync = await replyOf(t.fake.slash({ user: t.fake.owner, command: "sync" }))
    expect(isEphemeral(sync)).toBe(true)
    expect(textOf(sync)).toContain(OFF)
    const choices = await replyOf(t.fake.autocomplete({ user: member, command: "number", subcommand: "link", options: { query: "Lukas" }, focused: "query" }))
    expect(choices.choices).toEqual([])
    const status = textOf(await replyOf(t.fake.slash({ user: t.fake.owner, command: "syncstatus" })))
    expect(status).toContain(OFF)
    expect(status).toContain("Off: iRacing is off.")
  })

  it("GIVEN everything above THEN Discord accepted every reply", () => {
    expect(t.fake.calls.filter((call) => call.status >= 400).map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([])
  })
})
