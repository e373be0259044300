import { escapeMarkdown, type AutocompleteInteraction, type SlashCommandSubcommandBuilder } from "discord.js"
import * as Effect from "effect/Effect"
import {
  championshipChoices,
  championshipPage,
  championshipRounds,
  createChampionship,
  editChampionship,
  findChampionship,
  setArchived,
  type ChoiceOptions,
} from "../../../app/events/championship-use-cases.js"
import type { AppServices } from "../handler-services.js"
import { admin, button, modal, type Feature, dieOnDatabase, guildIdOf } from "../command.js"
import { form, say, sayQuietly, update } from "../reply.js"
import { championshipEmbed, championshipListView, championshipModal, roundsEmbed } from "./championships-view.js"
import { CHAMPIONSHIP_FIELDS, championshipFormId, championshipListId, NEW_CHAMPIONSHIP } from "./championship-ids.js"
import { groupedCommand, type Subcommand } from "../subcommands.js"
import { resultsComponents, resultsSubcommands } from "./results-commands.js"

const championshipOption = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((option) => option.setName("championship").setDescription("Start typing its name").setRequired(true).setMaxLength(100).setAutocomplete(true))

const choices = (options: ChoiceOptions) => (interaction: AutocompleteInteraction) =>
  interaction.inGuild() ? championshipChoices(interaction.guildId, String(interaction.options.getFocused(true).value), options) : Effect.succeed([])

const chosen = (interaction: Parameters<Subcommand<AppServices>["run"]>[0]) =>
  Effect.flatMap(guildIdOf(interaction), (guildId) => findChampionship(guildId, interaction.options.getString("championship", true)))

const create: Subcommand<AppServices> = {
  name: "create",
  description: "Start a championship: name and description",
  usage: "/championship create",
  access: admin("championships"),
  run: () => Effect.succeed(form(championshipModal(null))),
}

const edit: Subcommand<AppServices> = {
  name: "edit",
  description: "Rename a championship or change its description",
  usage: "/championship edit <championship>",
  access: admin("championships"),
  options: championshipOption,
  autocomplete: choices({ includeArchived: true }),
  run: (interaction) =>
    Effect.gen(function* () {
      return form(championshipModal(yield* chosen(interaction)))
    }),
}

const archiving = (archived: boolean): Subcommand<AppServices> => ({
  name: archived ? "archive" : "unarchive",
  description: archived ? "Put a finished season away: it leaves the wizard's list, its rounds stay" : "Bring an archived championship back",
  usage: `/championship ${archived ? "archive" : "unarchive"} <championship>`,
  access: admin("championships"),
  options: championshipOption,
  autocomplete: choices({ includeArchived: !archived }),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const championship = yield* chosen(interaction)
      const saved = yield* dieOnDatabase(setArchived(guildId, interaction.user.id, championship.id, archived))
      const name = `**${escapeMarkdown(saved.name)}**`
      const content = archived
        ? `Archived ${name}. New events can no longer join it; its rounds still show with /championship show. Undo with /championship unarchive.`
        : `${name} is active again; new events can join it.`
      return sayQuietly(content)
    }),
})

const list: Subcommand<AppServices> = {
  name: "list",
  description: "The server's championships, active ones first",
  usage: "/championship list",
  access: "member",
  visibility: "public",
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      return say(championshipListView(yield* championshipPage(guildId, 0)), "public")
    }),
}

const show: Subcommand<AppServices> = {
  name: "show",
  description: "A championship's rounds in date order, with their status",
  usage: "/championship show <championship>",
  access: "member",
  visibility: "public",
  options: championshipOption,
  autocomplete: choices({ includeArchived: true }),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const championship = yield* chosen(interaction)
      const rounds = yield* championshipRounds(guildId, championship.id)
      return say({ embeds: [roundsEmbed(rounds)], allowedMentions: { parse: [] } }, "public")
    }),
}

/** Validation is the use case's: a blank or over-long name, a long description or a duplicate is refused and nothing is stored. */
const submit = modal(championshipFormId, admin("championships"), (interaction, { championship }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const typed = {
      name: interaction.fields.getTextInputValue(CHAMPIONSHIP_FIELDS.name),
      description: interaction.fields.getTextInputValue(CHAMPIONSHIP_FIELDS.description),
    }
    const creating = championship === NEW_CHAMPIONSHIP
    const saved = creating
      ? yield* dieOnDatabase(createChampionship(guildId, interaction.user.id, typed))
      : (yield* dieOnDatabase(editChampionship(guildId, interaction.user.id, championship, typed))).after
    const content = creating ? "Created. Events join it at the wizard's championship step, or through /event manage." : "Saved:"
    return sayQuietly({ content, embeds: [championshipEmbed(saved)] })
  }),
)

const turnPage = button(championshipListId, "member", (interaction, { page }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    return update(championshipListView(yield* championshipPage(guildId, page)))
  }),
)

export const championshipsFeature: Feature<AppServices> = {
  commands: [
    groupedCommand({
      name: "championship",
      description: "Championships: rounds, results, points, penalties and standings",
      area: "Championships",
      subcommands: [create, edit, list, show, archiving(true), archiving(false), ...resultsSubcommands],
    }),
  ],
  components: [submit, turnPage, ...resultsComponents],
}
