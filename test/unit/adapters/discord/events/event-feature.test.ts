import type { ButtonInteraction } from "discord.js"
import { describe, expect, it } from "vitest"
import { eventsFeature } from "../../../../../src/adapters/discord/events/event-feature.js"
import { draftDiscardId, wizardNavId } from "../../../../../src/adapters/discord/events/event-ids.js"
import { ALREADY_DRAFTING } from "../../../../../src/adapters/discord/events/event-texts.js"
import type { Reply } from "../../../../../src/adapters/discord/reply.js"
import { press, slash, useHandlers, replyText } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"
const MEMBER = "100000000000000002"

const command = (path: string) => eventsFeature.commands[0]!.paths.find((entry) => entry.path === `event ${path}`)!.run
type Handle = (interaction: ButtonInteraction, value: unknown) => ReturnType<ReturnType<typeof command>>
const route = (name: string) => eventsFeature.components.find((component) => component.id.route === name)!.handle as Handle

/** The draft and revision the panel's buttons carry, read from its Close button's custom_id. */
const panelRef = (panel: Reply<never>) => {
  const match = new RegExp(`"1:${wizardNavId.route.replace(".", "\\.")}:([^:"]+):(\\d+):close"`).exec(replyText(panel))
  if (match === null) throw new Error(`no Close button on ${replyText(panel)}`)
  return { draft: match[1]!, rev: Number(match[2]) }
}

describe("/event answers as data", () => {
  const { answerOf } = useHandlers()

  it("GIVEN no events WHEN a member lists them THEN the answer is private and says how admins add one", async () => {
    const list = await answerOf(command("list")(slash(MEMBER)))
    expect(list).toMatchObject({ _tag: "Say", visibility: "private", payload: { allowedMentions: { parse: [] } } })
    expect(replyText(list)).toContain("No events are scheduled. Admins create one with /event create.")
  })

  it("GIVEN /event create twice THEN the first opens a private wizard panel and the second resumes that same draft with a warning", async () => {
    const first = await answerOf(command("create")(slash(ADMIN)))
    expect(first).toMatchObject({ _tag: "Say", visibility: "private" })
    expect(replyText(first)).not.toContain(ALREADY_DRAFTING)
    const again = await answerOf(command("create")(slash(ADMIN)))
    expect(replyText(again)).toContain(ALREADY_DRAFTING.slice(0, 40))
    expect(panelRef(again).draft).toBe(panelRef(first).draft)
  })

  it("GIVEN an open panel WHEN the admin presses Close THEN the panel is replaced in place by one saying the draft is kept", async () => {
    const panel = await answerOf(command("create")(slash(ADMIN)))
    const closed = await answerOf(route(wizardNavId.route)(press(ADMIN), { ...panelRef(panel), act: "close" }))
    expect(closed._tag).toBe("Update")
    expect(replyText(closed)).toContain("Draft saved")
    expect(replyText(closed)).toContain("Resume with /event drafts")
  })

  it("GIVEN a draft WHEN the admin lists drafts and discards it THEN the list is private, and Discard redraws it empty in place", async () => {
    const panel = await answerOf(command("create")(slash(ADMIN)))
    const drafts = await answerOf(command("drafts")(slash(ADMIN)))
    expect(drafts).toMatchObject({ _tag: "Say", visibility: "private" })
    const { draft } = panelRef(panel)
    expect(replyText(drafts)).toContain(draftDiscardId.encode({ draft }))
    const discarded = await answerOf(route(draftDiscardId.route)(press(ADMIN), { draft }))
    expect(discarded._tag).toBe("Update")
    expect(replyText(discarded)).toContain("Discarded “untitled draft”.")
    expect(replyText(discarded)).not.toContain(draftDiscardId.encode({ draft }))
  })
})
