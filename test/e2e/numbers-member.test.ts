import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { claimNumber } from "../../src/app/numbers/claim-use-cases.js"
import { saveClass, updateSettings } from "../../src/app/numbers/setup.js"
import type { AppServices } from "../../src/adapters/discord/handler-services.js"
import { rosterPageId } from "../../src/adapters/discord/numbers/numbers-ids.js"
import type { OptionValue, SeedUser } from "./fake-discord/index.js"
import { componentsOf, isEphemeral, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

describe("/number for members, end to end through the real discord.js client and the fake Discord", () => {
  let t: TestBot
  const run = <A>(effect: Effect.Effect<A, unknown, AppServices>) => t.bot.runtime.runPromise(effect)
  const number = (user: SeedUser, subcommand: string, options: Record<string, OptionValue> = {}) =>
    t.fake.slash({ user, command: "number", subcommand, options })
  const ask = (user: SeedUser, subcommand: string, options: Record<string, OptionValue> = {}) => replyOf(number(user, subcommand, options))
  const announcements = () => t.fake.channelMessages(t.fake.channels.announcements!).map((message) => String(message.content))
  let members = 0
  const newMember = () => t.member(`driver${++members}`)

  beforeAll(async () => {
    t = await startTestBot()
    const owner = t.fake.owner.id
    await run(saveClass(t.fake.guildId, owner, { name: "GT3", range: "1-199", limit: "1", reserved: "99" }))
    await run(saveClass(t.fake.guildId, owner, { name: "LMP2", range: "200-299", limit: "1", reserved: "" }))
    await run(saveClass(t.fake.guildId, owner, { name: "Rookies", range: "300-399", limit: "1", reserved: "" }))
    await run(updateSettings(t.fake.guildId, owner, { announcementChannelId: t.fake.channels.announcements! }))
  })
  afterAll(async () => {
    await t?.stop()
  })

  describe("claiming and releasing", () => {
    it("GIVEN a free number WHEN a member claims it THEN they get a private success AND the announcement channel hears of it", async () => {
      const alice = newMember()
      const reply = await ask(alice, "claim", { number: "12" })
      expect(isEphemeral(reply)).toBe(true)
      expect(textOf(reply)).toContain("You claimed **#12** in GT3 (1–199)")
      expect(textOf(reply)).toContain("An admin still has to set it in iRacing")
      await expect.poll(() => announcements()).toContainEqual(expect.stringContaining(`<@${alice.id}> claimed **#12**`))
    })

    it("GIVEN #7 is held WHEN another member claims 07 THEN it succeeds with a look-alike warning", async () => {
      await ask(newMember(), "claim", { number: "7" })
      const reply = await ask(newMember(), "claim", { number: "07" })
      expect(textOf(reply)).toContain("You claimed **#07**")
      expect(textOf(reply)).toContain("⚠️ #07 looks like #7")
    })

    it("GIVEN a held number WHEN another member claims it THEN they are refused with nearby free numbers AND the holder keeps it", async () => {
      const holder = newMember()
      await ask(holder, "claim", { number: "42" })
      const reply = await ask(newMember(), "claim", { number: "42" })
      expect(isEphemeral(reply)).toBe(true)
      expect(textOf(reply)).toContain("#42 is already taken in GT3")
      expect(textOf(reply)).toMatch(/Free numbers nearby: 41, 43, /)
      expect(textOf(await ask(holder, "check", { number: "42" }))).toContain(`Held by <@${holder.id}>`)
    })

    it("GIVEN letters WHEN a member claims abc THEN the refusal says to use digits", async () => {
      const reply = await ask(newMember(), "claim", { number: "abc" })
      expect(isEphemeral(reply)).toBe(true)
      expect(textOf(reply)).toContain('Car numbers use digits only, but "abc" contains "a"')
    })

    it("GIVEN a member holds a number WHEN they release it THEN check shows it free again", async () => {
      const bea = newMember()
      await ask(bea, "claim", { number: "55" })
      const reply = await ask(bea, "release", { number: "55" })
      expect(isEphemeral(reply)).toBe(true)
      expect(textOf(reply)).toContain("You released **#55** in GT3 (1–199). It is free again.")
      const check = textOf(await ask(bea, "check", { number: "55" }))
      expect(check).toContain("Free in **GT3**")
      expect(check).not.toContain("Held by")
      await expect.poll(() => announcements()).toContainEqual(expect.stringContaining(`<@${bea.id}> released **#55**`))
    })

    it("GIVEN someone else holds a number WHEN a member releases it THEN they are refused AND the holder keeps it", async () => {
      const holder = newMember()
      await ask(holder, "claim", { number: "56" })
      const reply = await ask(newMember(), "release", { number: "56" })
      expect(isEphemeral(reply)).toBe(true)
      expect(textOf(reply)).toContain("You don't hold #56.")
      expect(textOf(await ask(holder, "check", { number: "56" }))).toContain(`Held by <@${holder.id}>`)
    })

    it("GIVEN a member holds numbers in two classes WHEN they run mine THEN both are listed with their status", async () => {
      const cleo = newMember()
      await ask(cleo, "claim", { number: "61" })
      await ask(cleo, "claim", { number: "261" })
      const reply = await ask(cleo, "mine")
      expect(isEphemeral(reply)).toBe(true)
      expect(textOf(reply)).toMatch(/\*\*#61\*\* · GT3 · 🟡 pending/)
      expect(textOf(reply)).toMatch(/\*\*#261\*\* · LMP2 · 🟡 pending/)
      expect(textOf(await ask(newMember(), "mine"))).toContain("You hold no numbers")
    })

    it("GIVEN a number changed hands WHEN a member checks it THEN they see the holder, since when, the status and the history", async () => {
      const first = newMember()
      const second = newMember()
      await ask(first, "claim", { number: "77" })
      await ask(first, "release", { number: "77" })
      await ask(second, "claim", { number: "77" })
      const text = textOf(await ask(newMember(), "check", { number: "77" }))
      expect(text).toMatch(new RegExp(`Held by <@${second.id}> in \\*\\*GT3\\*\\* since <t:\\d+:R> · 🟡 pending`))
      const history = text.slice(text.indexOf("History"))
      const order = [`claimed by <@${second.id}>`, `released by <@${first.id}>`, `claimed by <@${first.id}>`].map((line) => history.indexOf(line))
      expect(order.every((index) => index >= 0)).toBe(true)
      expect(order).toEqual([...order].sort((a, b) => a - b))
    })
  })

  describe("roster and availability", () => {
    it("GIVEN 45 claims in a class WHEN a member pages through the roster THEN the pages hold 20, 20 and 5, and a stale page clamps", async () => {
      for (let i = 0; i < 45; i++) {
        const userId = String(700000000000000000n + BigInt(i))
        await run(claimNumber({ guildId: t.fake.guildId, actor: { userId, roleIds: [], managesServer: false }, number: String(300 + i) }))
      }
      const viewer = newMember()
      const handle = number(viewer, "roster", { class: "Rookies" })
      const first = await replyOf(handle)
      expect(isEphemeral(first)).toBe(true)
      const lines = (message: Record<string, any>) => String(message.embeds[0].description).split("\n")
      expect(lines(first)).toHaveLength(20)
      expect(lines(first)[0]).toContain("**#300**")
      expect(componentsOf(first).map((c) => c.label)).toEqual(expect.arrayContaining(["◀ Previous", "Page 1 of 3", "Next ▶"]))
      expect(componentsOf(first).some((c) => c.type === 3)).toBe(true)

      const next = (message: Record<string, any>) => componentsOf(message).find((c) => c.label === "Next ▶")!.customId
      const second = await replyOf(t.fake.button({ user: viewer, customId: next(first), message: handle.original()! }))
      expect(second.callbackType).toBe(7)
      expect(lines(second)).toHaveLength(20)
      expect(lines(second)[0]).toContain("**#320**")
      const third = await replyOf(t.fake.button({ user: viewer, customId: next(second), message: handle.original()! }))
      expect(lines(third)).toHaveLength(5)
      expect(lines(third)[4]).toContain("**#344**")
      expect(componentsOf(third).find((c) => c.label === "Next ▶")?.disabled).toBe(true)

      const classId = rosterPageId.decodeFields(next(first).split(":").slice(2))
      const cls = classId._tag === "Right" ? classId.right.cls : "missing"
      const stale = await replyOf(t.fake.button({ user: viewer, customId: rosterPageId.encode({ via: "next", page: 9, cls }), message: handle.original()! }))
      expect(textOf(stale)).toContain("**#340**")
      expect(componentsOf(stale).map((c) => c.label)).toContain("Page 3 of 3")
    })

    it("GIVEN several classes WHEN a member picks one in the roster's menu THEN only that class is listed", async () => {
      const viewer = newMember()
      const handle = number(viewer, "roster")
      const all = await replyOf(handle)
      const menu = componentsOf(all).find((c) => c.type === 3)!
      const lmp2 = (all.components as Array<Record<string, any>>).flatMap((row) => row.components).find((c) => c.type === 3).options.find((o: Record<string, any>) => o.label.startsWith("LMP2"))
      const filtered = await replyOf(t.fake.select({ user: viewer, customId: menu.customId, values: [lmp2.value], message: handle.original()! }))
      expect(textOf(filtered)).toContain("Roster: LMP2 (200–299)")
      expect(textOf(filtered)).toContain("**#261**")
      expect(textOf(filtered)).not.toContain("**#12**")
    })

    it("GIVEN a class with held numbers WHEN a member asks what is available THEN they get a PNG grid and a text summary with counts", async () => {
      const handle = number(newMember(), "available", { class: "GT3" })
      const reply = await replyOf(handle)
      expect(isEphemeral(reply)).toBe(true)
      const files = handle.responses().flatMap((call) => call.files)
      expect(files).toHaveLength(1)
      expect(files[0]!.filename).toBe("availability.png")
      expect(files[0]!.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
      expect(reply.embeds[0].image.url).toMatch(/availability\.png/)
      expect(textOf(reply)).toMatch(/GT3 \(1–199\): \d+ free, 0 taken, \d+ pending, 1 reserved\. Lowest free: 1, 2, 3/)
      expect(reply.attachments[0].description).toContain("GT3 (1–199)")
    })

    it("GIVEN an unknown class WHEN a member asks what is available THEN they are told which classes exist", async () => {
      const reply = await ask(newMember(), "available", { class: "F1" })
      expect(isEphemeral(reply)).toBe(true)
      expect(textOf(reply)).toContain('There is no class called "F1"')
    })
  })

  describe("trades", () => {
    const setUpPair = async (mine: string, theirs: string) => {
      const proposer = newMember()
      const target = newMember()
      await ask(proposer, "claim", { number: mine })
      await ask(target, "claim", { number: theirs })
      const handle = number(proposer, "trade", { member: target, my_number: mine, their_number: theirs })
      const offer = await replyOf(handle)
      await handle.waitForResponse((call) => call.method === "POST" && call.path.startsWith("/webhooks"))
      return { proposer, target, offer, handle, offerMessage: () => handle.original()!, confirmation: handle.followUps()[0]! }
    }
    const button = (message: Record<string, any>, label: string) => componentsOf(message).find((c) => c.label === label)!.customId
    const mineOf = async (user: SeedUser) => textOf(await ask(user, "mine"))

    it("GIVEN an offer WHEN a third member presses Accept THEN they are refused AND the target accepting swaps both numbers, once", async () => {
      const { proposer, target, offer, offerMessage, confirmation } = await setUpPair("21", "22")
      expect(isEphemeral(offer)).toBe(false)
      expect(offer.content).toContain(`<@${target.id}>, a trade offer for you`)
      expect(offer.allowed_mentions).toEqual({ users: [target.id] })
      expect(componentsOf(offer).map((c) => c.label)).toEqual(["Accept", "Decline"])
      expect(isEphemeral(confirmation)).toBe(true)
      expect(componentsOf(confirmation).map((c) => c.label)).toEqual(["Withdraw offer"])

      const accept = button(offer, "Accept")
      const intruder = await replyOf(t.fake.button({ user: newMember(), customId: accept, message: offerMessage() }))
      expect(isEphemeral(intruder)).toBe(true)
      expect(textOf(intruder)).toContain("made to someone else")
      expect(await mineOf(proposer)).toContain("**#21**")
      expect(offerMessage().components[0].components[0].disabled).toBeFalsy()

      const accepted = await replyOf(t.fake.button({ user: target, customId: accept, message: offerMessage() }))
      expect(accepted.callbackType).toBe(7)
      expect(textOf(accepted)).toContain("✅ Accepted")
      expect(componentsOf(offerMessage()).every((c) => c.disabled)).toBe(true)
      expect(await mineOf(proposer)).toContain("**#22**")
      expect(await mineOf(proposer)).not.toContain("**#21**")
      expect(await mineOf(target)).toContain("**#21**")
      await expect.poll(() => announcements()).toContainEqual(expect.stringContaining("swapped numbers: **#21** ⇄ **#22**"))

      const again = await replyOf(t.fake.button({ user: target, customId: accept, message: offerMessage() }))
      expect(isEphemeral(again)).toBe(true)
      expect(textOf(again)).toContain("already accepted")
      expect(await mineOf(target)).toContain("**#21**")
    })

    it("GIVEN an offer WHEN the proposer releases their number before it is accepted THEN accepting is refused and the offer shows it is off", async () => {
      const { proposer, target, offer, offerMessage } = await setUpPair("31", "32")
      await ask(proposer, "release", { number: "31" })
      const pressed = t.fake.button({ user: target, customId: button(offer, "Accept"), message: offerMessage() })
      const updated = await replyOf(pressed)
      expect(textOf(updated)).toContain("This offer is off: #31 is no longer held")
      expect(componentsOf(offerMessage()).every((c) => c.disabled)).toBe(true)
      await pressed.waitForResponse((call) => call.method === "POST" && call.path.startsWith("/webhooks"))
      expect(textOf(pressed.followUps()[0]!)).toContain("The trade is off.")
      expect(await mineOf(target)).toContain("**#32**")
      expect(await mineOf(proposer)).toContain("You hold no numbers")
    })

    it("GIVEN an offer WHEN the target declines THEN nothing changes and the offer says so", async () => {
      const { proposer, target, offer, offerMessage } = await setUpPair("33", "34")
      const declined = await replyOf(t.fake.button({ user: target, customId: button(offer, "Decline"), message: offerMessage() }))
      expect(textOf(declined)).toContain(`❌ Declined by <@${target.id}>`)
      expect(componentsOf(offerMessage()).every((c) => c.disabled)).toBe(true)
      expect(await mineOf(proposer)).toContain("**#33**")
      expect(await mineOf(target)).toContain("**#34**")
    })

    it("GIVEN an offer WHEN the proposer presses Withdraw THEN the public offer is closed too", async () => {
      const { proposer, target, offer, offerMessage, confirmation } = await setUpPair("35", "36")
      const withdrawn = await replyOf(t.fake.button({ user: proposer, customId: button(confirmation, "Withdraw offer"), message: confirmation }))
      expect(textOf(withdrawn)).toContain("You withdrew your offer")
      await t.fake.waitFor((call) => call.method === "PATCH" && call.path.includes(`/messages/${offerMessage().id}`))
      expect(textOf(offerMessage())).toContain(`↩️ Withdrawn by <@${proposer.id}>`)
      const late = await replyOf(t.fake.button({ user: target, customId: button(offer, "Accept"), message: offerMessage() }))
      expect(textOf(late)).toContain("already withdrawn")
    })
  })

  describe("autocomplete", () => {
    it("GIVEN held numbers WHEN a member types a number to claim THEN at most 25 free numbers near it are suggested", async () => {
      const reply = await replyOf(t.fake.autocomplete({ user: newMember(), command: "number", subcommand: "claim", options: { number: "12" }, focused: "number" }))
      const values = (reply.choices as Array<{ value: string }>).map((choice) => choice.value)
      expect(values.length).toBeGreaterThan(0)
      expect(values.length).toBeLessThanOrEqual(25)
      expect(values).not.toContain("12")
      expect(values).not.toContain("7")
      expect(values.slice(0, 2)).toEqual(["11", "13"])
    })

    it("GIVEN a member holds a number WHEN they type one to release THEN only their own numbers are suggested", async () => {
      const dana = newMember()
      await ask(dana, "claim", { number: "88" })
      const reply = await replyOf(t.fake.autocomplete({ user: dana, command: "number", subcommand: "release", options: { number: "" }, focused: "number" }))
      expect((reply.choices as Array<{ value: string }>).map((choice) => choice.value)).toEqual(["88"])
    })

    it("GIVEN a member is mentioned WHEN the proposer types their number THEN that member's numbers are suggested", async () => {
      const erin = newMember()
      await ask(erin, "claim", { number: "91" })
      const reply = await replyOf(
        t.fake.autocomplete({ user: newMember(), command: "number", subcommand: "trade", options: { member: erin, my_number: "1", their_number: "" }, focused: "their_number" }),
      )
      expect((reply.choices as Array<{ value: string }>).map((choice) => choice.value)).toEqual(["91"])
    })
  })

  it("GIVEN everything above THEN Discord accepted every reply: none broke a limit or came late", () => {
    const refused = t.fake.calls.filter((call) => call.status >= 400)
    expect(refused.map((call) => `${call.method} ${call.path} ${call.status} ${JSON.stringify(call.response)}`)).toEqual([])
    expect(t.fake.unexpectedCalls()).toEqual([])
  })
})
