import * as Exit from "effect/Exit"
import type { ButtonInteraction, ModalSubmitInteraction } from "discord.js"
import { describe, expect, it } from "vitest"
import { parseCustomId } from "../../../../../src/adapters/discord/custom-id.js"
import { tracksFeature } from "../../../../../src/adapters/discord/tracks/track-commands.js"
import { IMAGE_NONE, NEW_TRACK, TRACK_FIELDS, trackFormId } from "../../../../../src/adapters/discord/tracks/track-ids.js"
import { press, slash, submit, useHandlers, replyText } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"
const MEMBER = "100000000000000002"

const command = (path: string) => tracksFeature.commands[0]!.paths.find((entry) => entry.path === `track ${path}`)!.run
const route = (name: string) => tracksFeature.components.find((component) => component.id.route === name)!
const submitTrack = (interaction: ModalSubmitInteraction, value: unknown) =>
  (route("track.form").handle as (i: ModalSubmitInteraction, v: unknown) => ReturnType<ReturnType<typeof command>>)(interaction, value)
const turnPage = (interaction: ButtonInteraction, page: number) =>
  (route("track.list").handle as (i: ButtonInteraction, v: unknown) => ReturnType<ReturnType<typeof command>>)(interaction, { via: "go", page })

const spa = { [TRACK_FIELDS.name]: "Spa-Francorchamps", [TRACK_FIELDS.layout]: "Grand Prix", [TRACK_FIELDS.pitSlots]: "40", [TRACK_FIELDS.broadcastSlots]: "2", [TRACK_FIELDS.details]: "" }

describe("/track answers as data", () => {
  const { run, answerOf } = useHandlers()

  it("GIVEN /track add without a picture THEN the answer is the track form, for a new track with no picture", async () => {
    const answer = await answerOf(command("add")(slash(ADMIN)))
    expect(answer._tag).toBe("Form")
    const customId = answer._tag === "Form" ? answer.modal.toJSON().custom_id : ""
    const parsed = parseCustomId(customId)
    expect(parsed._tag === "Parsed" && parsed.route).toBe(trackFormId.route)
    expect(parsed._tag === "Parsed" && trackFormId.decodeFields(parsed.fields)).toMatchObject({ _tag: "Right", right: { track: NEW_TRACK, image: IMAGE_NONE } })
  })

  it("GIVEN the filled form WHEN it is submitted THEN the admin privately reads it was added, and /track list shows it to the whole channel", async () => {
    const saved = await answerOf(submitTrack(submit(ADMIN, spa), { track: NEW_TRACK, image: IMAGE_NONE }))
    expect(saved).toMatchObject({ _tag: "Say", visibility: "private", payload: { content: "Added to the track list:", allowedMentions: { parse: [] } } })
    expect(replyText(saved)).toContain("Spa-Francorchamps")
    const list = await answerOf(command("list")(slash(MEMBER)))
    expect(list).toMatchObject({ _tag: "Say", visibility: "public" })
    expect(replyText(list)).toContain("Spa-Francorchamps")
  })

  it("GIVEN a list page button THEN the answer replaces the list message in place", async () => {
    await answerOf(submitTrack(submit(ADMIN, spa), { track: NEW_TRACK, image: IMAGE_NONE }))
    const page = await answerOf(turnPage(press(MEMBER), 0))
    expect(page._tag).toBe("Update")
    expect(replyText(page)).toContain("Spa-Francorchamps")
  })

  it("GIVEN a form with pit slots that are not a number THEN it is refused and no answer is built", async () => {
    const exit = await run(submitTrack(submit(ADMIN, { ...spa, [TRACK_FIELDS.pitSlots]: "lots" }), { track: NEW_TRACK, image: IMAGE_NONE }))
    expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : exit).toMatchObject({ _tag: "Refusal" })
    expect(replyText(await answerOf(command("list")(slash(MEMBER))))).not.toContain("Spa-Francorchamps")
  })

  it("GIVEN a stored track WHEN an admin removes it THEN the private answer spells it out so it can be added back", async () => {
    await answerOf(submitTrack(submit(ADMIN, spa), { track: NEW_TRACK, image: IMAGE_NONE }))
    const removed = await answerOf(command("remove")(slash(ADMIN, { track: "Spa-Francorchamps" })))
    expect(removed).toMatchObject({ _tag: "Say", visibility: "private" })
    expect(removed._tag === "Say" && removed.payload.content).toMatch(/^Removed \*\*Spa-Francorchamps/)
  })
})
