import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { raceSettingsOf } from "../../src/app/race-night/race-settings-use-cases.js"
import { componentsOf, isEphemeral, replyOf, textOf, type TestBot } from "./harness.js"
import { publishEvent, refusedCallbacks, run, startRaceBot, type Card } from "./race-night-helpers.js"

type Obj = Record<string, any>

/** /event manage → Race-night settings: the per-event rules race night enforces, set from Discord. */
describe("race-night settings through /event manage", () => {
  let t: TestBot
  let card: Card
  let panel: Obj
  beforeAll(async () => {
    t = await startRaceBot()
    card = await publishEvent(t, { title: "Settings Cup", maxDrivers: 10 })
    const manage = await replyOf(t.fake.slash({ user: t.fake.owner, command: "event", subcommand: "manage", options: { event: card.id } }))
    const button = componentsOf(manage).find((c) => c.label === "Race-night settings")!
    panel = await replyOf(t.fake.button({ user: t.fake.owner, customId: button.customId }))
  })
  afterAll(async () => {
    await t.stop()
  })

  const form = async () => {
    const change = componentsOf(panel).find((c) => c.label === "Change settings…")!
    const opened = await replyOf(t.fake.button({ user: t.fake.owner, customId: change.customId }))
    expect(opened.callbackType).toBe(9)
    return String(opened.custom_id)
  }

  it("GIVEN the panel THEN it shows the defaults", () => {
    expect(textOf(panel)).toContain("iRacing customer id")
    expect(textOf(panel)).toContain("24 h before the start")
  })

  it("GIVEN the form submitted with Steam, 2 h and no check-outs THEN they are stored and shown", async () => {
    const saved = await replyOf(
      t.fake.modalSubmit({ user: t.fake.owner, customId: await form(), fields: { platform: ["steam"], opens: "2", checkouts: "0", attempts: "3", car_number: ["yes"] } }),
    )
    expect(textOf(saved)).toContain("Saved")
    expect(textOf(saved)).toContain("SteamID64")
    const stored = await run(t, raceSettingsOf(t.fake.guildId, card.id))
    expect(stored).toMatchObject({ platform: "steam", checkInOpensBeforeMinutes: 120, checkoutLimit: 0, failedAttemptLimit: 3, carNumberRequired: true })
  })

  it("GIVEN a bad value THEN the admin is told which and nothing changes", async () => {
    const before = await run(t, raceSettingsOf(t.fake.guildId, card.id))
    const refused = await replyOf(
      t.fake.modalSubmit({ user: t.fake.owner, customId: await form(), fields: { platform: ["iracing"], opens: "lots", checkouts: "1", attempts: "3", car_number: ["no"] } }),
    )
    expect(isEphemeral(refused)).toBe(true)
    expect(textOf(refused)).toContain("lots")
    expect(await run(t, raceSettingsOf(t.fake.guildId, card.id))).toEqual(before)
  })

  it("GIVEN a role picked THEN registering requires it; cleared THEN anyone may register", async () => {
    const roleSelect = componentsOf(panel).find((c) => c.type === 6)!
    const licensed = t.fake.role("Licensed")
    const picked = await replyOf(t.fake.select({ user: t.fake.owner, customId: roleSelect.customId, values: [licensed], componentType: 6 }))
    expect(textOf(picked)).toContain(`<@&${licensed}>`)
    expect((await run(t, raceSettingsOf(t.fake.guildId, card.id))).requiredRoleId).toBe(licensed)
    await replyOf(t.fake.select({ user: t.fake.owner, customId: roleSelect.customId, values: [], componentType: 6 }))
    expect((await run(t, raceSettingsOf(t.fake.guildId, card.id))).requiredRoleId).toBeNull()
  })

  it("GIVEN a member pressing the settings controls THEN they are refused and nothing changes", async () => {
    const member = t.member("nosy")
    const before = await run(t, raceSettingsOf(t.fake.guildId, card.id))
    const roleSelect = componentsOf(panel).find((c) => c.type === 6)!
    const refused = await replyOf(t.fake.select({ user: member, customId: roleSelect.customId, values: [t.fake.role("Licensed")], componentType: 6 }))
    expect(textOf(refused)).toContain("admin rights for events")
    expect(await run(t, raceSettingsOf(t.fake.guildId, card.id))).toEqual(before)
    expect(refusedCallbacks(t)).toEqual([])
  })
})
