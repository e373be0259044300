// First: discord.js must load its undici before the iRacing adapter loads undici 7 (see iracing.test.ts).
import { componentsOf, iracingSettingsFrom, isEphemeral, replyOf, startTestBot, textOf, claimStatuses, type TestBot } from "./harness.js"
import { parse } from "csv-parse/sync"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Database } from "../../src/adapters/sqlite/database.js"
import { saveLink } from "../../src/adapters/sqlite/repositories/member-links.js"
import { saveClaimStep } from "../../src/app/numbers/claim-use-cases.js"
import { saveClass, updateSettings } from "../../src/app/numbers/setup.js"
import { unsafeCarNumber } from "../../src/domain/numbers/car-number.js"
import { applyClaimEvent, type ClaimSnapshot } from "../../src/machines/claim.js"
import { SYNC_CSV_COLUMNS } from "../../src/adapters/discord/iracing/sync-csv.js"
import { generateLeague, member, type RosterMemberFixture } from "./fake-iracing/fixtures.js"
import { startFakeIracing, type FakeIracing } from "./fake-iracing/server.js"
import type { SeedUser } from "./fake-discord/index.js"

type Obj = Record<string, any>
const LEAGUE_ID = 777_001
const LEAGUE_NAME = "Pitboard Endurance Series"
const FORMULA_NAME = '=HYPERLINK("http://evil.example","x")'

interface SeedClaim { readonly id: string; readonly holder: string; readonly cls: "GT3" | "LMP2"; readonly number: string; readonly seededConfirmed: boolean; readonly after: "claimed" | "confirmed" }
interface SeedLink { readonly memberId: string; readonly custId: number; readonly name: string }

/**
 * 2,000 roster members covering every kind of difference, with the counts each kind must produce
 * worked out by hand here (not by calling reconcile). `ada` and `dee` are real fake-Discord members
 * so /number mine can be asked; everyone else is a synthetic id.
 */
const scenario = (ada: string, dee: string) => {
  const roster: RosterMemberFixture[] = []
  const links: SeedLink[] = []
  const claims: SeedClaim[] = []
  let next = 0
  const racer = (carNumber: string | null, opts: { linked?: boolean; member?: string; name?: string } = {}) => {
    const i = next++
    const name = opts.name ?? `Racer ${String(i).padStart(4, "0")}`
    roster.push(member(6_000_000 + i, name, carNumber))
    const memberId = opts.member ?? String(800_000_000_000_000_000n + BigInt(i))
    if (opts.linked !== false) links.push({ memberId, custId: 6_000_000 + i, name })
    return memberId
  }
  const claim = (holder: string, cls: "GT3" | "LMP2", number: string, after: "claimed" | "confirmed", seededConfirmed = false) =>
    claims.push({ id: `seed-${claims.length}`, holder, cls, number, seededConfirmed, after })

  // Leading zeros: "05" / "015" claimed, the roster shows "5" / "15" → to set; the LMP2 claims on "0"–"29" below
  // make those roster numbers held by someone else.
  for (let k = 0; k < 30; k++) claim(racer(String(k), k === 5 ? { member: dee } : {}), "GT3", `0${k}`, "claimed")
  // Confirmed: roster number = claim. The first 20 were confirmed by an earlier sync already.
  for (let k = 30; k < 730; k++) claim(racer(String(k), k === 30 ? { member: ada } : {}), "GT3", String(k), "confirmed", k < 50)
  // Claims in two classes: the roster shows the GT3 one; the LMP2 one is an extra claim.
  for (let k = 730; k < 760; k++) {
    const holder = racer(String(k))
    claim(holder, "GT3", String(k), "confirmed")
    claim(holder, "LMP2", String(k + 100), "claimed")
  }
  // The roster shows another number → to set; that roster number is unclaimed (760–829) or held in LMP2 (830–859).
  for (let k = 760; k < 860; k++) claim(racer(String(k)), "GT3", String(k + 100), "claimed")
  // The roster shows no number → to set.
  for (let k = 0; k < 100; k++) claim(racer(null, k === 0 ? { name: "Zoë, `Q` Ångström" } : {}), "LMP2", String(k), "claimed")
  // Confirmed before, no longer shown → back to pending, and to set.
  for (let k = 100; k < 110; k++) claim(racer(null), "LMP2", String(k), "claimed", true)
  // Roster numbers nobody claimed, held by unlinked drivers (one with a formula for a name).
  for (let k = 30; k < 80; k++) racer(`0${k}`, { linked: false, ...(k === 30 ? { name: FORMULA_NAME } : {}) })
  for (let k = 960; k < 1000; k++) racer(String(k), { linked: false })
  // Linked drivers with a roster number but no claim.
  for (let k = 80; k < 100; k++) racer(`0${k}`)
  // Duplicates: 25 with the numbers just above (unclaimed), 5 with confirmed numbers (held by someone else).
  for (let k = 960; k < 985; k++) racer(String(k), { linked: false })
  for (let k = 30; k < 35; k++) racer(String(k), { linked: false })
  while (next < 2000) racer(null, { linked: false })
  // Linked to customers who are not in the league, and holders with no link at all.
  for (let j = 0; j < 50; j++) links.push({ memberId: String(810_000_000_000_000_000n + BigInt(j)), custId: 7_000_000 + j, name: `Elsewhere ${j}` })
  for (let j = 0; j < 40; j++) claim(String(820_000_000_000_000_000n + BigInt(j)), "LMP2", String(200 + j), "claimed")
  return { roster, links, claims }
}

const EXPECTED = { confirmed: 730, newly: 710, unconfirmed: 10, toSet: 240, extra: 30, unclaimed: 205, heldByOthers: 65, duplicates: 30, notInLeague: 50, unlinked: 40 }
// One row per holder: #30–#34 are held twice (GT3 by the drivers who show them, LMP2 by others), so 65 + 5.
const EXPECTED_ROWS = { to_set: 240, extra_claim: 30, unclaimed: 205, held_by_other: 70, duplicate: 60, linked_not_in_league: 50, unlinked_holder: 40 }

describe("/sync against a 2,000-member roster with every kind of difference", () => {
  let iracing: FakeIracing
  let t: TestBot
  let owner: SeedUser
  let ada: SeedUser
  let dee: SeedUser
  let seeded: ReturnType<typeof scenario>
  const run = <A>(effect: Effect.Effect<A, unknown, any>) => t.bot.runtime.runPromise(effect as Effect.Effect<A, unknown, never>)

  beforeAll(async () => {
    iracing = await startFakeIracing()
    t = await startTestBot({ iracing: iracingSettingsFrom(iracing.env), autoSync: false })
    owner = t.fake.owner
    ada = t.member("ada")
    dee = t.member("dee")
    seeded = scenario(ada.id, dee.id)
    iracing.addLeague({ ...generateLeague(LEAGUE_ID, 1), league_name: LEAGUE_NAME, roster: seeded.roster, roster_count: seeded.roster.length })
    const guildId = t.fake.guildId
    const gt3 = await run(saveClass(guildId, owner.id, { name: "GT3", range: "0-999", limit: "1", reserved: "" }))
    const lmp2 = await run(saveClass(guildId, owner.id, { name: "LMP2", range: "0-999", limit: "1", reserved: "" }))
    await run(updateSettings(guildId, owner.id, { iracingLeagueId: LEAGUE_ID, announcementChannelId: t.fake.channels.announcements! }))
    // Seeded through the claim machine and the repositories, all in one transaction: 2,000 use-case calls would be slow.
    const at = Date.now() - 86_400_000
    await run(
      Effect.flatMap(Database, (db) =>
        db.transaction("test.seed", async (trx) => {
          for (const link of seeded.links) await saveLink(trx, guildId, { memberId: link.memberId, custId: link.custId, iracingName: link.name, linkedBy: link.memberId, linkedAt: at })
          for (const c of seeded.claims) {
            const classId = c.cls === "GT3" ? gt3.id : lmp2.id
            const started = applyClaimEvent(null, { type: "CLAIM", claimId: c.id, guildId, classId, number: unsafeCarNumber(c.number), holderId: c.holder, actorId: c.holder, at })
            if ("refused" in started) throw new Error(started.refused)
            await saveClaimStep(trx, null, started.next, { actorId: c.holder, action: "number.claim", at })
            if (!c.seededConfirmed) continue
            const confirmed = applyClaimEvent(started.next as ClaimSnapshot, { type: "CONFIRM", actorId: "seed", at })
            if ("refused" in confirmed) throw new Error(confirmed.refused)
            await saveClaimStep(trx, started.next, confirmed.next, { actorId: "seed", action: "number.confirm", at })
          }
        }),
      ),
    )
  })
  afterAll(async () => {
    await t?.stop()
    await iracing?.close()
  })

  const sync = async () => {
    const handle = t.fake.slash({ user: owner, command: "sync" })
    const reply = await replyOf(handle, 30_000)
    return { handle, reply }
  }
  const count = (text: string, label: string) => Number(new RegExp(`\\*\\*(\\d+)\\*\\* ${label}`).exec(text)?.[1])
  // The announcement is the same summary embed the admin sees.
  const announcements = () =>
    t.fake
      .channelMessages(t.fake.channels.announcements!)
      .filter((m) => String((m.embeds as Array<Record<string, any>>)[0]?.title ?? "").startsWith("iRacing roster sync"))
      .map((m) => textOf(m))
  let first: Awaited<ReturnType<typeof sync>>

  it("GIVEN the seeded differences WHEN an admin runs /sync THEN the summary counts are exactly what was seeded", async () => {
    first = await sync()
    expect(first.reply.callbackType).toBe(5)
    expect(isEphemeral(first.reply)).toBe(true)
    const summary = textOf({ embeds: [first.reply.embeds[0]] })
    expect(summary).toContain(`iRacing roster sync: ${LEAGUE_NAME}`)
    expect(summary).toContain(`League **${LEAGUE_NAME}** (${LEAGUE_ID}) · 2000 on the roster · took `)
    expect(count(summary, "confirmed")).toBe(EXPECTED.confirmed)
    expect(summary).toContain(`(${EXPECTED.newly} newly)`)
    expect(count(summary, "no longer shown")).toBe(EXPECTED.unconfirmed)
    expect(count(summary, "to set in iRacing")).toBe(EXPECTED.toSet)
    expect(count(summary, "extra claims")).toBe(EXPECTED.extra)
    expect(count(summary, "roster numbers nobody claimed")).toBe(EXPECTED.unclaimed)
    expect(count(summary, "roster numbers held here by someone else")).toBe(EXPECTED.heldByOthers)
    expect(count(summary, "numbers used more than once")).toBe(EXPECTED.duplicates)
    expect(count(summary, "linked members not in the league")).toBe(EXPECTED.notInLeague)
    expect(count(summary, "members hold numbers without")).toBe(EXPECTED.unlinked)

    const toSet = first.reply.embeds[1]
    expect(toSet.title).toMatch(/^To set in iRacing \(1–\d+ of 240\)$/)
    expect(toSet.description).toContain("Racer 0005 (6000005): set preferred number to 05 (now: 5)")
    expect(toSet.description).toContain("Racer 0861 (6000861): set preferred number to 1 (now: none)")
    // Copy-ready: a code block, with a backtick in a name defused so the block stays closed.
    expect(toSet.description).toMatch(/```\nZoë, 'Q' Ångström \(6000860\): set preferred number to 0 \(now: none\)\n/)
  })

  it("THEN matching claims are confirmed in the database, a leading-zero claim is not, AND /number mine shows it", async () => {
    const expected = Object.fromEntries(seeded.claims.map((c) => [c.id, c.after]))
    expect(await claimStatuses(t)).toEqual(expected)
    const mine = (user: SeedUser) => replyOf(t.fake.slash({ user, command: "number", subcommand: "mine" })).then(textOf)
    expect(await mine(ada)).toMatch(/\*\*#30\*\* · GT3 · ✅ confirmed in iRacing/)
    expect(await mine(dee)).toMatch(/\*\*#05\*\* · GT3 · 🟡 pending/)
  })

  it("THEN the report pages through every finding, Previous goes back, AND the announcement channel got one line", async () => {
    const message = () => first.handle.original()!
    const button = (m: Obj, label: string) => componentsOf(m).find((c) => c.label === label)!
    const lines = new Map<string, number>()
    const tally = (embed: Obj) => {
      const section = String(embed.title).replace(/ \(.*\)$/, "")
      const body = String(embed.description).split("\n").filter((l) => section === "To set in iRacing" ? l.includes(": set preferred number to ") : l.startsWith("<@") || l.startsWith("**#"))
      lines.set(section, (lines.get(section) ?? 0) + body.length)
    }
    let page = first.reply
    tally(page.embeds[1])
    const pageCount = Number(/Page 1 of (\d+)/.exec(componentsOf(page).map((c) => c.label).join(" "))?.[1])
    expect(pageCount).toBeGreaterThan(10)
    for (let p = 2; p <= pageCount; p++) {
      page = await replyOf(t.fake.button({ user: owner, customId: button(page, "Next ▶").customId, message: message() }))
      expect(page.callbackType).toBe(7)
      expect(componentsOf(page).map((c) => c.label)).toContain(`Page ${p} of ${pageCount}`)
      expect(page.embeds[0].title).toBe(`iRacing roster sync: ${LEAGUE_NAME}`)
      tally(page.embeds[1])
    }
    expect(button(page, "Next ▶").disabled).toBe(true)
    expect(Object.fromEntries(lines)).toEqual({
      "To set in iRacing": EXPECTED.toSet,
      "Extra claims": EXPECTED.extra,
      "Unclaimed in Discord": EXPECTED.unclaimed,
      "Held here by someone else": EXPECTED.heldByOthers,
      "Duplicate numbers in the roster": EXPECTED.duplicates,
      "Linked members not in the league": EXPECTED.notInLeague,
      "Holding numbers without an iRacing link": EXPECTED.unlinked,
    })
    const back = await replyOf(t.fake.button({ user: owner, customId: button(page, "◀ Previous").customId, message: message() }))
    expect(componentsOf(back).map((c) => c.label)).toContain(`Page ${pageCount - 1} of ${pageCount}`)

    // Announcements are posted after the admin's reply, so they may land a moment later.
    await expect.poll(() => announcements()).toHaveLength(1)
    const posted = announcements()
    expect(count(posted[0]!, "confirmed")).toBe(EXPECTED.confirmed)
    expect(posted[0]).toContain(`(${EXPECTED.newly} newly)`)
    expect(count(posted[0]!, "to set in iRacing")).toBe(EXPECTED.toSet)
  })

  it("THEN Download CSV gives one row per finding that parses back, with leading zeros kept and formulas neutralised", async () => {
    const csvButton = componentsOf(first.reply).find((c) => c.label === "Download CSV")!
    const pressed = t.fake.button({ user: owner, customId: csvButton.customId, message: first.handle.original()! })
    const reply = await replyOf(pressed)
    expect(isEphemeral(reply)).toBe(true)
    const file = pressed.responses().flatMap((call) => call.files)[0]!
    expect(file.filename).toMatch(/^iracing-sync-\d+\.csv$/)
    const [header, ...rows] = parse(file.data, { bom: true }) as string[][]
    expect(header).toEqual([...SYNC_CSV_COLUMNS])
    const records = rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i]!])))
    const byKind = records.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.kind!]: (acc[r.kind!] ?? 0) + 1 }), {})
    expect(byKind).toEqual(EXPECTED_ROWS)
    expect(records).toContainEqual({ kind: "to_set", discord_id: dee.id, cust_id: "6000005", iracing_name: "Racer 0005", number: "05", roster_number: "5" })
    expect(records).toContainEqual(expect.objectContaining({ kind: "to_set", iracing_name: "Zoë, `Q` Ångström", number: "0", roster_number: "" }))
    expect(records).toContainEqual(expect.objectContaining({ kind: "unclaimed", iracing_name: `'${FORMULA_NAME}`, roster_number: "030", discord_id: "" }))
  })

  it("GIVEN nothing changed since WHEN /sync runs again THEN nothing is newly confirmed, nothing announced, AND /syncstatus shows the run", async () => {
    const before = await claimStatuses(t)
    const again = await sync()
    const summary = textOf({ embeds: [again.reply.embeds[0]] })
    expect(count(summary, "confirmed")).toBe(EXPECTED.confirmed)
    expect(summary).toContain("(0 newly)")
    expect(count(summary, "no longer shown")).toBe(0)
    expect(count(summary, "to set in iRacing")).toBe(EXPECTED.toSet)
    expect(await claimStatuses(t)).toEqual(before)
    expect(announcements()).toHaveLength(1)
    const status = textOf(await replyOf(t.fake.slash({ user: owner, command: "syncstatus" })))
    expect(status).toContain("✅ Succeeded. confirmed: **730** · newly confirmed: **0** · back to pending: **0** · to set in iRacing: **240**")
    expect(status).toContain("run by hand")
  })

  it("GIVEN 2,000 'Racer' drivers in the league WHEN a member types 'racer' THEN autocomplete offers Discord's maximum of 25", async () => {
    const reply = await replyOf(t.fake.autocomplete({ user: ada, command: "number", subcommand: "link", options: { query: "racer" }, focused: "query" }))
    expect(reply.choices).toHaveLength(25)
    expect(reply.choices[0]).toEqual({ name: "Racer 0000 (6000000)", value: "6000000" })
  })

  it("GIVEN everything above THEN Discord accepted every reply: none broke a limit or came late", () => {
    expect(t.fake.calls.filter((call) => call.status >= 400).map((call) => `${call.method} ${call.path} ${call.status} ${JSON.stringify(call.response)}`)).toEqual([])
    expect(t.fake.unexpectedCalls()).toEqual([])
  })
})
