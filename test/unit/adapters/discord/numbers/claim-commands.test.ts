import * as Exit from "effect/Exit"
import { describe, expect, it } from "vitest"
import { claimSubcommands } from "../../../../../src/adapters/discord/numbers/claim-commands.js"
import { slash, useHandlers } from "../../../../support/discord-handlers.js"

const ALICE = "100000000000000001"
const BOB = "100000000000000002"

const handlerOf = (name: string) => claimSubcommands.find((sub) => sub.name === name)!.run

describe("/number claim, release, mine and check answer as data", () => {
  const { run, answerOf } = useHandlers()

  it("GIVEN a free number WHEN a member claims it THEN the answer is a private message saying they hold it, that pings nobody", async () => {
    const answer = await answerOf(handlerOf("claim")(slash(ALICE, { number: "07" })))
    expect(answer).toMatchObject({ _tag: "Say", visibility: "private", payload: { allowedMentions: { parse: [] } } })
    expect(answer._tag === "Say" && answer.payload.content).toContain("You claimed **#07**")
  })

  it("GIVEN a number another member holds WHEN a second member claims it THEN it is refused with the reason and no answer is built", async () => {
    await answerOf(handlerOf("claim")(slash(ALICE, { number: "7" })))
    const exit = await run(handlerOf("claim")(slash(BOB, { number: "7" })))
    expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : exit).toMatchObject({ _tag: "Refusal", message: expect.stringContaining("#7") })
  })

  it("GIVEN a claimed number WHEN its holder asks for theirs, looks it up and releases it THEN each answer is private and says so", async () => {
    await answerOf(handlerOf("claim")(slash(ALICE, { number: "42" })))
    const mine = await answerOf(handlerOf("mine")(slash(ALICE)))
    expect(mine).toMatchObject({ _tag: "Say", visibility: "private" })
    expect(JSON.stringify(mine)).toContain("**#42**")
    const check = await answerOf(handlerOf("check")(slash(BOB, { number: "42" })))
    expect(JSON.stringify(check)).toContain(`<@${ALICE}>`)
    const released = await answerOf(handlerOf("release")(slash(ALICE, { number: "42" })))
    expect(released).toMatchObject({ _tag: "Say", visibility: "private", payload: { content: expect.stringContaining("You released **#42**") } })
    expect(JSON.stringify(await answerOf(handlerOf("mine")(slash(ALICE))))).toContain("You hold no numbers")
  })
})
