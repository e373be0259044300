import { parse } from "csv/sync"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { assignNumber } from "../../src/app/numbers/claim-use-cases.js"
import { saveClass } from "../../src/app/numbers/setup.js"
import { EXPORT_COLUMNS } from "../../src/domain/numbers/number-export-rows.js"
import type { SeedUser } from "./fake-discord/index.js"
import { componentsOf, isEphemeral, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"

type Obj = Record<string, any>

/** Assign, revoke, reserve, export and the audit log, through the real bot and the fake Discord. */
describe("numbers admin: assign, revoke, reserve, export, audit log", () => {
  let t: TestBot
  let owner: SeedUser
  beforeAll(async () => {
    t = await startTestBot()
    owner = t.fake.owner
    await t.bot.runtime.runPromise(saveClass(t.fake.guildId, owner.id, { name: "GT3", range: "1-199", limit: "1", reserved: "" }))
  })
  afterAll(async () => {
    await t.stop()
  })

  const number = (user: SeedUser, subcommand: string, options: Obj) => replyOf(t.fake.slash({ user, command: "number", subcommand, options }))
  const auditlog = (options: Obj = {}) => {
    const handle = t.fake.slash({ user: owner, command: "auditlog", options })
    return replyOf(handle).then((reply) => ({ reply, id: String(handle.original()?.id) }))
  }
  /** Seeds through the use case, as an admin would with /number assign, without going through Discord. */
  const seedAssign = (memberId: string, typed: string) =>
    t.bot.runtime.runPromise(assignNumber({ guildId: t.fake.guildId, actor: { userId: owner.id, roleIds: [], managesServer: true }, memberId, number: typed }))
  const lines = (message: Obj) => String(message.embeds?.[0]?.description ?? "").split("\n").filter((line) => line.startsWith("<t:"))

  it("GIVEN an admin assigns #07 and then revokes it with a reason THEN both replies are private AND the audit log shows both, with the reason", async () => {
    const alice = t.member("alice")
    const assigned = await number(owner, "assign", { member: alice, number: "07" })
    expect(isEphemeral(assigned)).toBe(true)
    expect(textOf(assigned)).toContain(`Assigned **#07** in GT3 (1–199) to <@${alice.id}>.`)
    const revoked = await number(owner, "revoke", { number: "07", reason: "Never raced; freeing it for the season" })
    expect(isEphemeral(revoked)).toBe(true)
    expect(textOf(revoked)).toContain(`Took **#07** back from <@${alice.id}>. Reason: Never raced; freeing it for the season`)

    const { reply } = await auditlog({ number: "07" })
    const [newest, older] = lines(reply)
    expect(lines(reply)).toHaveLength(2)
    expect(newest).toMatch(new RegExp(`^<t:\\d+:f> <@${owner.id}> took \\*\\*#07\\*\\* back from <@${alice.id}> — reason: \\*Never raced; freeing it for the season\\*$`))
    expect(older).toMatch(new RegExp(`^<t:\\d+:f> <@${owner.id}> assigned \\*\\*#07\\*\\* to <@${alice.id}>$`))
  })

  it("GIVEN a revoke of a number nobody holds THEN it is refused privately", async () => {
    const refused = await number(owner, "revoke", { number: "08", reason: "cleanup" })
    expect(isEphemeral(refused)).toBe(true)
    expect(textOf(refused)).toContain("#08")
  })

  it("GIVEN reserved numbers THEN a member's claim is refused AND an admin's assign works with a warning", async () => {
    const reserved = await number(owner, "reserve", { numbers: "1, 07, 10-19" })
    expect(isEphemeral(reserved)).toBe(true)
    expect(textOf(reserved)).toContain("Reserved in GT3 (1–199): 1, 07, 10–19.")
    const again = await number(owner, "reserve", { numbers: "12" })
    expect(textOf(again)).toContain("Already reserved: 12; nothing changed")

    const bob = t.member("bob")
    const claim = await number(bob, "claim", { number: "12" })
    expect(isEphemeral(claim)).toBe(true)
    expect(textOf(claim)).toContain("#12 is reserved in GT3; only an admin can assign it")
    const assigned = await number(owner, "assign", { member: bob, number: "12" })
    expect(textOf(assigned)).toContain(`Assigned **#12** in GT3 (1–199) to <@${bob.id}>.`)
    expect(textOf(assigned)).toContain("⚠️ #12 is reserved in GT3; assigned anyway")

    const unreserved = await number(owner, "unreserve", { numbers: "10-19, 50" })
    expect(textOf(unreserved)).toContain("Released from reserve in GT3 (1–199): 10–19.")
    expect(textOf(unreserved)).toContain("Were not reserved: 50")
    expect(textOf(await replyOf(t.fake.slash({ user: owner, command: "config" })))).toContain("reserved 1, 07 ·")
  })

  it("GIVEN held numbers WHEN an admin exports THEN a UTF-8 CSV (with BOM) parses back with leading zeros kept and formulas neutralised", async () => {
    const formula = t.fake.addMember(t.fake.guildId, { username: "formula", nick: '=HYPERLINK("http://evil.example","click")' })
    const zoe = t.fake.addMember(t.fake.guildId, { username: "zoe", nick: "Zoë Ångström" })
    await seedAssign(formula.id, "007")
    await seedAssign(zoe.id, "42")

    const handle = t.fake.slash({ user: owner, command: "number", subcommand: "export" })
    const reply = await replyOf(handle)
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain("import the **number** column as *Text*")
    const file = handle.responses().flatMap((call) => call.files)[0]
    expect(file?.filename).toMatch(/^car-numbers-\d{4}-\d{2}-\d{2}\.csv$/)
    const data = file!.data
    expect([...data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = data.toString("utf8")
    expect(text).not.toMatch(/(^|,|")=HYPERLINK/m)

    const [header, ...rows] = parse(data, { bom: true }) as string[][]
    expect(header).toEqual([...EXPORT_COLUMNS])
    const records = rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i]])))
    expect(records.find((r) => r.number === "007")).toMatchObject({
      class: "GT3",
      member: `'=HYPERLINK("http://evil.example","click")`,
      status: "claimed",
      iracing_id: "",
      iracing_name: "",
    })
    expect(records.find((r) => r.number === "42")?.member).toBe("Zoë Ångström")
    expect(records.find((r) => r.number === "12")?.member).toBe("bob")
    expect(records.every((r) => !Number.isNaN(Date.parse(String(r.claimed_at))))).toBe(true)
  })

  it("GIVEN more than a page of entries THEN /auditlog pages newest first, filters by member and by number, and clamps a stale page", async () => {
    const racer = t.member("racer")
    for (let n = 100; n <= 111; n++) await seedAssign(racer.id, String(n))

    const { reply, id } = await auditlog({ member: racer })
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain(`12 entries about member <@${racer.id}>, newest first.`)
    expect(lines(reply)).toHaveLength(10)
    expect(lines(reply)[0]).toContain(`assigned **#111** to <@${racer.id}>`)
    expect(textOf(reply)).not.toContain("#07")
    const pager = componentsOf(reply)
    expect(pager.map((c) => c.label)).toEqual(["◀ Previous", "Page 1 of 2", "Next ▶"])
    expect(pager[2]!.customId).toBe(`1:auditlog:go:1:${racer.id}:-`)

    const next = await replyOf(t.fake.button({ user: owner, customId: pager[2]!.customId, message: id }))
    expect(next.callbackType).toBe(7)
    expect(lines(next)).toHaveLength(2)
    expect(lines(next)[1]).toContain("assigned **#100**")
    expect(componentsOf(next)[1]!.label).toBe("Page 2 of 2")

    const stale = await replyOf(t.fake.button({ user: owner, customId: `1:auditlog:go:99:${racer.id}:-`, message: id }))
    expect(componentsOf(stale)[1]!.label).toBe("Page 2 of 2")
    expect(lines(stale)).toHaveLength(2)

    const one = await auditlog({ number: "105" })
    expect(textOf(one.reply)).toContain("1 entry about number #105")
    expect(lines(one.reply)).toHaveLength(1)
    expect(componentsOf(one.reply)).toEqual([])

    const all = await auditlog()
    expect(componentsOf(all.reply)[1]!.label).toMatch(/^Page 1 of [2-9]$/)
  })

  it("GIVEN a member without numbers admin rights THEN /auditlog, its pages and the admin subcommands are refused", async () => {
    const mallory = t.member("mallory")
    expect(textOf(await replyOf(t.fake.slash({ user: mallory, command: "auditlog" })))).toContain("admin rights for numbers")
    expect(textOf(await replyOf(t.fake.button({ user: mallory, customId: "1:auditlog:go:0:-:-" })))).toContain("admin rights for numbers")
    for (const [subcommand, options] of [["export", {}], ["reserve", { numbers: "5" }], ["revoke", { number: "12", reason: "mine now" }]] as const) {
      expect(textOf(await number(mallory, subcommand, options))).toContain("admin rights for numbers")
    }
    expect(textOf(await replyOf(t.fake.slash({ user: owner, command: "config" })))).toContain("reserved 1, 07 ·")
  })

  it("GIVEN the run is over THEN Discord accepted every reply (limits respected) and no unknown route was called", () => {
    expect(t.fake.calls.filter((call) => call.path.endsWith("/callback") && call.status >= 400)).toEqual([])
    expect(t.fake.calls.filter((call) => call.path.startsWith("/webhooks") && call.status >= 400)).toEqual([])
    expect(t.fake.unexpectedCalls()).toEqual([])
  })
})
