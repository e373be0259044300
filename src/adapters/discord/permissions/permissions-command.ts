import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  roleMention,
  userMention,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from "discord.js"
import * as Effect from "effect/Effect"
import { MODULE_DESCRIPTIONS, MODULES, isModuleName } from "../../../domain/permissions.js"
import type { Database } from "../../sqlite/database.js"
import { grantModule, listModuleGrants, revokeModule, type GrantRequest } from "../../../app/module-access.js"
import { type Feature, guildIdOf, type SlashCommand } from "../command.js"
import { refuse } from "../../../app/refusal.js"
import { say } from "../reply.js"
import { BRAND_COLOUR, fitEmbed, linesToFields } from "../embeds.js"

const withTarget = (sub: SlashCommandSubcommandBuilder) =>
  sub
    .addStringOption((option) =>
      option
        .setName("module")
        .setDescription("Which admin actions")
        .setRequired(true)
        .addChoices(...MODULES.map((module) => ({ name: module, value: module }))),
    )
    .addRoleOption((option) => option.setName("role").setDescription("Give it to everyone with this role"))
    .addUserOption((option) => option.setName("member").setDescription("Give it to this member"))

const data = new SlashCommandBuilder()
  .setName("permissions")
  .setDescription("Choose who may run Pitboard's admin actions")
  .setContexts(InteractionContextType.Guild)
  // Only a hint for Discord's UI; the router checks Manage Server on every call.
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) => withTarget(sub.setName("grant").setDescription("Let a role or member run a module's admin actions")))
  .addSubcommand((sub) => withTarget(sub.setName("revoke").setDescription("Take a module's admin actions away again")))
  .addSubcommand((sub) => sub.setName("list").setDescription("Who may run which admin actions"))
  .toJSON()

const readRequest = (interaction: ChatInputCommandInteraction) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const module = interaction.options.getString("module", true)
    if (!isModuleName(module)) return yield* refuse(`"${module}" is not a module. Pick one of: ${MODULES.join(", ")}.`)
    const role = interaction.options.getRole("role")
    const member = interaction.options.getUser("member")
    if ((role === null) === (member === null)) return yield* refuse("Pick exactly one: a role or a member.")
    const request: GrantRequest = {
      guildId,
      actorId: interaction.user.id,
      module,
      subjectType: role === null ? "user" : "role",
      subjectId: role?.id ?? member!.id,
    }
    return request
  })

const mentionOf = (request: { subjectType: "role" | "user"; subjectId: string }) =>
  request.subjectType === "role" ? roleMention(request.subjectId) : userMention(request.subjectId)


/** One handler for the three paths: they read the same options and answer alike. */
const answer = (interaction: ChatInputCommandInteraction) =>
  Effect.gen(function* () {
    const sub = interaction.options.getSubcommand(true)
    if (sub === "list") {
      const grants = yield* listModuleGrants(yield* guildIdOf(interaction)).pipe(Effect.orDie)
      const lines = MODULES.map((module) => {
        const holders = grants.filter((grant) => grant.module === module).map(mentionOf)
        return `**${module}** (${MODULE_DESCRIPTIONS[module]}): ${holders.length === 0 ? "server managers only" : holders.join(", ")}`
      })
      const embed = fitEmbed({
        title: "Who may run admin actions",
        description: "Members with Manage Server can always run every admin action.",
        color: BRAND_COLOUR,
        fields: linesToFields("Modules", lines),
      })
      return say({ embeds: [embed], allowedMentions: { parse: [] } })
    }
    const request = yield* readRequest(interaction)
    const changed = sub === "grant" ? yield* grantModule(request).pipe(Effect.orDie) : yield* revokeModule(request).pipe(Effect.orDie)
    const who = mentionOf(request)
    const content =
      sub === "grant"
        ? changed
          ? `${who} can now run **${request.module}** admin actions.`
          : `${who} could already run **${request.module}** admin actions; nothing changed.`
        : changed
          ? `${who} can no longer run **${request.module}** admin actions.`
          : `${who} had no **${request.module}** grant; nothing changed.`
    return say({ content, allowedMentions: { parse: [] } })
  })

const command: SlashCommand<Database> = {
  data,
  area: "Permissions",
  paths: [
    { path: "permissions grant", usage: "/permissions grant <module> <role|member>", summary: "Let a role or member run a module's admin actions", access: "manage-server", run: answer },
    { path: "permissions revoke", usage: "/permissions revoke <module> <role|member>", summary: "Take them away again", access: "manage-server", run: answer },
    { path: "permissions list", usage: "/permissions list", summary: "Who may run which admin actions", access: "manage-server", run: answer },
  ],
}

export const permissionsFeature: Feature<Database> = { commands: [command], components: [] }
