import type { APIEmbed } from "discord.js"
import { describe, expect, it } from "vitest"
import type { SlashCommand } from "../../../../../src/adapters/discord/command.js"
import { helpFeature } from "../../../../../src/adapters/discord/help/help-command.js"
import { permissionsFeature } from "../../../../../src/adapters/discord/permissions/permissions-command.js"
import type { Reply } from "../../../../../src/adapters/discord/reply.js"
import { statusFeature } from "../../../../../src/adapters/discord/status/status-command.js"
import { tracksFeature } from "../../../../../src/adapters/discord/tracks/track-commands.js"
import { grantModule } from "../../../../../src/app/module-access.js"
import { GUILD, slash, useHandlers } from "../../../../support/discord-handlers.js"

const MEMBER = "100000000000000002"
const STEWARD_ROLE = "700000000000000001"

// A few real features, each with member, module-admin and Manage Server paths.
const commands = [...tracksFeature.commands, ...permissionsFeature.commands, ...statusFeature.commands] as ReadonlyArray<SlashCommand<unknown>>
const help = helpFeature(() => [...commands, ...helpFeature(() => []).commands]).commands[0]!.paths[0]!
const listed = (reply: Reply<never>) => ((reply._tag === "Say" ? (reply.payload.embeds?.[0] as APIEmbed) : undefined)?.fields ?? []).map((f) => f.value).join("\n")

describe("/help answers as data", () => {
  const { answerOf, read } = useHandlers()

  it("GIVEN a member with no rights WHEN they ask for help THEN they alone read only what they may run: no admin or Manage Server command, no buttons", async () => {
    const reply = await answerOf(help.run(slash(MEMBER)))
    expect(reply).toMatchObject({ _tag: "Say", visibility: "private" })
    expect(reply._tag === "Say" && reply.payload.components).toBeUndefined()
    const text = listed(reply)
    expect(text).toContain("`/track list`")
    expect(text).toContain("`/help`")
    expect(text).not.toContain("/track add")
    expect(text).not.toContain("/status")
    expect(text).not.toContain("/permissions")
  })

  it("GIVEN the tracks module granted to a role WHEN a member with it asks THEN its admin commands appear, marked; Manage Server ones stay hidden until they have it", async () => {
    await read(grantModule({ guildId: GUILD, actorId: "100000000000000001", module: "tracks", subjectType: "role", subjectId: STEWARD_ROLE }))
    const granted = listed(await answerOf(help.run(slash(MEMBER, {}, { roles: [STEWARD_ROLE] }))))
    expect(granted).toMatch(/`\/track add[^`]*` — .* · \*tracks admin\*/)
    expect(granted).not.toContain("/status")
    const manager = listed(await answerOf(help.run(slash(MEMBER, {}, { managesServer: true }))))
    expect(manager).toMatch(/`\/status` — .* · \*Manage Server\*/)
    expect(manager).toContain("/track add")
  })
})
