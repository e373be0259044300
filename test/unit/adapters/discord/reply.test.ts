import { ModalBuilder, type RepliableInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { andThen, form, later, NOTHING_CHANGED, say, sendReply, unchanged, update, type Posted, type Reply } from "../../../../src/adapters/discord/reply.js"

type Kind = "command" | "button" | "form from a message" | "form from a command"

/** Records the calls a reply makes, in order; just enough of an interaction for sendReply. */
const recording = (kind: Kind) => {
  const calls: Array<[string, unknown]> = []
  const record = (name: string) => async (arg?: unknown) => {
    calls.push([name, arg])
    if (name.startsWith("defer")) interaction.deferred = true
    if (name === "reply" || name === "update" || name === "showModal") interaction.replied = true
    // What discord.js hands back: a reply or defer asked `withResponse` gets a callback response naming the message;
    // asked without, and update()/deferUpdate() always here, an InteractionResponse whose id is the interaction's
    // (update's: the panel's interactionMetadata id, else the interaction's), no message's; showModal nothing;
    // edits and follow-ups the Message.
    if (name === "showModal") return undefined
    if (name === "editReply" || name === "followUp") return { id: `posted-by-${name}` }
    if ((arg as { withResponse?: boolean } | undefined)?.withResponse === true) return { resource: { message: { id: `posted-by-${name}` } } }
    return { interaction, id: name.endsWith("Update") || name === "update" ? (interaction.message?.interactionMetadata?.id ?? interaction.id) : interaction.id }
  }
  const interaction = {
    id: "the-interaction",
    // The message a button (or a form opened from one) sits on.
    message: kind === "button" || kind === "form from a message" ? { id: "the-panel", interactionMetadata: null as { id: string } | null } : undefined,
    deferred: false,
    replied: false,
    isMessageComponent: () => kind === "button",
    isModalSubmit: () => kind.startsWith("form"),
    isFromMessage: () => kind === "form from a message",
    reply: record("reply"),
    update: record("update"),
    showModal: record("showModal"),
    deferReply: record("deferReply"),
    deferUpdate: record("deferUpdate"),
    editReply: record("editReply"),
    followUp: record("followUp"),
  }
  const send = (reply: Reply<never>) => Effect.runPromise(sendReply(interaction as unknown as RepliableInteraction, reply))
  return { calls, send, names: () => calls.map(([name]) => name) }
}

describe("sending a handler's answer", () => {
  it("GIVEN a private message THEN it is the first reply, flagged ephemeral; a public one is not", async () => {
    const quiet = recording("command")
    await quiet.send(say("only you"))
    expect(quiet.calls).toEqual([["reply", { content: "only you", flags: 64 }]])
    const loud = recording("command")
    await loud.send(say("everyone", "public"))
    expect(loud.calls).toEqual([["reply", { content: "everyone", flags: undefined }]])
  })

  it("GIVEN work that takes a while, answered by a message THEN it says thinking first and then replaces that", async () => {
    const r = recording("command")
    await r.send(later("private", Effect.succeed(say("done"))))
    expect(r.calls).toEqual([
      ["deferReply", { flags: 64 }],
      ["editReply", { content: "done" }],
    ])
  })

  it("GIVEN a panel held while working THEN the panel is acknowledged, an update edits it and a message comes on its own", async () => {
    const edited = recording("button")
    await edited.send(later("panel", Effect.succeed(update({ content: "next step" }))))
    expect(edited.names()).toEqual(["deferUpdate", "editReply"])
    const noted = recording("button")
    await noted.send(later("panel", Effect.succeed(say("a note"))))
    expect(noted.calls).toEqual([
      ["deferUpdate", undefined],
      ["followUp", { content: "a note", flags: 64 }],
    ])
  })

  it("GIVEN an update from a button THEN the panel is replaced; from a form a slash command opened THEN it is a private message, there being no panel", async () => {
    const button = recording("button")
    await button.send(update({ content: "moved on" }))
    expect(button.names()).toEqual(["update"])
    const fromCommand = recording("form from a command")
    await fromCommand.send(update({ content: "saved" }))
    expect(fromCommand.calls).toEqual([["reply", { content: "saved", flags: 64 }]])
  })

  it("GIVEN a form THEN it is shown; a form cannot answer a form", async () => {
    const r = recording("button")
    const modal = new ModalBuilder().setCustomId("1:x").setTitle("x")
    await r.send(form(modal))
    expect(r.calls).toEqual([["showModal", modal]])
    await expect(recording("form from a message").send(form(modal))).rejects.toThrow()
  })

  it("GIVEN nothing to change THEN a button's panel is only acknowledged, a command is told so privately, and after a held panel nothing more is sent", async () => {
    const button = recording("button")
    await button.send(unchanged)
    expect(button.calls).toEqual([["deferUpdate", undefined]])
    const command = recording("command")
    await command.send(unchanged)
    expect(command.calls).toEqual([["reply", { content: NOTHING_CHANGED, flags: 64 }]])
    const held = recording("button")
    await held.send(later("panel", Effect.succeed(unchanged)))
    expect(held.names()).toEqual(["deferUpdate"])
  })

  it("GIVEN a Then from a command THEN the first answer is a reply asked for its message, and the second a follow-up that knows it", async () => {
    const r = recording("command")
    const seen: Posted[] = []
    await r.send(
      andThen(say("the offer", "public"), (posted) => {
        seen.push(posted)
        return Effect.succeed(say(`your note about ${posted.messageId}`))
      }),
    )
    expect(seen).toEqual([{ messageId: "posted-by-reply" }])
    expect(r.calls).toEqual([
      ["reply", { content: "the offer", flags: undefined, withResponse: true }],
      ["followUp", { content: "your note about posted-by-reply", flags: 64 }],
    ])
  })

  it("GIVEN a Then from a button THEN the panel is replaced first and the note follows privately; with nothing next, nothing more is sent", async () => {
    const noted = recording("button")
    await noted.send(andThen(update({ content: "closed" }), () => Effect.succeed(say("why"))))
    expect(noted.calls).toEqual([
      ["update", { content: "closed" }],
      ["followUp", { content: "why", flags: 64 }],
    ])
    const quiet = recording("button")
    let ran = false
    await quiet.send(andThen(update({ content: "withdrawn" }), () => Effect.sync(() => void (ran = true))))
    expect(ran).toBe(true)
    expect(quiet.names()).toEqual(["update"])
  })

  it("GIVEN a Then answered later THEN thinking is replaced by the first answer, whose message the second learns, and an update edits it", async () => {
    const r = recording("command")
    let seen: Posted | undefined
    await r.send(
      later(
        "private",
        Effect.succeed(
          andThen(say("done"), (posted) => {
            seen = posted
            return Effect.succeed(update({ content: "done, and tidied" }))
          }),
        ),
      ),
    )
    expect(seen).toEqual({ messageId: "posted-by-editReply" })
    expect(r.names()).toEqual(["deferReply", "editReply", "editReply"])
  })

  it("GIVEN a Then whose first answer replaces a panel THEN the next step learns the panel's message, not the interaction's id; after nothing changed or a private update, no interaction id either", async () => {
    const seenBy = async (kind: Kind, first: Reply<never>) => {
      const r = recording(kind)
      let seen: Posted | undefined
      await r.send(andThen(first, (posted) => Effect.sync(() => void (seen = posted))))
      return seen
    }
    expect(await seenBy("button", update({ content: "withdrawn" }))).toEqual({ messageId: "the-panel" })
    expect(await seenBy("form from a message", update({ content: "saved" }))).toEqual({ messageId: "the-panel" })
    expect(await seenBy("button", unchanged)).toEqual({ messageId: undefined })
    expect(await seenBy("command", unchanged)).toEqual({ messageId: undefined })
    // A form from a slash command has no panel: its update is a private reply, asked for its message.
    expect(await seenBy("form from a command", update({ content: "saved" }))).toEqual({ messageId: "posted-by-reply" })
    // A held panel is edited through the interaction's webhook, which hands back the Message.
    expect(await seenBy("button", later("panel", Effect.succeed(update({ content: "next" }))))).toEqual({ messageId: "posted-by-editReply" })
  })

  it("GIVEN a plain reply THEN it is not asked for its message: only a Then's first answer is", async () => {
    const r = recording("command")
    await r.send(say("plain"))
    expect(r.calls).toEqual([["reply", { content: "plain", flags: 64 }]])
  })
})
