import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import type { AppServices } from "../handler-services.js"
import { serverStatus } from "../../../app/status.js"
import { type Feature, type SlashCommand, guildIdOf } from "../command.js"
import { sayQuietly } from "../reply.js"
import { statusEmbed } from "./status-view.js"

const data = new SlashCommandBuilder()
  .setName("status")
  .setDescription("Is Pitboard healthy: version, uptime, database, backups, undelivered follow-ups, iRacing")
  .setContexts(InteractionContextType.Guild)
  // Only a hint for Discord's UI; the router checks Manage Server on every call.
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .toJSON()

const answer = (interaction: ChatInputCommandInteraction) =>
  Effect.gen(function* () {
    const status = yield* serverStatus(yield* guildIdOf(interaction))
    return sayQuietly({ embeds: [statusEmbed(status)] })
  })

/** For a server's managers: the database path and backup folder are the bot host's business, not every member's. */
const command: SlashCommand<AppServices> = {
  data,
  area: "General",
  paths: [{ path: "status", usage: "/status", summary: "Pitboard's health, and what it could not deliver here", access: "manage-server", run: answer }],
}

export const statusFeature: Feature<AppServices> = { commands: [command], components: [] }
