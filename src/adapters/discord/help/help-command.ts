import { InteractionContextType, SlashCommandBuilder, type APIEmbedField } from "discord.js"
import * as Effect from "effect/Effect"
import { canAdminister } from "../../../domain/permissions.js"
import { ModuleAccess } from "../../../app/module-access.js"
import type { Access, CommandPath, Feature, SlashCommand } from "../command.js"
import { actorOf } from "../router.js"
import { BRAND_COLOUR, fitEmbed, linesToFields } from "../embeds.js"
import { say } from "../reply.js"

const data = new SlashCommandBuilder()
  .setName("help")
  .setDescription("What Pitboard can do for you here")
  .setContexts(InteractionContextType.Guild)
  .toJSON()

const accessNote = (access: Access) => (access === "member" ? "" : access === "manage-server" ? " · *Manage Server*" : ` · *${access.admin} admin*`)

/**
 * /help is generated from the same declarations the router enforces, so it can only list what the
 * caller may actually run. `allCommands` is read lazily because /help is itself one of them.
 */
export const helpFeature = <R>(allCommands: () => ReadonlyArray<SlashCommand<R>>): Feature<R | ModuleAccess> => {
  const help: SlashCommand<ModuleAccess> = {
    data,
    area: "General",
    paths: [{ path: "help", usage: "/help", summary: "This list, showing only what you can use", access: "member", run: (interaction) =>
      Effect.gen(function* () {
        const actor = actorOf(interaction)
        const grants = interaction.inGuild() ? yield* (yield* ModuleAccess).grants(interaction.guildId).pipe(Effect.orDie) : []
        const allowed = (entry: CommandPath<R>) =>
          entry.access === "member" ||
          (entry.access === "manage-server" ? actor.managesServer : canAdminister(actor, entry.access.admin, grants))
        const byArea = new Map<string, string[]>()
        for (const command of allCommands()) {
          for (const entry of command.paths.filter(allowed)) {
            const lines = byArea.get(command.area) ?? []
            lines.push(`\`${entry.usage}\` — ${entry.summary}${accessNote(entry.access)}`)
            byArea.set(command.area, lines)
          }
        }
        const fields: APIEmbedField[] = [...byArea].flatMap(([area, lines]) => linesToFields(area, lines))
        const embed = fitEmbed({
          title: "Pitboard — what you can do here",
          description: "Commands you can use in this server. Admin commands appear only for members who may run them.",
          color: BRAND_COLOUR,
          fields,
        })
        return say({ embeds: [embed] })
      }) }],
  }
  return { commands: [help as SlashCommand<R | ModuleAccess>], components: [] }
}
