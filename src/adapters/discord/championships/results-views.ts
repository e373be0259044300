/** What the results, points and stewarding commands answer with. */
import { ActionRowBuilder, AttachmentBuilder, escapeMarkdown, ModalBuilder, StringSelectMenuBuilder, TextInputBuilder, TextInputStyle, type APIEmbed } from "discord.js"
import type { ImportReport } from "../../../app/championships/import.js"
import type { ChampionshipTable } from "../../../app/championships/standings-use-cases.js"
import { describePenalty } from "../../../app/championships/stewarding.js"
import type { Difference, TeamDifference } from "../../../domain/championships/cross-check.js"
import { formatPointsTable, type PointsSystem } from "../../../domain/championships/points.js"
import type { StoredChampionship } from "../../../domain/events/championship-rules.js"
import { BRAND_COLOUR, fitEmbed, linesToFields, truncate } from "../embeds.js"
import { formField, withValue } from "../form-fields.js"
import { NO_EVENT, penaltyRemoveId, RESULTS_FIELDS, resultsFormId } from "./results-ids.js"

export const STANDINGS_FILE = "standings.png"

export const resultsModal = (championship: StoredChampionship, event: { readonly id: string; readonly title: string } | undefined) =>
  new ModalBuilder()
    .setCustomId(resultsFormId.encode({ championship: championship.id, event: event?.id ?? NO_EVENT }))
    .setTitle(truncate(`Results: ${championship.name}`, 45))
    .addLabelComponents(
      formField(RESULTS_FIELDS.label, "Round", "e.g. Round 3 at Spa", withValue(new TextInputBuilder().setStyle(TextInputStyle.Short).setMaxLength(100).setRequired(true), event?.title)),
      formField(
        RESULTS_FIELDS.results,
        "Results, one line per car",
        "First line: pos,driver,class,laps,status; a shared car adds co-drivers (Ann / Ben) and team",
        new TextInputBuilder()
          .setStyle(TextInputStyle.Paragraph)
          .setMaxLength(4000)
          .setRequired(true)
          .setPlaceholder("pos,driver,co-drivers,team,class,laps,status\n1,Ann,Bo / @member,Apex,GT3,20,\n2,Cy,,,GT3,8,Accident"),
      ),
    )

export const pointsText = (system: PointsSystem): string =>
  [
    `**${escapeMarkdown(system.name)}**`,
    `Points: ${system.positions.length === 0 ? "none by position" : formatPointsTable(system.positions)}${system.beyondTable > 0 ? `, then ${system.beyondTable} for every other classified finish` : ""}`,
    ...Object.entries(system.classTables).map(([carClass, table]) => `${escapeMarkdown(carClass)}: ${formatPointsTable(table)}`),
    `Bonus: pole ${system.bonus.pole}, fastest lap ${system.bonus.fastestLap}, most laps led ${system.bonus.mostLapsLed}`,
    `Worst rounds dropped: ${system.dropWorst} · classified from ${system.minimumLaps} laps and ${system.minimumPercentOfWinner}% of the class winner's`,
  ].join("\n")

export const importSummary = (report: ImportReport): string => {
  const lines = [
    report.imported.length === 0 ? "No new sessions: everything iRacing has for this season is already imported." : `Imported ${report.imported.length} session${report.imported.length === 1 ? "" : "s"}; the standings are posted to the announcement channel.`,
    ...(report.alreadyStored.length === 0 ? [] : [`Already here (unchanged): ${report.alreadyStored.length}.`]),
    ...report.failed.map((f) => `⚠️ Session ${f.subsessionId} could not be read: ${f.error.message}. Try /championship import again later.`),
  ]
  return lines.join("\n")
}

export const standingsFiles = (png: Buffer | undefined, table: ChampionshipTable) =>
  png === undefined ? [] : [new AttachmentBuilder(png, { name: STANDINGS_FILE, description: truncate(`Standings of ${table.championship.name}`, 1000) })]

export const withPicture = (embed: APIEmbed, png: Buffer | undefined): APIEmbed => (png === undefined ? embed : { ...embed, image: { url: `attachment://${STANDINGS_FILE}` } })

export const penaltiesView = (table: ChampionshipTable, canRemove: boolean) => {
  const names = new Map(table.rounds.flatMap((r) => r.results.map((x) => [x.driverId, x.name] as const)))
  const labels = new Map(table.rounds.map((r) => [r.roundId, r.label]))
  const lines = table.penalties.map((p) => {
    const round = p.roundId === null ? "" : ` · ${labels.get(p.roundId) ?? "a removed round"}`
    return `**${escapeMarkdown(names.get(p.driverId) ?? p.driverId)}**: ${describePenalty(p)}${round} — ${escapeMarkdown(truncate(p.reason, 120))} (by <@${p.stewardId}>, <t:${Math.floor(p.at / 1000)}:d>)`
  })
  const embed = fitEmbed({
    title: truncate(`Penalties: ${table.championship.name}`, 256),
    color: BRAND_COLOUR,
    description: lines.length === 0 ? "No penalties." : undefined,
    fields: linesToFields("Given", lines),
  })
  const menu =
    canRemove && table.penalties.length > 0
      ? [
          new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
            new StringSelectMenuBuilder()
              .setCustomId(penaltyRemoveId.encode({ championship: table.championship.id }))
              .setPlaceholder("Withdraw a penalty…")
              .addOptions(
                table.penalties.slice(-25).map((p) => ({ label: truncate(`${names.get(p.driverId) ?? p.driverId}: ${describePenalty(p)}`, 100), description: truncate(p.reason, 100), value: p.id })),
              ),
          ),
        ]
      : []
  return { embeds: [embed], components: menu, allowedMentions: { parse: [] as [] } }
}

/** Teams iRacing's standings were compared for: null when its team standings could not be read. */
interface TeamCheck {
  readonly differences: ReadonlyArray<TeamDifference>
  readonly compared: number
}

const differenceLine = (d: Difference | TeamDifference) => {
  const ours = d.ours === null ? "not in our table" : `P${d.ours.position} ${d.ours.total} pts (${escapeMarkdown(d.ours.carClass)})`
  const theirs = d.theirs === null ? "not in iRacing's" : `P${d.theirs.position} ${d.theirs.points} pts`
  return `**${escapeMarkdown(d.name)}**: here ${ours} · iRacing ${theirs}`
}

const teamsSentence = (teams: TeamCheck | null): string =>
  teams === null
    ? "iRacing's team standings could not be read, so teams were not compared."
    : teams.compared === 0
      ? "iRacing keeps no team standings for this season."
      : teams.differences.length === 0
        ? `All ${teams.compared} teams iRacing lists have the same points and place here.`
        : `${teams.differences.length === 1 ? "1 team differs" : `${teams.differences.length} teams differ`} from iRacing's ${teams.compared}.`

export const differencesEmbed = (table: ChampionshipTable, differences: ReadonlyArray<Difference>, compared: number, teams: TeamCheck | null): APIEmbed => {
  const teamDifferences = teams === null || teams.compared === 0 ? [] : teams.differences
  const driverDifferences = compared === 0 ? [] : differences
  const drivers =
    compared === 0
      ? "iRacing keeps no driver standings for this season (or shows them to no one), so there is nothing to compare for drivers."
      : differences.length === 0
        ? `All ${compared} drivers iRacing lists have the same points and place here.`
        : "iRacing scores with its own points system and knows nothing of penalties or rounds entered here; check these:"
  return fitEmbed({
    title: truncate(`Cross-check with iRacing: ${table.championship.name}`, 256),
    color: BRAND_COLOUR,
    description: `${drivers}\n${teamsSentence(teams)}`,
    fields: [...linesToFields("Differences", driverDifferences.map(differenceLine)), ...linesToFields("Team differences", teamDifferences.map(differenceLine))],
  })
}
