/**
 * /championship import, results, points, penalty, penalties, standings and crosscheck: results and
 * standings of a championship. Admin actions belong to the championships module, penalties to
 * the stewards module; standings are for everyone.
 */
import { type AutocompleteInteraction, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from "discord.js"
import * as Effect from "effect/Effect"
import { driverChoices, eventChoices, findRoundEvent, roundChoices } from "../../../app/championships/choices.js"
import { crossCheckWithIracing } from "../../../app/championships/cross-check-use-case.js"
import { importSeason } from "../../../app/championships/import.js"
import { enterResults } from "../../../app/championships/manual.js"
import { setIracingSeason, setPointsSystem, type PointsEdit } from "../../../app/championships/scoring.js"
import { championshipTable, exportStandings } from "../../../app/championships/standings-use-cases.js"
import { addPenalty, removePenalty } from "../../../app/championships/stewarding.js"
import { championshipChoices, findChampionship } from "../../../app/events/championship-use-cases.js"
import { explainIracing } from "../../../app/iracing/errors.js"
import { refuse, type Refusal } from "../../../app/refusal.js"
import type { IracingError } from "../../iracing/index.js"
import type { AppServices } from "../handler-services.js"
import { PRESET_NAMES, PRESETS } from "../../../domain/championships/points.js"
import { canAdminister } from "../../../domain/permissions.js"
import { ModuleAccess } from "../../../app/module-access.js"
import { admin, modal, select, type ComponentRoute, dieOnDatabase, guildIdOf } from "../command.js"
import type { Subcommand } from "../subcommands.js"
import { form, later, say, update } from "../reply.js"
import { NO_EVENT, RESULTS_FIELDS, penaltyRemoveId, resultsFormId } from "./results-ids.js"
import { differencesEmbed, importSummary, penaltiesView, pointsText, resultsModal, standingsFiles, withPicture } from "./results-views.js"
import { standingsEmbed } from "./standings-view.js"
import { standingsPicture } from "./standings-picture.js"
import { StandingsPictures } from "./standings-pictures.js"

const MAX_UPLOAD_BYTES = 256 * 1024

/** iRacing's failures become the one-line explanation members already get from /sync. */
const explainingIracing = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E | IracingError, R>): Effect.Effect<A, Exclude<E, IracingError> | Refusal, R> =>
  Effect.catchAll(effect, (error) => Effect.fail(isIracingError(error) ? explainIracing(error) : (error as Exclude<E, IracingError>)))

const IRACING_TAGS = new Set(["IracingDisabled", "IracingMaintenance", "IracingRateLimited", "IracingUnavailable", "IracingAuthFailed", "IracingTimeout", "IracingBadPayload"])
const isIracingError = (error: { readonly _tag: string }): error is IracingError => IRACING_TAGS.has(error._tag)

const championshipOption = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((option) => option.setName("championship").setDescription("Start typing its name").setRequired(true).setMaxLength(100).setAutocomplete(true))

const chosen = (interaction: ChatInputCommandInteraction) =>
  Effect.flatMap(guildIdOf(interaction), (guildId) => Effect.map(findChampionship(guildId, interaction.options.getString("championship", true)), (championship) => ({ guildId, championship })))

/** Championship names for `championship`, the championship's drivers and rounds for `driver` and `round`. */
const suggest = (interaction: AutocompleteInteraction) => {
  if (!interaction.inGuild()) return Effect.succeed([])
  const focused = interaction.options.getFocused(true)
  const championshipId = interaction.options.getString("championship") ?? ""
  if (focused.name === "driver") return driverChoices(interaction.guildId, championshipId, String(focused.value))
  if (focused.name === "round") return roundChoices(interaction.guildId, championshipId, String(focused.value))
  if (focused.name === "event") return eventChoices(interaction.guildId, championshipId, String(focused.value))
  return championshipChoices(interaction.guildId, String(focused.value), { includeArchived: true })
}

const importCommand: Subcommand<AppServices> = {
  name: "import",
  description: "Import the championship's race results from its iRacing league season",
  usage: "/championship import <championship> [league_id] [season_id]",
  access: admin("championships"),
  options: (sub) =>
    championshipOption(sub)
      .addIntegerOption((o) => o.setName("league_id").setDescription("The iRacing league id (set once, remembered)").setMinValue(1))
      .addIntegerOption((o) => o.setName("season_id").setDescription("The iRacing season id (set once, remembered)").setMinValue(1)),
  autocomplete: suggest,
  run: (interaction) =>
    Effect.gen(function* () {
      const { guildId, championship } = yield* chosen(interaction)
      const leagueId = interaction.options.getInteger("league_id")
      const seasonId = interaction.options.getInteger("season_id")
      if ((leagueId === null) !== (seasonId === null)) return say("Give both the league id and the season id, or neither to use the ones already set.")
      return later(
        "private",
        Effect.gen(function* () {
          if (leagueId !== null && seasonId !== null) yield* dieOnDatabase(setIracingSeason(guildId, interaction.user.id, championship.id, leagueId, seasonId))
          const report = yield* dieOnDatabase(explainingIracing(importSeason(guildId, interaction.user.id, championship.id)))
          return say(importSummary(report))
        }),
      )
    }),
}

const resultsCommand: Subcommand<AppServices> = {
  name: "results",
  description: "Enter a round's results by hand (a form) or upload a CSV, for races not on iRacing",
  usage: "/championship results <championship> [event] [file] [round]",
  access: admin("championships"),
  options: (sub) =>
    championshipOption(sub)
      .addStringOption((o) => o.setName("event").setDescription("The championship round (event) it was: orders it and replaces its earlier results").setAutocomplete(true).setMaxLength(100))
      .addAttachmentOption((o) => o.setName("file").setDescription("A CSV: pos,driver,co-drivers,class,laps,team,status (co-drivers: Ann / Ben); no file: a form"))
      .addStringOption((o) => o.setName("round").setDescription("The round's name when uploading, e.g. Round 3 at Spa").setMaxLength(100)),
  autocomplete: suggest,
  run: (interaction) =>
    Effect.gen(function* () {
      const { guildId, championship } = yield* chosen(interaction)
      const eventId = interaction.options.getString("event")
      const event = eventId === null ? undefined : yield* findRoundEvent(guildId, championship.id, eventId)
      if (eventId !== null && event === undefined) return say("That event is not a round of this championship. Pick one from the list as you type.")
      const file = interaction.options.getAttachment("file")
      if (file === null) return form(resultsModal(championship, event))
      if (file.size > MAX_UPLOAD_BYTES) return say(`That file is ${Math.round(file.size / 1024)} KB; results fit in ${MAX_UPLOAD_BYTES / 1024} KB. Upload the CSV alone.`)
      const label = interaction.options.getString("round") ?? event?.title ?? file.name.replace(/\.[^.]+$/, "")
      return later(
        "private",
        Effect.gen(function* () {
          const text = yield* Effect.tryPromise({
            try: async () => {
              const response = await fetch(file.url)
              if (!response.ok) throw new Error(String(response.status))
              return await response.text()
            },
            catch: () => refuse("Discord did not hand over the file. Upload it again."),
          })
          const stored = yield* dieOnDatabase(enterResults(guildId, interaction.user.id, championship.id, { label, startsAt: event?.startsAt ?? interaction.createdTimestamp, eventId: event?.id ?? null, text }))
          return say(`Stored ${stored.drivers} results for **${label}**; the standings are posted to the announcement channel.`)
        }),
      )
    }),
}

const submitResults = modal(resultsFormId, admin("championships"), (interaction, { championship, event: eventId }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const label = interaction.fields.getTextInputValue(RESULTS_FIELDS.label)
    const text = interaction.fields.getTextInputValue(RESULTS_FIELDS.results)
    // The event may have been moved or removed while the form was open: its start, read now, orders the round.
    const event = eventId === NO_EVENT ? undefined : yield* findRoundEvent(guildId, championship, eventId)
    const round = { label, startsAt: event?.startsAt ?? interaction.createdTimestamp, eventId: event?.id ?? null, text }
    const stored = yield* dieOnDatabase(enterResults(guildId, interaction.user.id, championship, round))
    return say(`Stored ${stored.drivers} results for **${label.trim()}**; the standings are posted to the announcement channel.`)
  }),
)

const pointsCommand: Subcommand<AppServices> = {
  name: "points",
  description: "Set the points system: a preset, then any change (leave options out to keep them)",
  usage: "/championship points <championship> [preset] [points] [pole] [fastest_lap] [most_laps_led] [drop_worst] [minimum_laps] [minimum_percent] [class] [class_points]",
  access: admin("championships"),
  options: (sub) =>
    championshipOption(sub)
      .addStringOption((o) => o.setName("preset").setDescription("Start from a common system").addChoices(PRESET_NAMES.map((name) => ({ name: PRESETS[name].name, value: name }))))
      .addStringOption((o) => o.setName("points").setDescription("Points for P1, P2, … e.g. 25, 18, 15, 12").setMaxLength(400))
      .addNumberOption((o) => o.setName("pole").setDescription("Bonus for pole").setMinValue(0).setMaxValue(100))
      .addNumberOption((o) => o.setName("fastest_lap").setDescription("Bonus for the class's fastest lap").setMinValue(0).setMaxValue(100))
      .addNumberOption((o) => o.setName("most_laps_led").setDescription("Bonus for most laps led").setMinValue(0).setMaxValue(100))
      .addIntegerOption((o) => o.setName("drop_worst").setDescription("How many worst rounds each driver drops").setMinValue(0).setMaxValue(20))
      .addIntegerOption((o) => o.setName("minimum_laps").setDescription("Laps needed to score").setMinValue(0).setMaxValue(10_000))
      .addNumberOption((o) => o.setName("minimum_percent").setDescription("Share of the class winner's laps needed to score, %").setMinValue(0).setMaxValue(100))
      .addStringOption((o) => o.setName("class").setDescription("A class with its own points (with class_points)").setMaxLength(60))
      .addStringOption((o) => o.setName("class_points").setDescription("That class's points, e.g. 10, 8, 6 (empty: back to the main table)").setMaxLength(400)),
  autocomplete: suggest,
  run: (interaction) =>
    Effect.gen(function* () {
      const { guildId, championship } = yield* chosen(interaction)
      const o = interaction.options
      const carClass = o.getString("class")
      const edit: PointsEdit = Object.fromEntries(
        Object.entries({
          preset: o.getString("preset") ?? undefined,
          positions: o.getString("points") ?? undefined,
          pole: o.getNumber("pole") ?? undefined,
          fastestLap: o.getNumber("fastest_lap") ?? undefined,
          mostLapsLed: o.getNumber("most_laps_led") ?? undefined,
          dropWorst: o.getInteger("drop_worst") ?? undefined,
          minimumLaps: o.getInteger("minimum_laps") ?? undefined,
          minimumPercentOfWinner: o.getNumber("minimum_percent") ?? undefined,
          classTable: carClass === null ? undefined : ([carClass, o.getString("class_points") ?? ""] as const),
        }).filter(([, value]) => value !== undefined),
      )
      const saved = yield* dieOnDatabase(setPointsSystem(guildId, interaction.user.id, championship.id, edit))
      return say(`Points system of **${championship.name}**:\n${pointsText(saved.scoring.system)}`)
    }),
}

const penaltyCommand: Subcommand<AppServices> = {
  name: "penalty",
  description: "Give a driver a time or points penalty (stewards); the driver is told",
  usage: "/championship penalty <championship> <driver> <kind> <amount> <reason> [round]",
  access: admin("stewards"),
  options: (sub) =>
    championshipOption(sub)
      .addStringOption((o) => o.setName("driver").setDescription("Start typing the driver's name").setRequired(true).setAutocomplete(true).setMaxLength(100))
      .addStringOption((o) => o.setName("kind").setDescription("Seconds added to their race time, or points off their total").setRequired(true).addChoices({ name: "time (seconds)", value: "time" }, { name: "points", value: "points" }))
      .addNumberOption((o) => o.setName("amount").setDescription("Seconds or points").setRequired(true).setMinValue(1).setMaxValue(3600))
      .addStringOption((o) => o.setName("reason").setDescription("Why: the driver reads this").setRequired(true).setMaxLength(300))
      .addStringOption((o) => o.setName("round").setDescription("The race (needed for a time penalty)").setAutocomplete(true).setMaxLength(100)),
  autocomplete: suggest,
  run: (interaction) =>
    Effect.gen(function* () {
      const { guildId, championship } = yield* chosen(interaction)
      const o = interaction.options
      const kind = o.getString("kind", true) === "time" ? "time" : "points"
      const given = yield* dieOnDatabase(
        addPenalty(guildId, interaction.user.id, championship.id, { kind, driverId: o.getString("driver", true), roundId: o.getString("round"), amount: o.getNumber("amount", true), reason: o.getString("reason", true) }),
      )
      const told = given.memberId === null ? "They have no linked Discord account to tell." : `<@${given.memberId}> is told by DM.`
      return say(`Gave **${given.driver}** a ${kind === "time" ? `${o.getNumber("amount", true)}-second time` : `${o.getNumber("amount", true)}-point`} penalty${given.round === null ? "" : ` in ${given.round}`}. ${told} The standings show it now.`)
    }),
}

const penaltiesCommand: Subcommand<AppServices> = {
  name: "penalties",
  description: "The penalties given in a championship; stewards can withdraw one",
  usage: "/championship penalties <championship>",
  access: "member",
  options: championshipOption,
  autocomplete: suggest,
  run: (interaction) =>
    Effect.gen(function* () {
      const { guildId, championship } = yield* chosen(interaction)
      const table = yield* championshipTable(guildId, championship.id)
      const access = yield* ModuleAccess
      const grants = yield* Effect.orDie(access.grants(guildId))
      const actor = { userId: interaction.user.id, roleIds: interaction.inCachedGuild() ? [...interaction.member.roles.cache.keys()] : [], managesServer: interaction.memberPermissions?.has("ManageGuild") ?? false }
      return say(penaltiesView(table, canAdminister(actor, "stewards", grants)))
    }),
}

const withdraw = select(penaltyRemoveId, admin("stewards"), (interaction, { championship }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const removed = yield* dieOnDatabase(removePenalty(guildId, interaction.user.id, championship, interaction.values[0] ?? ""))
    const table = yield* championshipTable(guildId, championship)
    const view = penaltiesView(table, true)
    return update({ ...view, content: `Withdrew ${removed.driver}'s penalty; they are told.` })
  }),
)

const standingsCommand: Subcommand<AppServices> = {
  name: "standings",
  description: "The championship table per class (and team), with a picture; or as CSV (drivers, teams) or JSON",
  usage: "/championship standings <championship> [export]",
  access: "member",
  visibility: "public",
  options: (sub) =>
    championshipOption(sub).addStringOption((o) =>
      o.setName("export").setDescription("A file instead of the table").addChoices({ name: "CSV (spreadsheet)", value: "csv" }, { name: "JSON", value: "json" }),
    ),
  autocomplete: suggest,
  run: (interaction) =>
    Effect.gen(function* () {
      const { guildId, championship } = yield* chosen(interaction)
      const format = interaction.options.getString("export")
      if (format === "csv" || format === "json") {
        const files = yield* exportStandings(guildId, championship.id, format)
        return say({ content: `Standings of **${championship.name}**`, files: files.map((file) => ({ attachment: file.data, name: file.name })) }, "private")
      }
      return later(
        "public",
        Effect.gen(function* () {
          const table = yield* championshipTable(guildId, championship.id)
          const pictures = yield* StandingsPictures
          // The table still answers when the picture cannot be drawn.
          const png = table.standings.rounds.length === 0 ? undefined : yield* pictures.png(standingsPicture(table)).pipe(Effect.tapError((e) => Effect.logWarning("standings picture not drawn", { reason: e.reason })), Effect.option, Effect.map((o) => (o._tag === "Some" ? o.value : undefined)))
          return say({ embeds: [withPicture(standingsEmbed(table), png)], files: standingsFiles(png, table), allowedMentions: { parse: [] } }, "public")
        }),
      )
    }),
}

const crossCheckCommand: Subcommand<AppServices> = {
  name: "crosscheck",
  description: "Compare the standings with iRacing's own league standings",
  usage: "/championship crosscheck <championship>",
  access: admin("championships"),
  options: championshipOption,
  autocomplete: suggest,
  run: (interaction) =>
    Effect.gen(function* () {
      const { guildId, championship } = yield* chosen(interaction)
      return later(
        "private",
        Effect.gen(function* () {
          const checked = yield* dieOnDatabase(explainingIracing(crossCheckWithIracing(guildId, championship.id)))
          return say({ embeds: [differencesEmbed(checked.table, checked.differences, checked.compared, checked.teams)], allowedMentions: { parse: [] } })
        }),
      )
    }),
}

export const resultsSubcommands: ReadonlyArray<Subcommand<AppServices>> = [importCommand, resultsCommand, pointsCommand, penaltyCommand, penaltiesCommand, standingsCommand, crossCheckCommand]
export const resultsComponents: ReadonlyArray<ComponentRoute<AppServices>> = [submitResults, withdraw]
