/** /event manage's Cancel event: ask, then Keep it or confirm, called directly. */
import type { ButtonInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { eventsFeature } from "../../../../../src/adapters/discord/events/event-feature.js"
import { manageCancelId } from "../../../../../src/adapters/discord/events/event-ids.js"
import { NOTHING_CHANGED, type Reply } from "../../../../../src/adapters/discord/reply.js"
import { Database } from "../../../../../src/adapters/sqlite/database.js"
import { readEventById } from "../../../../../src/app/events/event-use-cases.js"
import { DETAILS } from "../../../../fixtures/participant/sample.js"
import { GUILD, press, useHandlers, replyText } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"
const EVENT_ID = "ev1"

type Handle = (interaction: ButtonInteraction, value: unknown) => Effect.Effect<Reply<any>, any, any>
const cancel = eventsFeature.components.find((component) => component.id.route === manageCancelId.route)!.handle as Handle
/** The manage panel's buttons, by label, with whether each is off. */
const buttonsOf = (reply: Reply<never>) =>
  reply._tag === "Update"
    ? (reply.payload.components ?? []).flatMap((row) => ((row as { toJSON: () => { components: Array<{ label?: string; disabled?: boolean }> } }).toJSON().components))
    : []

describe("/event manage's Cancel event answers as data", () => {
  const { answerOf, read, seedEvent } = useHandlers()

  it("GIVEN Cancel event WHEN the admin presses Keep it THEN the manage panel comes back in place saying nothing changed, the event stays published and nothing is queued", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    const ask = await answerOf(cancel(press(ADMIN), { event: EVENT_ID, step: "ask" }))
    expect(ask._tag).toBe("Update")
    expect(replyText(ask)).toContain(`Cancel ${DETAILS.details.title}?`)
    expect(replyText(ask)).toContain(manageCancelId.encode({ event: EVENT_ID, step: "keep" }))

    const kept = await answerOf(cancel(press(ADMIN), { event: EVENT_ID, step: "keep" }))
    expect(kept._tag).toBe("Update")
    expect(kept._tag === "Update" && kept.payload.content).toBe(NOTHING_CHANGED)
    expect(buttonsOf(kept).map((button) => [button.label, button.disabled ?? false])).toEqual([
      ["Edit", false],
      ["Race-night settings", false],
      ["Cancel event", false],
    ])
    expect((await read(readEventById(GUILD, EVENT_ID))).status).not.toBe("cancelled")
    const queued = await read(Effect.flatMap(Database, (db) => db.query("test", (k) => k.selectFrom("outbox").select("id").execute())))
    expect(queued).toEqual([])
  })
})
