import type { ButtonInteraction } from "discord.js"
import type * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { entrantsPanelComponents, entrantsSubcommand } from "../../../../../src/adapters/discord/race-night/entrants-command.js"
import { entrantsPageId } from "../../../../../src/adapters/discord/race-night/race-ids.js"
import type { Reply } from "../../../../../src/adapters/discord/reply.js"
import { DETAILS } from "../../../../fixtures/participant/sample.js"
import { press, slash, useHandlers } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"
const EVENT_ID = "ev1"

type Handle = (interaction: ButtonInteraction, value: unknown) => Effect.Effect<Reply<any>, any, any>
const routeOf = (routes: ReadonlyArray<{ readonly id: { readonly route: string }; readonly handle: unknown }>, name: string) => routes.find((r) => r.id.route === name)!.handle as Handle
const text = (reply: Reply<never>) => JSON.stringify(reply)

describe("/event entrants answers as data", () => {
  const { answerOf, seedEvent } = useHandlers()

  it("GIVEN an event WHEN an admin opens /event entrants THEN the panel is a private message naming the empty grid; a page button redraws it in place", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    const panel = await answerOf(entrantsSubcommand.run(slash(ADMIN, { event: EVENT_ID })))
    expect(panel).toMatchObject({ _tag: "Say", visibility: "private" })
    expect(text(panel)).toContain(DETAILS.details.title)
    const page = await answerOf(routeOf(entrantsPanelComponents, entrantsPageId.route)(press(ADMIN), { event: EVENT_ID, via: "refresh", page: 0 }))
    expect(page._tag).toBe("Update")
    expect(text(page)).toContain(DETAILS.details.title)
  })
})
