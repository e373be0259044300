import type { APIEmbed } from "discord.js"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { checkAccess } from "../../../../../src/adapters/discord/router.js"
import { statusFeature } from "../../../../../src/adapters/discord/status/status-command.js"
import { unchanged, type Reply } from "../../../../../src/adapters/discord/reply.js"
import { PITBOARD_VERSION } from "../../../../../src/shared/release-version.js"
import { slash, useHandlers } from "../../../../support/discord-handlers.js"

const MANAGER = "100000000000000001"
const MEMBER = "100000000000000002"

const status = statusFeature.commands[0]!.paths[0]!
const embedOf = (reply: Reply<never>) => (reply._tag === "Say" ? (reply.payload.embeds?.[0] as APIEmbed) : undefined)
const field = (reply: Reply<never>, name: string) => embedOf(reply)?.fields?.find((f) => f.name === name)?.value

describe("/status answers as data", () => {
  const { answerOf, refusalOf } = useHandlers()

  it("GIVEN a manager in a server WHEN they run /status THEN they alone read this run's version, the database it opened, the gateway not yet connected and nothing waiting, pinging nobody", async () => {
    const reply = await answerOf(status.run(slash(MANAGER, {}, { managesServer: true })))
    expect(reply).toMatchObject({ _tag: "Say", visibility: "private", payload: { allowedMentions: { parse: [] } } })
    expect(reply._tag === "Say" && reply.payload.components).toBeUndefined()
    expect(embedOf(reply)?.description).toContain(`Pitboard **${PITBOARD_VERSION}**`)
    expect(field(reply, "Discord gateway")).toBe("Not connected (not logged in yet)")
    expect(field(reply, "Database")).toContain("pitboard.sqlite")
    expect(field(reply, "Follow-ups in this server")).toContain("Nothing waiting.")
    expect(field(reply, "iRacing")).toBeDefined()
  })

  it("GIVEN /status THEN it is declared for Manage Server: a member without it is refused before it runs, and outside a server it refuses by itself", async () => {
    expect(status.access).toBe("manage-server")
    expect(await refusalOf(Effect.as(checkAccess(slash(MEMBER), status.access), unchanged))).toBe("You need the Manage Server permission to do this.")
    expect(await refusalOf(status.run(slash(MANAGER, {}, { managesServer: true, outsideServer: true })))).toBe("This only works inside a server.")
  })
})
