import { describe, expect, it } from "vitest"
import { remindersFeature } from "../../../../../src/adapters/discord/race-night/reminders-command.js"
import { slash, useHandlers } from "../../../../support/discord-handlers.js"

const MEMBER = "100000000000000002"

const command = (path: string) => remindersFeature.commands[0]!.paths.find((entry) => entry.path === `reminders ${path}`)!.run

describe("/reminders answers as data", () => {
  const { answerOf } = useHandlers()
  const contentOf = async (path: string) => {
    const answer = await answerOf(command(path)(slash(MEMBER)))
    expect(answer).toMatchObject({ _tag: "Say", visibility: "private", payload: { allowedMentions: { parse: [] } } })
    return answer._tag === "Say" ? String(answer.payload.content) : ""
  }

  it("GIVEN a member who never chose WHEN they ask THEN reminders come by DM, and they are told how to turn them off", async () => {
    expect(await contentOf("status")).toMatch(/^📬 .*\n-# Turn them off with `\/reminders off`\.$/s)
  })

  it("GIVEN reminders turned off THEN the answer says so, the status follows, and turning them off again says it already was", async () => {
    expect(await contentOf("off")).toMatch(/^🔕 No more check-in reminder DMs/)
    expect(await contentOf("status")).toMatch(/^🔕/)
    expect(await contentOf("off")).toContain("That was already your setting.")
    expect(await contentOf("on")).toMatch(/^📬 [^\n]*$/)
  })
})
