import type { ButtonInteraction, ModalSubmitInteraction } from "discord.js"
import type * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import type { Reply } from "../../../../../src/adapters/discord/reply.js"
import { configCommand } from "../../../../../src/adapters/discord/server-setup/config-command.js"
import { setupCommand } from "../../../../../src/adapters/discord/server-setup/setup-command.js"
import { classRoutes } from "../../../../../src/adapters/discord/server-setup/setup-class-routes.js"
import { CLASS_FIELDS, NEW_CLASS, setupAddClassId, setupClassFormId } from "../../../../../src/adapters/discord/server-setup/setup-ids.js"
import { press, slash, submit, useHandlers } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"

type Handle<I> = (interaction: I, value: unknown) => Effect.Effect<Reply<any>, any, any>
const routeOf = <I>(name: string) => classRoutes.find((route) => route.id.route === name)!.handle as Handle<I>
const text = (reply: Reply<never>) => JSON.stringify(reply)
const gt3 = { [CLASS_FIELDS.name]: "GT3", [CLASS_FIELDS.range]: "1-199", [CLASS_FIELDS.limit]: "1", [CLASS_FIELDS.reserved]: "" }

describe("/setup's classes answer as data", () => {
  const { run, answerOf } = useHandlers()

  it("GIVEN /setup THEN the panel is a private message; Add class opens an empty class form", async () => {
    const panel = await answerOf(setupCommand.paths[0]!.run(slash(ADMIN)))
    expect(panel).toMatchObject({ _tag: "Say", visibility: "private" })
    const opened = await answerOf(routeOf<ButtonInteraction>(setupAddClassId.route)(press(ADMIN), {}))
    expect(opened._tag).toBe("Form")
    expect(opened._tag === "Form" && opened.modal.toJSON().custom_id).toBe(setupClassFormId.encode({ classId: NEW_CLASS }))
  })

  it("GIVEN the class form filled in WHEN it is submitted THEN the panel is redrawn in place saying so, and /config shows the class privately", async () => {
    const saved = await answerOf(routeOf<ModalSubmitInteraction>(setupClassFormId.route)(submit(ADMIN, gt3), { classId: NEW_CLASS }))
    expect(saved._tag).toBe("Update")
    expect(text(saved)).toContain("added class")
    expect(text(saved)).toContain("GT3")
    const config = await answerOf(configCommand.paths[0]!.run(slash(ADMIN)))
    expect(config).toMatchObject({ _tag: "Say", visibility: "private", payload: { allowedMentions: { parse: [] } } })
    expect(text(config)).toContain("GT3")
  })

  it("GIVEN a class form with a range that is not one THEN it is refused and nothing is added", async () => {
    const exit = await run(routeOf<ModalSubmitInteraction>(setupClassFormId.route)(submit(ADMIN, { ...gt3, [CLASS_FIELDS.range]: "lots" }), { classId: NEW_CLASS }))
    expect(exit._tag === "Failure" && exit.cause._tag === "Fail" ? exit.cause.error : exit).toMatchObject({ _tag: "Refusal" })
    expect(text(await answerOf(configCommand.paths[0]!.run(slash(ADMIN))))).not.toContain("GT3")
  })
})
