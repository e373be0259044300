import { describe, expect, it } from "vitest"
import type { ButtonRoute } from "../../../../../src/adapters/discord/command.js"
import { claimSubcommands } from "../../../../../src/adapters/discord/numbers/claim-commands.js"
import { ALL_CLASSES, rosterPageId } from "../../../../../src/adapters/discord/numbers/numbers-ids.js"
import { rosterComponents, rosterSubcommands } from "../../../../../src/adapters/discord/numbers/roster-command.js"
import { press, slash, useHandlers } from "../../../../support/discord-handlers.js"

const ALICE = "100000000000000001"
const BOB = "100000000000000002"

const claim = claimSubcommands.find((sub) => sub.name === "claim")!.run
const roster = rosterSubcommands[0]!.run
const turnPage = rosterComponents.find((route) => route.id.route === rosterPageId.route) as ButtonRoute<{ page: number; cls: string }, unknown>

describe("/number roster answers as data", () => {
  const { answerOf } = useHandlers()

  it("GIVEN two held numbers WHEN a member asks for the roster THEN a private message lists both and pings nobody", async () => {
    await answerOf(claim(slash(ALICE, { number: "7" })))
    await answerOf(claim(slash(BOB, { number: "12" })))
    const answer = await answerOf(roster(slash(BOB)))
    expect(answer).toMatchObject({ _tag: "Say", visibility: "private", payload: { allowedMentions: { parse: [] } } })
    const text = JSON.stringify(answer)
    expect(text).toContain("#7")
    expect(text).toContain("#12")
  })

  it("GIVEN a roster message WHEN its pager is pressed THEN the answer replaces that message with what is held now", async () => {
    await answerOf(claim(slash(ALICE, { number: "3" })))
    const answer = await answerOf(turnPage.handle(press(BOB), { page: 0, cls: ALL_CLASSES }))
    expect(answer._tag).toBe("Update")
    expect(JSON.stringify(answer)).toContain("#3")
  })
})
