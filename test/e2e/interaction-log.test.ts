import { SlashCommandBuilder } from "discord.js"
import * as Effect from "effect/Effect"
import * as LogLevel from "effect/LogLevel"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Feature, type SlashCommand } from "../../src/adapters/discord/command.js"
import { refuse } from "../../src/app/refusal.js"
import { say } from "../../src/adapters/discord/reply.js"
import type { AppServices } from "../../src/app/pitboard.js"
import { replyOf, startTestBot, type TestBot } from "./harness.js"
import { captureLogs, type LogRecord } from "./log-capture.js"

const DEFER_AFTER_MS = 300

const testCommand = (name: string, run: SlashCommand<AppServices>["paths"][number]["run"]): SlashCommand<AppServices> => ({
  data: new SlashCommandBuilder().setName(name).setDescription("Interaction log test (test only)").toJSON(),
  area: "Test",
  paths: [{ path: name, usage: `/${name}`, summary: "test", access: "member", run }],
})

const testFeature: Feature<AppServices> = {
  commands: [
    testCommand("explode", () => Effect.dieMessage("a bug in a handler")),
    testCommand("dawdle", () => Effect.as(Effect.sleep(`${DEFER_AFTER_MS * 2} millis`), say("eventually"))),
    testCommand("decline", () => Effect.fail(refuse("Not today."))),
  ],
  components: [],
}

/**
 * The one line per interaction that lets a volunteer admin answer "did the bot see my click, and
 * what did it do?" from the log alone, end to end through the real client and the fake Discord.
 */
describe("one log line per interaction", () => {
  let t: TestBot
  let logs: ReturnType<typeof captureLogs>
  beforeAll(async () => {
    logs = captureLogs()
    t = await startTestBot({ extraFeatures: [testFeature], deferAfter: `${DEFER_AFTER_MS} millis`, autoSync: false, log: { level: LogLevel.Debug, format: "json" } })
  })
  afterAll(async () => {
    await t.stop()
    logs.restore()
  })

  const interactionLines = () => logs.records().filter((record) => record.message === "interaction")
  /** The line for one interaction, once the router has written it. */
  const lineFor = async (interactionId: string): Promise<LogRecord> => {
    await expect.poll(() => interactionLines().some((record) => record.annotations.interactionId === interactionId), { timeout: 5000 }).toBe(true)
    return interactionLines().find((record) => record.annotations.interactionId === interactionId)!
  }
  const linesFor = (interactionId: string) => logs.records().filter((record) => record.annotations.interactionId === interactionId)

  it("GIVEN a member claims a number THEN one Info line names the command path, server, member, outcome ok and the milliseconds, and not the number typed", async () => {
    const member = t.member("claimer")
    const claim = t.fake.slash({ user: member, command: "number", subcommand: "claim", options: { number: "417" } })
    await replyOf(claim)
    const line = await lineFor(claim.payload.id)
    expect(line.logLevel).toBe("INFO")
    expect(line.annotations).toMatchObject({ route: "/number claim", kind: "command", outcome: "ok", guildId: t.fake.guildId, userId: member.id, deferred: false })
    expect(line.annotations.ms).toEqual(expect.any(Number))
    // Ids, the timing and the timestamp may hold the digits by chance: everything else must not.
    const { ms: _ms, interactionId: _id, userId: _user, guildId: _guild, interaction: _span, ...rest } = line.annotations
    expect(JSON.stringify({ message: line.message, rest })).not.toContain("417")
    expect(interactionLines().filter((record) => record.annotations.interactionId === claim.payload.id)).toHaveLength(1)
  })

  it("GIVEN the claim at Debug THEN what it stored is logged too, as the decision it made", async () => {
    const member = t.member("debugger")
    const claim = t.fake.slash({ user: member, command: "number", subcommand: "claim", options: { number: "52" } })
    await replyOf(claim)
    await lineFor(claim.payload.id)
    expect(linesFor(claim.payload.id).filter((record) => record.logLevel === "DEBUG").map((record) => record.message)).toContain("stored: number.claim #52")
  })

  it("GIVEN a member runs an admin command with a private reason THEN the line says refused AND the reason they typed is nowhere in the log", async () => {
    const revoke = t.fake.slash({ user: t.member("not-an-admin"), command: "number", subcommand: "revoke", options: { number: "417", reason: "TellNoOne-5521" } })
    await replyOf(revoke)
    const line = await lineFor(revoke.payload.id)
    expect(line.annotations).toMatchObject({ route: "/number revoke", outcome: "refused" })
    expect(linesFor(revoke.payload.id).some((record) => record.logLevel === "DEBUG" && String(record.message).startsWith("refused: You need admin rights for numbers"))).toBe(true)
    expect(logs.raw()).not.toContain("TellNoOne-5521")
  })

  it("GIVEN a button whose custom_id names no route THEN the line names its route only, never the fields it carried", async () => {
    const press = t.fake.button({ user: t.member("presser"), customId: "1:gone.route:FieldSecret77" })
    await press.firstResponse()
    const line = await lineFor(press.payload.id)
    expect(line.annotations).toMatchObject({ route: "gone.route", kind: "button", outcome: "refused" })
    expect(logs.raw()).not.toContain("FieldSecret77")
  })

  it("GIVEN a handler that fails THEN the line says error, after the error itself was logged with the interaction's id", async () => {
    const boom = t.fake.slash({ user: t.member("unlucky"), command: "explode" })
    await boom.firstResponse()
    const line = await lineFor(boom.payload.id)
    expect(line.annotations.outcome).toBe("error")
    expect(linesFor(boom.payload.id).map((record) => `${record.logLevel} ${String(record.message)}`)).toContain("ERROR interaction handler failed")
  })

  it("GIVEN a handler slower than the deferral threshold THEN the line says ok and deferred, and its time covers the wait", async () => {
    const slow = t.fake.slash({ user: t.member("patient"), command: "dawdle" })
    await replyOf(slow)
    const line = await lineFor(slow.payload.id)
    expect(line.annotations).toMatchObject({ route: "/dawdle", outcome: "ok", deferred: true })
    expect(line.annotations.ms).toBeGreaterThanOrEqual(DEFER_AFTER_MS * 2)
    expect(linesFor(slow.payload.id).map((record) => record.message)).toContain("the handler was slow; the router acknowledged for it")
  })

  it("GIVEN a member typing in an autocompleted option THEN its line is at Debug only, so suggestions never flood an Info log", async () => {
    const typing = t.fake.autocomplete({ user: t.member("typist"), command: "number", subcommand: "claim", options: { number: "9" }, focused: "number" })
    await typing.firstResponse()
    const line = await lineFor(typing.payload.id)
    expect(line.logLevel).toBe("DEBUG")
    expect(line.annotations).toMatchObject({ route: "/number claim", kind: "suggestions", outcome: "ok" })
  })

  it("GIVEN a refusal from a command THEN exactly one line for it, whatever else was logged", async () => {
    const declined = t.fake.slash({ user: t.member("declined"), command: "decline" })
    await replyOf(declined)
    await lineFor(declined.payload.id)
    expect(interactionLines().filter((record) => record.annotations.interactionId === declined.payload.id)).toHaveLength(1)
  })
})
