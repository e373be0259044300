/** The wizard's panel buttons and forms, called directly: each returns the panel (or form) to show. */
import type { ButtonInteraction, ModalSubmitInteraction } from "discord.js"
import { describe, expect, it } from "vitest"
import { eventsFeature } from "../../../../../src/adapters/discord/events/event-feature.js"
import { FORM_FIELDS, wizardFormId, wizardNavId } from "../../../../../src/adapters/discord/events/event-ids.js"
import type { Reply } from "../../../../../src/adapters/discord/reply.js"
import { press, slash, submit, useHandlers, replyText, routeIn } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"

const routeOf = <I>(name: string) => routeIn<I>(eventsFeature.components, name)
const create = eventsFeature.commands[0]!.paths.find((entry) => entry.path === "event create")!.run

/** The draft and revision the panel's buttons carry, read from its Close button's custom_id. */
const panelRef = (panel: Reply<never>) => {
  const match = /"1:ev\.nav:([^:"]+):(\d+):close"/.exec(replyText(panel))
  if (match === null) throw new Error(`no Close button on ${replyText(panel)}`)
  return { draft: match[1]!, rev: Number(match[2]) }
}
const details = { [FORM_FIELDS.title]: "GT3 Sprint — Round 4", [FORM_FIELDS.description]: "Two sprints." }

describe("the wizard's panel answers as data", () => {
  const { answerOf } = useHandlers()

  it("GIVEN a new draft WHEN the admin presses Enter THEN the answer is the details form for this draft and revision", async () => {
    const ref = panelRef(await answerOf(create(slash(ADMIN))))
    const opened = await answerOf(routeOf<ButtonInteraction>(wizardNavId.route)(press(ADMIN), { ...ref, act: "open" }))
    expect(opened._tag).toBe("Form")
    expect(opened._tag === "Form" && opened.modal.toJSON().custom_id).toBe(wizardFormId.encode({ ...ref, form: "details" }))
  })

  it("GIVEN the details form submitted THEN the panel is replaced in place by the next step, at a newer revision", async () => {
    const ref = panelRef(await answerOf(create(slash(ADMIN))))
    const next = await answerOf(routeOf<ModalSubmitInteraction>(wizardFormId.route)(submit(ADMIN, details), { ...ref, form: "details" }))
    expect(next._tag).toBe("Update")
    expect(replyText(next)).toContain("GT3 Sprint — Round 4")
    expect(panelRef(next).rev).toBeGreaterThan(ref.rev)
  })

  it("GIVEN an older panel of the same draft WHEN the admin presses Enter on it THEN no form opens: the panel is redrawn as it is now", async () => {
    const old = panelRef(await answerOf(create(slash(ADMIN))))
    const moved = await answerOf(routeOf<ModalSubmitInteraction>(wizardFormId.route)(submit(ADMIN, details), { ...old, form: "details" }))
    const redrawn = await answerOf(routeOf<ButtonInteraction>(wizardNavId.route)(press(ADMIN), { ...old, act: "open" }))
    expect(redrawn._tag).toBe("Update")
    expect(panelRef(redrawn)).toEqual(panelRef(moved))
  })

  it("GIVEN Publish THEN the panel is held first (publishing waits on Discord), never answered at once", async () => {
    const ref = panelRef(await answerOf(create(slash(ADMIN))))
    const publish = await answerOf(routeOf<ButtonInteraction>(wizardNavId.route)(press(ADMIN), { ...ref, act: "publish" }))
    expect(publish).toMatchObject({ _tag: "Later", holding: "panel" })
  })
})
