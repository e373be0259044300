import type { ButtonInteraction } from "discord.js"
import { describe, expect, it } from "vitest"
import { entrantsPanelComponents, entrantsSubcommand } from "../../../../../src/adapters/discord/race-night/entrants-command.js"
import { entrantsPageId } from "../../../../../src/adapters/discord/race-night/race-ids.js"
import { DETAILS } from "../../../../fixtures/participant/sample.js"
import { press, slash, useHandlers, replyText, routeIn } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"
const EVENT_ID = "ev1"

const routeOf = routeIn<ButtonInteraction>

describe("/event entrants answers as data", () => {
  const { answerOf, seedEvent } = useHandlers()

  it("GIVEN an event WHEN an admin opens /event entrants THEN the panel is a private message naming the empty grid; a page button redraws it in place", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    const panel = await answerOf(entrantsSubcommand.run(slash(ADMIN, { event: EVENT_ID })))
    expect(panel).toMatchObject({ _tag: "Say", visibility: "private" })
    expect(replyText(panel)).toContain(DETAILS.details.title)
    const page = await answerOf(routeOf(entrantsPanelComponents, entrantsPageId.route)(press(ADMIN), { event: EVENT_ID, via: "refresh", page: 0 }))
    expect(page._tag).toBe("Update")
    expect(replyText(page)).toContain(DETAILS.details.title)
  })
})
