// First: the harness loads discord.js (and its undici 6) before the iRacing adapter loads undici 7 (see iracing.test.ts).
import { claimStatuses, componentsOf, iracingSettingsFrom, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Effect from "effect/Effect"
import { Database } from "../../src/adapters/sqlite/database.js"
import { deleteLink } from "../../src/adapters/sqlite/repositories/member-links.js"
import { updateSettings } from "../../src/app/numbers/setup.js"
import { SAMPLE_LEAGUE_ID } from "./fake-iracing/fixtures.js"
import { startFakeIracing, type FakeIracing } from "./fake-iracing/server.js"
import type { OptionValue, SeedUser } from "./fake-discord/index.js"

type Obj = Record<string, any>

/**
 * What the sync report tells an admin about members who link, unlink or hold numbers the roster
 * shows on someone else, against the sample league (Dan and Eve both show #15, Otto shows #09).
 * The tests run in order and build on each other's links and claims.
 */
describe("the sync report an admin acts on", () => {
  let iracing: FakeIracing
  let t: TestBot
  let owner: SeedUser
  beforeAll(async () => {
    iracing = await startFakeIracing()
    t = await startTestBot({ iracing: iracingSettingsFrom(iracing.env), autoSync: false })
    owner = t.fake.owner
    await t.bot.runtime.runPromise(updateSettings(t.fake.guildId, owner.id, { iracingLeagueId: SAMPLE_LEAGUE_ID }))
  })
  afterAll(async () => {
    await t?.stop()
    await iracing?.close()
  })

  const number = (user: SeedUser, subcommand: string, options: Record<string, OptionValue> = {}) =>
    replyOf(t.fake.slash({ user, command: "number", subcommand, options })).then(textOf)
  const mine = (user: SeedUser) => number(user, "mine")

  /** Runs /sync and pages through every finding: the summary, and each section's lines by title. */
  const sync = async () => {
    const handle = t.fake.slash({ user: owner, command: "sync" })
    let page: Obj = await replyOf(handle, 15_000)
    const summary = textOf({ embeds: [page.embeds[0]] })
    const sections = new Map<string, string[]>()
    const collect = (embed: Obj) => {
      const title = String(embed.title).replace(/ \(.*\)$/, "")
      sections.set(title, [...(sections.get(title) ?? []), ...String(embed.description).split("\n")])
    }
    collect(page.embeds[1])
    for (;;) {
      const next = componentsOf(page).find((c) => c.label === "Next ▶")
      if (next === undefined || next.disabled === true) break
      page = await replyOf(t.fake.button({ user: owner, customId: next.customId, message: handle.original()! }))
      collect(page.embeds[1])
    }
    const section = (title: string) => sections.get(title) ?? []
    return { summary, section }
  }

  it("GIVEN two roster drivers show #15 AND a member linked to one of them holds #15 WHEN an admin syncs THEN the claim is confirmed AND #15 is not listed as nobody's claim, but the other driver is shown holding a number someone here holds", async () => {
    const dan = t.member("dan")
    expect(await number(dan, "link", { query: "310003" })).toContain("Linked you to **Dan Fifteen**")
    expect(await number(dan, "claim", { number: "15" })).toContain("#15")
    const { summary, section } = await sync()
    expect(summary).toContain("(1 newly)")
    expect(await mine(dan)).toMatch(/\*\*#15\*\* · .* · ✅ confirmed in iRacing/)
    expect(section("Unclaimed in Discord").filter((line) => line.includes("#15"))).toEqual([])
    expect(section("Held here by someone else")).toContain(`**#15** · Eve Fifteen (310004) · held here by <@${dan.id}>`)
    expect(section("Duplicate numbers in the roster")).toContain("**#15** ×2: Dan Fifteen (310003), Eve Fifteen (310004)")
    // The roster numbers nobody holds here are still listed.
    expect(section("Unclaimed in Discord")).toContain("**#09** · Otto Nine (310008) · no Discord link")
  })

  const count = (summary: string, label: string) => Number(new RegExp(`\\*\\*(\\d+)\\*\\* ${label}`).exec(summary)?.[1])

  it("GIVEN a member whose #09 the roster confirmed WHEN they unlink THEN the claim is pending at once AND the next sync lists them as holding a number without a link and #09 as held by them, never as confirmed or as nobody's claim", async () => {
    const otto = t.member("otto")
    await number(otto, "link", { query: "310008" })
    await number(otto, "claim", { number: "09" })
    expect((await sync()).summary).toContain("(1 newly)")
    expect(await mine(otto)).toMatch(/\*\*#09\*\* · .* · ✅ confirmed in iRacing/)

    expect(await number(otto, "unlink")).toContain("You are no longer linked to **Otto Nine** (iRacing customer 310008).\n#09 is pending again")
    expect(await mine(otto)).toMatch(/\*\*#09\*\* · .* · 🟡 pending/)

    const { summary, section } = await sync()
    expect(count(summary, "no longer shown in iRacing")).toBe(0)
    expect(section("Holding numbers without an iRacing link")).toContain(`<@${otto.id}>`)
    expect(section("Held here by someone else")).toContain(`**#09** · Otto Nine (310008) · held here by <@${otto.id}>`)
    expect(section("Unclaimed in Discord").filter((line) => line.includes("#09"))).toEqual([])
    expect(await mine(otto)).toMatch(/\*\*#09\*\* · .* · 🟡 pending/)
  })

  it("GIVEN a member whose #01 the roster confirmed WHEN they link to another driver THEN #01 is pending at once", async () => {
    const ava = t.member("ava")
    await number(ava, "link", { query: "898261" })
    await number(ava, "claim", { number: "01" })
    expect((await sync()).summary).toContain("(1 newly)")
    expect(await number(ava, "link", { query: "408970" })).toContain("Linked you to **Amr Saleh**")
    expect(await mine(ava)).toMatch(/\*\*#01\*\* · .* · 🟡 pending/)
  })

  it("GIVEN a confirmed claim whose holder's link was removed without unconfirming it (as before unlinking did) WHEN an admin syncs THEN the claim goes back to pending", async () => {
    const ben = t.member("ben")
    await number(ben, "link", { query: "310001" })
    await number(ben, "claim", { number: "1" })
    expect((await sync()).summary).toContain("(1 newly)")
    const guildId = t.fake.guildId
    await t.bot.runtime.runPromise(Effect.flatMap(Database, (db) => db.transaction("test.unlink-as-before", (trx) => deleteLink(trx, guildId, ben.id))))
    const confirmedBefore = Object.values(await claimStatuses(t)).filter((status) => status === "confirmed").length

    const { summary, section } = await sync()
    expect(count(summary, "no longer shown in iRacing")).toBe(1)
    expect(Object.values(await claimStatuses(t)).filter((status) => status === "confirmed")).toHaveLength(confirmedBefore - 1)
    expect(await mine(ben)).toMatch(/\*\*#1\*\* · .* · 🟡 pending/)
    expect(section("Holding numbers without an iRacing link")).toContain(`<@${ben.id}>`)
  })

  it("GIVEN a member WHEN they ask /number mine before and after linking THEN it says how to link, then shows their iRacing name, customer id and how to unlink", async () => {
    const lia = t.member("lia")
    expect(await mine(lia)).toContain("iRacing link\nNone. Link your iRacing account with `/number link`")
    await number(lia, "link", { query: "473030" })
    const shown = await mine(lia)
    expect(shown).toMatch(/iRacing link\nLukas Schwenk \(customer 473030\), linked <t:\d+:d>\. To remove it: `\/number unlink`\./)
    expect(shown).toContain("You hold no numbers.")
  })

  it("GIVEN a member linked to a driver who is not on the league roster AND holding #77 WHEN an admin syncs THEN no 'set preferred number' line names them, but the report says to invite them to the league", async () => {
    const max = t.member("max")
    expect(await number(max, "link", { query: "168966" })).toContain("Not verified: Max Verstappen is not on the roster")
    await number(max, "claim", { number: "77" })
    const { summary, section } = await sync()
    expect(section("To set in iRacing").filter((line) => line.includes("168966"))).toEqual([])
    expect(section("Extra claims").filter((line) => line.includes("168966"))).toEqual([])
    const notInLeague = section("Linked members not in the league")
    expect(notInLeague.join("\n")).toContain("Invite them to the league on iRacing (or ask them to apply to join), then run /sync again.")
    expect(notInLeague).toContain(`<@${max.id}> → Max Verstappen (168966) · holds #77 here`)
    expect(count(summary, "linked members not in the league")).toBe(2)
  })
})
