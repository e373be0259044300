import type { ModalSubmitInteraction } from "discord.js"
import { describe, expect, it } from "vitest"
import { championshipsFeature } from "../../../../../src/adapters/discord/championships/championship-commands.js"
import { CHAMPIONSHIP_FIELDS, NEW_CHAMPIONSHIP } from "../../../../../src/adapters/discord/championships/championship-ids.js"
import { slash, submit, useHandlers, replyText } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"
const MEMBER = "100000000000000002"

const command = (path: string) => championshipsFeature.commands[0]!.paths.find((entry) => entry.path === `championship ${path}`)!.run
const submitChampionship = (interaction: ModalSubmitInteraction, championship: string) =>
  (championshipsFeature.components.find((component) => component.id.route === "championship.form")!.handle as (i: ModalSubmitInteraction, v: unknown) => ReturnType<ReturnType<typeof command>>)(
    interaction,
    { championship },
  )

describe("/championship answers as data", () => {
  const { answerOf } = useHandlers()
  const create = (name: string) => answerOf(submitChampionship(submit(ADMIN, { [CHAMPIONSHIP_FIELDS.name]: name, [CHAMPIONSHIP_FIELDS.description]: "" }), NEW_CHAMPIONSHIP))

  it("GIVEN /championship create THEN the answer is the empty form; submitted, the admin privately reads it was created", async () => {
    const opened = await answerOf(command("create")(slash(ADMIN)))
    expect(opened._tag).toBe("Form")
    expect(opened._tag === "Form" && opened.modal.toJSON().title).toBeTruthy()
    const created = await create("GT3 Sprint Cup")
    expect(created).toMatchObject({ _tag: "Say", visibility: "private", payload: { content: expect.stringMatching(/^Created\./) } })
    expect(replyText(created)).toContain("GT3 Sprint Cup")
  })

  it("GIVEN two championships WHEN a member lists them THEN the list is for the whole channel and shows both", async () => {
    await create("GT3 Sprint Cup")
    await create("Endurance Series")
    const list = await answerOf(command("list")(slash(MEMBER)))
    expect(list).toMatchObject({ _tag: "Say", visibility: "public" })
    expect(replyText(list)).toContain("GT3 Sprint Cup")
    expect(replyText(list)).toContain("Endurance Series")
  })

  it("GIVEN a championship WHEN it is archived and brought back THEN each private answer says which way it went", async () => {
    await create("GT3 Sprint Cup")
    const archived = await answerOf(command("archive")(slash(ADMIN, { championship: "GT3 Sprint Cup" })))
    expect(archived).toMatchObject({ _tag: "Say", visibility: "private", payload: { content: expect.stringMatching(/^Archived \*\*GT3 Sprint Cup\*\*/), allowedMentions: { parse: [] } } })
    const active = await answerOf(command("unarchive")(slash(ADMIN, { championship: "GT3 Sprint Cup" })))
    expect(active._tag === "Say" && active.payload.content).toBe("**GT3 Sprint Cup** is active again; new events can join it.")
  })

  it("GIVEN a championship WHEN a member asks to see it THEN its rounds are shown publicly, pinging nobody", async () => {
    await create("GT3 Sprint Cup")
    const shown = await answerOf(command("show")(slash(MEMBER, { championship: "GT3 Sprint Cup" })))
    expect(shown).toMatchObject({ _tag: "Say", visibility: "public", payload: { allowedMentions: { parse: [] } } })
    expect(shown._tag === "Say" && shown.payload.embeds).toHaveLength(1)
  })
})
