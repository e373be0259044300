import { SlashCommandBuilder } from "discord.js"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Feature, SlashCommand } from "../../src/adapters/discord/command.js"
import type { AppServices } from "../../src/app/pitboard.js"
import { ModuleAccess } from "../../src/app/module-access.js"
import { say } from "../../src/adapters/discord/reply.js"
import { APOLOGY, MALFORMED_COMPONENT, STALE_COMPONENT } from "../../src/adapters/discord/router.js"
import { isEphemeral, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"

/** A command whose handler is broken on purpose: proves the error boundary, not the feature. */
const explodingCommand: SlashCommand<AppServices> = {
  data: new SlashCommandBuilder().setName("explode").setDescription("Fails on purpose (test only)").toJSON(),
  area: "Test",
  paths: [{ path: "explode", usage: "/explode", summary: "fails", access: "member", run: () => Effect.die(new Error("handler blew up")) }],
}
/** Takes a moment, so a shutdown can arrive while it is still running. */
const slowCommand: SlashCommand<AppServices> = {
  data: new SlashCommandBuilder().setName("slow").setDescription("Answers after a moment (test only)").toJSON(),
  area: "Test",
  paths: [
    {
      path: "slow",
      usage: "/slow",
      summary: "slow",
      access: "member",
      // It reads the database after the pause: if shutdown closed the database under it, it could not answer.
      run: (interaction) =>
        Effect.sleep("400 millis").pipe(
          Effect.zipRight(Effect.flatMap(ModuleAccess, (access) => access.grants(interaction.guildId!)).pipe(Effect.orDie)),
          Effect.as(say("finished after all")),
        ),
    },
  ],
}
const testFeature: Feature<AppServices> = { commands: [explodingCommand, slowCommand], components: [] }

describe("foundation, end to end through the real discord.js client and the fake Discord", () => {
  let t: TestBot
  beforeAll(async () => {
    t = await startTestBot({ extraFeatures: [testFeature] })
  })
  afterAll(async () => {
    await t.stop()
  })

  it("GIVEN a fresh start THEN slash commands are registered to the development guild", () => {
    const names = t.fake.commands(t.fake.guildId).map((command) => command.name)
    expect(names).toEqual(expect.arrayContaining(["help", "permissions", "explode"]))
    expect(t.fake.commandPuts.guilds[t.fake.guildId]).toBe(1)
  })

  it("GIVEN a member WHEN they run /help THEN they get a private list without admin commands", async () => {
    const alice = t.member("alice")
    const reply = await replyOf(t.fake.slash({ user: alice, command: "help" }))
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain("/help")
    expect(textOf(reply)).not.toContain("/permissions grant")
  })

  it("GIVEN the server owner WHEN they run /help THEN every command is listed, none cut for length", async () => {
    const reply = await replyOf(t.fake.slash({ user: t.fake.owner, command: "help" }))
    const text = textOf(reply)
    expect(text).toContain("/permissions grant")
    for (const command of t.fake.commands(t.fake.guildId)) expect(text, command.name).toContain(`/${command.name}`)
    expect(text).not.toContain("left out")
  })

  it("GIVEN a member without Manage Server WHEN they try /permissions grant THEN they are refused and nothing is stored", async () => {
    const mallory = t.member("mallory")
    const reply = await replyOf(t.fake.slash({ user: mallory, command: "permissions", subcommand: "grant", options: { module: "numbers", member: mallory } }))
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain("Manage Server")
    const list = await replyOf(t.fake.slash({ user: t.fake.owner, command: "permissions", subcommand: "list" }))
    expect(textOf(list)).not.toContain(mallory.id)
  })

  it("GIVEN the owner grants numbers to a member THEN /permissions list shows it and /help grows for that member", async () => {
    const sam = t.member("sam")
    const granted = await replyOf(t.fake.slash({ user: t.fake.owner, command: "permissions", subcommand: "grant", options: { module: "numbers", member: sam } }))
    expect(textOf(granted)).toContain("can now run **numbers**")
    const again = await replyOf(t.fake.slash({ user: t.fake.owner, command: "permissions", subcommand: "grant", options: { module: "numbers", member: sam } }))
    expect(textOf(again)).toContain("nothing changed")
    const list = await replyOf(t.fake.slash({ user: t.fake.owner, command: "permissions", subcommand: "list" }))
    expect(textOf(list)).toContain(`<@${sam.id}>`)
  })

  it("GIVEN a forged custom_id WHEN a member presses it THEN the bot refuses privately", async () => {
    const eve = t.member("eve")
    const malformed = await replyOf(t.fake.button({ user: eve, customId: "totally-made-up" }))
    expect(textOf(malformed)).toBe(MALFORMED_COMPONENT)
    expect(isEphemeral(malformed)).toBe(true)
    const stale = await replyOf(t.fake.button({ user: eve, customId: "0:trade:1:accept" }))
    expect(textOf(stale)).toBe(STALE_COMPONENT)
    const unknownRoute = await replyOf(t.fake.button({ user: eve, customId: "1:nothing-here:1" }))
    expect(textOf(unknownRoute)).toBe(STALE_COMPONENT)
  })

  it("GIVEN a handler that throws THEN the member gets the apology with the interaction id AND the bot keeps serving", async () => {
    const bob = t.member("bob")
    const boom = t.fake.slash({ user: bob, command: "explode" })
    const apology = await replyOf(boom)
    expect(textOf(apology)).toBe(APOLOGY.replace("%ID%", boom.id))
    expect(isEphemeral(apology)).toBe(true)
    const help = await replyOf(t.fake.slash({ user: bob, command: "help" }))
    expect(textOf(help)).toContain("/help")
  })

  it("GIVEN a restart with unchanged commands THEN registration is skipped and grants survive", async () => {
    const before = t.fake.commandPuts.guilds[t.fake.guildId]
    await t.restart({ extraFeatures: [testFeature] })
    expect(t.fake.commandPuts.guilds[t.fake.guildId]).toBe(before)
    const list = await replyOf(t.fake.slash({ user: t.fake.owner, command: "permissions", subcommand: "list" }))
    expect(textOf(list)).toContain("numbers")
    expect(textOf(list)).not.toContain("server managers only**")
  })

  it("GIVEN a shutdown while an interaction is running THEN that interaction still finishes before the database closes", async () => {
    const slow = t.fake.slash({ user: t.member("patient"), command: "slow" })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await t.bot.stop()
    const reply = await replyOf(slow)
    expect(textOf(reply)).toBe("finished after all")
    await t.restart({ extraFeatures: [testFeature] })
  })

  it("GIVEN the bot stops THEN nothing was answered late or twice", () => {
    const refused = t.fake.calls.filter((call) => call.path.endsWith("/callback") && call.status >= 400)
    expect(refused).toEqual([])
    expect(t.fake.unexpectedCalls()).toEqual([])
  })
})
