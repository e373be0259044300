import { format } from "node:util"
import { ActionRowBuilder, ModalBuilder, SlashCommandBuilder, TextInputBuilder, TextInputStyle, type ChatInputCommandInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { button, type Feature, type SlashCommand, type Visibility } from "../../src/adapters/discord/command.js"
import { refuse, type Refusal } from "../../src/app/refusal.js"
import { andThen, form, later, say, update, type Reply } from "../../src/adapters/discord/reply.js"
import { customIdRoute } from "../../src/adapters/discord/custom-id.js"
import { ANSWERED_PRIVATELY, PRESS_AGAIN } from "../../src/adapters/discord/first-response.js"
import { saveClass } from "../../src/app/numbers/setup.js"
import type { AppServices } from "../../src/app/pitboard.js"
import type { InteractionHandle } from "./fake-discord/index.js"
import { claimStatuses, isEphemeral, startTestBot, textOf, type TestBot } from "./harness.js"

// The router's threshold is lowered so slow handlers stay short; they take well past it but
// far less than Discord's 3 s, so only the router's acknowledgement can explain the result.
const DEFER_AFTER_MS = 300
const SLOW_MS = 800
const pause = Effect.sleep(`${SLOW_MS} millis`)
/** The handler's answer, as data, once it has taken longer than the router's threshold. */
const slowly = (reply: Reply<never>) => Effect.as(pause, reply)

const testCommand = (name: string, run: (interaction: ChatInputCommandInteraction) => Effect.Effect<Reply<never>, Refusal, never>, visibility?: Visibility): SlashCommand<AppServices> => ({
  data: new SlashCommandBuilder().setName(name).setDescription("Router deadline test (test only)").toJSON(),
  area: "Test",
  paths: [{ path: name, usage: `/${name}`, summary: "test", access: "member", ...(visibility ? { visibility } : {}), run }],
})

/** A file whose bytes take a while to arrive, so the reply is still on its way when the timer fires. */
const slowFile = { async *[Symbol.asyncIterator]() { await new Promise((resolve) => setTimeout(resolve, SLOW_MS)); yield Buffer.from("late bytes") } }

const panelId = customIdRoute("test.slow-panel", {})
const noteId = customIdRoute("test.slow-note", {})
const formId = customIdRoute("test.slow-form", {})
const ownDeferId = customIdRoute("test.slow-own-defer", {})

const deadlineFeature: Feature<AppServices> = {
  commands: [
    testCommand("slowanswer", () => slowly(say("slow but sure"))),
    testCommand("fastanswer", () => Effect.succeed(say("right away"))),
    testCommand("slowlist", () => slowly(say("for the whole channel", "public")), "public"),
    testCommand("slowrefusal", () => pause.pipe(Effect.zipRight(Effect.fail(refuse("Not this one, sorry.")))), "public"),
    // Like /number trade: a public post, then a private note that links to the message it became.
    testCommand("slowoffer", () => slowly(andThen(say("an offer for everyone", "public"), (posted) => Effect.succeed(say(`your offer is message ${posted.messageId}`)))), "public"),
    testCommand("racingreply", () => Effect.succeed(say({ content: "with a file", files: [{ attachment: slowFile as never, name: "notes.txt" }] }))),
  ],
  components: [
    button(panelId, "member", () => slowly(update({ content: "panel moved on" }))),
    button(noteId, "member", () => slowly(say("a word for you"))),
    button(formId, "member", () =>
      slowly(
        form(
          new ModalBuilder()
            .setCustomId("1:test.never-shown")
            .setTitle("Never shown")
            .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(new TextInputBuilder().setCustomId("x").setLabel("x").setStyle(TextInputStyle.Short))),
        ),
      ),
    ),
    // Like the card's Withdraw/Check in: its own private "thinking" message, a first word in it, then the answer over that.
    button(ownDeferId, "member", () => slowly(later("private", Effect.succeed(andThen(say("working on it"), () => Effect.succeed(update({ content: "you are checked in" }))))))),
  ],
}

/** The interaction's calls to Discord, in order, as short words: "callback 5", "edit @original", "follow-up", "delete @original". */
const trail = (handle: InteractionHandle) =>
  handle.responses().map((call) => {
    const refused = call.status >= 400 ? ` refused ${call.response?.code}` : ""
    if (call.path.endsWith("/callback")) return `callback ${call.body?.type}${refused}`
    const target = call.params.message === "@original" ? "@original" : "a follow-up"
    if (call.method === "PATCH") return `edit ${target}${refused}`
    if (call.method === "DELETE") return `delete ${target}${refused}`
    return `follow-up${refused}`
  })

/** Waits until the handler has made `count` calls, plus a moment in which nothing more may arrive. */
const settledTrail = async (handle: InteractionHandle, count: number) => {
  await expect.poll(() => handle.responses().length, { timeout: 4000 }).toBeGreaterThanOrEqual(count)
  await new Promise((resolve) => setTimeout(resolve, 150))
  return trail(handle)
}

describe("the router answers Discord in time, end to end through the real discord.js client and the fake Discord", () => {
  let t: TestBot
  beforeAll(async () => {
    t = await startTestBot({ extraFeatures: [deadlineFeature], deferAfter: `${DEFER_AFTER_MS} millis`, autoSync: false })
  })
  afterAll(async () => {
    await t.stop()
  })

  it("GIVEN a slash command slower than the threshold THEN the router defers privately AND the handler's reply becomes the edit of that response", async () => {
    const slow = t.fake.slash({ user: t.member("slowpoke"), command: "slowanswer" })
    expect(await settledTrail(slow, 2)).toEqual(["callback 5", "edit @original"])
    expect(slow.responses()[0]!.body.data.flags).toBe(64)
    expect(textOf(slow.original()!)).toBe("slow but sure")
    expect(isEphemeral(slow.original()!)).toBe(true)
  })

  it("GIVEN a fast slash command THEN it is answered directly with one type-4 callback and no defer", async () => {
    const fast = t.fake.slash({ user: t.member("quick"), command: "fastanswer" })
    await fast.firstResponse()
    expect(await settledTrail(fast, 1)).toEqual(["callback 4"])
    expect(textOf(fast.original()!)).toBe("right away")
  })

  it("GIVEN a slow command declared public THEN the thinking message and the answer are both public", async () => {
    const list = t.fake.slash({ user: t.member("lister"), command: "slowlist" })
    expect(await settledTrail(list, 2)).toEqual(["callback 5", "edit @original"])
    expect(list.original()!.content).toBe("for the whole channel")
    expect(isEphemeral(list.original()!)).toBe(false)
  })

  it("GIVEN a slow public command that refuses THEN the refusal reaches the member privately AND no public message keeps it", async () => {
    const refused = t.fake.slash({ user: t.member("refused"), command: "slowrefusal" })
    expect(await settledTrail(refused, 4)).toEqual(["callback 5", "edit @original", "follow-up", "delete @original"])
    const [answer] = refused.followUps()
    expect(textOf(answer!)).toBe("Not this one, sorry.")
    expect(isEphemeral(answer!)).toBe(true)
    expect(refused.original()).toBeNull()
    const publicTexts = t.fake.channelMessages(t.fake.channels.general!).map((message) => textOf(message))
    expect(publicTexts.join("\n")).not.toContain("Not this one")
    expect(publicTexts).not.toContain(ANSWERED_PRIVATELY)
  })

  it("GIVEN a slow public command that reads back the message it posted, as /number trade does THEN it gets the message its answer became", async () => {
    const offer = t.fake.slash({ user: t.member("trader"), command: "slowoffer" })
    expect(await settledTrail(offer, 3)).toEqual(["callback 5", "edit @original", "follow-up"])
    expect(offer.original()!.content).toBe("an offer for everyone")
    expect(isEphemeral(offer.original()!)).toBe(false)
    const [note] = offer.followUps()
    expect(note!.content).toBe(`your offer is message ${offer.original()!.id}`)
    expect(isEphemeral(note!)).toBe(true)
  })

  it("GIVEN a slow button that updates its panel THEN the router sends deferUpdate AND the handler's update lands as an edit of the panel", async () => {
    const press = t.fake.button({ user: t.member("presser"), customId: panelId.encode({}) })
    expect(await settledTrail(press, 2)).toEqual(["callback 6", "edit @original"])
    expect(press.original()!.content).toBe("panel moved on")
    expect(press.followUps()).toEqual([])
  })

  it("GIVEN a slow button that replies THEN the router sends deferUpdate AND the reply arrives as a private follow-up while the panel stays as it was", async () => {
    const press = t.fake.button({ user: t.member("noter"), customId: noteId.encode({}) })
    const before = press.payload.message.content
    expect(await settledTrail(press, 2)).toEqual(["callback 6", "follow-up"])
    const [note] = press.followUps()
    expect(note!.content).toBe("a word for you")
    expect(isEphemeral(note!)).toBe(true)
    expect(press.original()!.content).toBe(before)
  })

  it("GIVEN a slow button whose handler defers its own private answer THEN its edits go to a private follow-up AND the button's message is left as it was", async () => {
    const press = t.fake.button({ user: t.member("checker"), customId: ownDeferId.encode({}) })
    const before = press.payload.message.content
    expect(await settledTrail(press, 3)).toEqual(["callback 6", "follow-up", "edit a follow-up"])
    const [answer] = press.followUps()
    expect(answer!.content).toBe("you are checked in")
    expect(isEphemeral(answer!)).toBe(true)
    expect(press.original()!.content).toBe(before)
  })

  it("GIVEN a slow handler that opens a form THEN the member is told privately to press again, since a form must be the first response", async () => {
    const press = t.fake.button({ user: t.member("former"), customId: formId.encode({}) })
    expect(await settledTrail(press, 2)).toEqual(["callback 6", "follow-up"])
    const [notice] = press.followUps()
    expect(notice!.content).toBe(PRESS_AGAIN)
    expect(isEphemeral(notice!)).toBe(true)
  })

  it("GIVEN a handler whose own reply is still on its way when the timer fires THEN exactly one first response is sent, the handler's", async () => {
    const racing = t.fake.slash({ user: t.member("racer"), command: "racingreply" })
    expect(await settledTrail(racing, 1)).toEqual(["callback 4"])
    expect(textOf(racing.original()!)).toBe("with a file")
    await new Promise((resolve) => setTimeout(resolve, DEFER_AFTER_MS))
    expect(trail(racing)).toEqual(["callback 4"])
  })

  it("GIVEN every interaction above THEN none was acknowledged twice or late", () => {
    const refusedCallbacks = t.fake.calls.filter((call) => call.path.endsWith("/callback") && call.status >= 400)
    expect(refusedCallbacks).toEqual([])
    expect(t.fake.unexpectedCalls()).toEqual([])
  })
})

describe("an answer that cannot be delivered, end to end", () => {
  let t: TestBot
  beforeAll(async () => {
    // Discord stops waiting before any answer could arrive: every reply is refused as too late.
    t = await startTestBot({ fake: { responseDeadlineMs: 0 }, autoSync: false })
    await t.bot.runtime.runPromise(saveClass(t.fake.guildId, t.fake.owner.id, { name: "GT3", range: "1-199", limit: "1", reserved: "" }))
  })
  afterAll(async () => {
    await t.stop()
  })

  it("GIVEN a claim whose answer Discord refuses as too late THEN the claim stays stored AND a warning names the member, the route, the action and the number", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined)
    try {
      const member = t.member("unlucky")
      const claim = t.fake.slash({ user: member, command: "number", subcommand: "claim", options: { number: "7" } })
      await claim.firstResponse()
      await expect.poll(() => logged.mock.calls.map((args) => format(...args)).join("\n")).toContain("answer could not be delivered")
      const log = logged.mock.calls.map((args) => format(...args)).join("\n")
      for (const expected of ["/number claim", member.id, t.fake.guildId, "number.claim", "#7", "10062"]) expect(log).toContain(expected)
      expect(log).not.toContain("interaction handler failed")
      expect(Object.values(await claimStatuses(t))).toEqual(["claimed"])
      expect(trail(claim)).toEqual(["callback 4 refused 10062"])
    } finally {
      logged.mockRestore()
    }
  })

  it("GIVEN suggestions that Discord no longer waits for THEN they are dropped quietly, as they cannot be deferred", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined)
    try {
      const typing = t.fake.autocomplete({ user: t.member("typist"), command: "number", subcommand: "claim", options: { number: "1" }, focused: "number" })
      await typing.firstResponse()
      await new Promise((resolve) => setTimeout(resolve, 150))
      expect(trail(typing)).toEqual(["callback 8 refused 10062"])
      expect(logged).not.toHaveBeenCalled()
    } finally {
      logged.mockRestore()
    }
  })
})
