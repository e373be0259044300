import type { AnySelectMenuInteraction, ButtonInteraction, ModalSubmitInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import type { Reply } from "../../../../../src/adapters/discord/reply.js"
import { configCommand } from "../../../../../src/adapters/discord/server-setup/config-command.js"
import { setupCommand } from "../../../../../src/adapters/discord/server-setup/setup-command.js"
import { classRoutes } from "../../../../../src/adapters/discord/server-setup/setup-class-routes.js"
import { settingsRoutes } from "../../../../../src/adapters/discord/server-setup/setup-settings-routes.js"
import { CLASS_FIELDS, NEW_CLASS, setupAddClassId, setupClassFormId, setupEditClassId, setupLeagueId, setupRemoveClassId } from "../../../../../src/adapters/discord/server-setup/setup-ids.js"
import { Database } from "../../../../../src/adapters/sqlite/database.js"
import { numberClasses } from "../../../../../src/app/numbers/queries.js"
import { choose, GUILD, press, slash, submit, useHandlers, replyText, routeIn } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"

const routeOf = <I>(name: string) => routeIn<I>([...classRoutes, ...settingsRoutes], name)
const gt3 = { [CLASS_FIELDS.name]: "GT3", [CLASS_FIELDS.range]: "1-199", [CLASS_FIELDS.limit]: "1", [CLASS_FIELDS.reserved]: "" }

describe("/setup's classes answer as data", () => {
  const { run, read, answerOf } = useHandlers()

  /** The handler run over the same database, recording the name of every read and write it makes. */
  const recordingQueries = async (handler: Effect.Effect<Reply<any>, any, any>) => {
    const database = await read(Database)
    const operations: Array<string> = []
    const recording = {
      ...database,
      query: ((operation, f) => (operations.push(operation), database.query(operation, f))) as typeof database.query,
      transaction: ((operation, f) => (operations.push(operation), database.transaction(operation, f))) as typeof database.transaction,
    }
    const answer = await answerOf(Effect.provideService(handler, Database, recording))
    return { answer, operations }
  }

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
    expect(replyText(saved)).toContain("added class")
    expect(replyText(saved)).toContain("GT3")
    const config = await answerOf(configCommand.paths[0]!.run(slash(ADMIN)))
    expect(config).toMatchObject({ _tag: "Say", visibility: "private", payload: { allowedMentions: { parse: [] } } })
    expect(replyText(config)).toContain("GT3")
  })

  it("GIVEN a class form with a range that is not one THEN it is refused and nothing is added", async () => {
    const exit = await run(routeOf<ModalSubmitInteraction>(setupClassFormId.route)(submit(ADMIN, { ...gt3, [CLASS_FIELDS.range]: "lots" }), { classId: NEW_CLASS }))
    expect(exit._tag === "Failure" && exit.cause._tag === "Fail" ? exit.cause.error : exit).toMatchObject({ _tag: "Refusal" })
    expect(replyText(await answerOf(configCommand.paths[0]!.run(slash(ADMIN))))).not.toContain("GT3")
  })

  it("GIVEN a class WHEN an admin picks it to edit THEN its form opens having read the classes alone (a form must be the first answer, within 3 s); removing it reads the whole panel only once, to redraw it", async () => {
    await answerOf(routeOf<ModalSubmitInteraction>(setupClassFormId.route)(submit(ADMIN, gt3), { classId: NEW_CLASS }))
    await answerOf(routeOf<ModalSubmitInteraction>(setupClassFormId.route)(submit(ADMIN, { ...gt3, [CLASS_FIELDS.name]: "GT4", [CLASS_FIELDS.range]: "200-299" }), { classId: NEW_CLASS }))
    const gt3Id = (await read(numberClasses(GUILD))).find((c) => c.name === "GT3")!.id
    const edit = await recordingQueries(routeOf<AnySelectMenuInteraction>(setupEditClassId.route)(choose(ADMIN, [gt3Id]), {}))
    expect(edit.answer._tag).toBe("Form")
    expect(edit.operations).toEqual(["numbers.classes"])
    const removed = await recordingQueries(routeOf<AnySelectMenuInteraction>(setupRemoveClassId.route)(choose(ADMIN, [gt3Id]), {}))
    expect(replyText(removed.answer)).toContain("removed class")
    expect(removed.operations[0]).toBe("numbers.classes")
    // The whole panel (every claim) is read once, to redraw it after the removal.
    expect(removed.operations.filter((operation) => operation === "numbers.overview")).toHaveLength(1)
  })

  it("GIVEN the iRacing league button THEN its form opens prefilled having read the settings alone: no claims, classes or grants", async () => {
    const league = await recordingQueries(routeOf<ButtonInteraction>(setupLeagueId.route)(press(ADMIN), {}))
    expect(league.answer._tag).toBe("Form")
    expect(league.operations).toEqual(["settings.read"])
  })
})
