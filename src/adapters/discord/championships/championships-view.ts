import { escapeMarkdown, ModalBuilder, TextInputBuilder, TextInputStyle, type APIEmbed } from "discord.js"
import type { ChampionshipRounds, ChampionshipSummary } from "../../../app/events/championship-use-cases.js"
import { CHAMPIONSHIP_DESCRIPTION_MAX, CHAMPIONSHIP_NAME_MAX, type RoundStatus, type StoredChampionship } from "../../../domain/events/championship-rules.js"
import { CHAMPIONSHIP_FIELDS, championshipFormId, championshipListId, NEW_CHAMPIONSHIP } from "./championship-ids.js"
import { BRAND_COLOUR, fitEmbed, linesToFields, truncate } from "../embeds.js"
import { pagerRow } from "../pager.js"
import { formField, withValue } from "../form-fields.js"

const MODAL_TITLE_MAX = 45
const ROUND_TITLE_MAX = 80
const LIST_DESCRIPTION_MAX = 120

const seconds = (ms: number) => Math.floor(ms / 1000)
const safe = (text: string) => escapeMarkdown(text)


export const championshipModal = (existing: StoredChampionship | null) =>
  new ModalBuilder()
    .setCustomId(championshipFormId.encode({ championship: existing?.id ?? NEW_CHAMPIONSHIP }))
    .setTitle(truncate(existing === null ? "Create a championship" : `Edit ${existing.name}`, MODAL_TITLE_MAX))
    .addLabelComponents(
      formField(CHAMPIONSHIP_FIELDS.name, "Name", "e.g. GT3 Sprint Cup 2026", withValue(new TextInputBuilder().setStyle(TextInputStyle.Short).setMaxLength(CHAMPIONSHIP_NAME_MAX).setRequired(true), existing?.name)),
      formField(CHAMPIONSHIP_FIELDS.description, "Description", "Format, points, anything drivers should know (optional)", withValue(new TextInputBuilder().setStyle(TextInputStyle.Paragraph).setMaxLength(CHAMPIONSHIP_DESCRIPTION_MAX).setRequired(false), existing?.description)),
    )

const STATUS: Record<RoundStatus, string> = {
  upcoming: "🗓️ upcoming",
  "in progress": "🏁 in progress",
  finished: "✅ finished",
  cancelled: "❌ cancelled",
}

export const championshipEmbed = (championship: StoredChampionship): APIEmbed =>
  fitEmbed({
    title: championship.archived ? `${championship.name} (archived)` : championship.name,
    color: BRAND_COLOUR,
    ...(championship.description === "" ? {} : { description: safe(championship.description) }),
  })

const roundLine = (round: ChampionshipRounds["rounds"][number]) => {
  const title = safe(truncate(round.title, ROUND_TITLE_MAX))
  const shown = round.roundStatus === "cancelled" ? `~~${title}~~` : `**${title}**`
  const where = round.track === null ? "" : ` at ${safe(round.track)}`
  return `**Round ${round.round}** · <t:${seconds(round.startsAt)}:f> (<t:${seconds(round.startsAt)}:R>) · ${shown}${where} · ${STATUS[round.roundStatus]}`
}

/** The season at a glance: every round in start order, with what became of it. */
export const roundsEmbed = ({ championship, rounds }: ChampionshipRounds): APIEmbed => {
  const counts = (status: RoundStatus) => rounds.filter((round) => round.roundStatus === status).length
  const summary =
    rounds.length === 0
      ? "No rounds yet. An event joins this championship at the wizard's championship step, or through /event manage."
      : `${rounds.length === 1 ? "1 round" : `${rounds.length} rounds`}: ${counts("finished")} finished, ${counts("upcoming") + counts("in progress")} to go${counts("cancelled") === 0 ? "" : `, ${counts("cancelled")} cancelled`}.`
  const description = [championship.description === "" ? null : safe(championship.description), summary].filter((part): part is string => part !== null).join("\n\n")
  return fitEmbed({
    title: championship.archived ? `${championship.name} (archived)` : championship.name,
    description,
    color: BRAND_COLOUR,
    fields: linesToFields("Rounds", rounds.map(roundLine)),
  })
}

const listLine = ({ championship, rounds, next }: ChampionshipSummary) => {
  const name = `**${safe(championship.name)}**${championship.archived ? " *(archived)*" : ""}`
  const count = rounds === 0 ? "no rounds yet" : rounds === 1 ? "1 round" : `${rounds} rounds`
  const upcoming = next === undefined ? "" : ` · next <t:${seconds(next.startsAt)}:R>`
  const about = championship.description === "" ? "" : `\n  ${safe(truncate(championship.description.replace(/\s+/g, " "), LIST_DESCRIPTION_MAX))}`
  return `${name} · ${count}${upcoming}${about}`
}

export interface ChampionshipListPage {
  readonly entries: ReadonlyArray<ChampionshipSummary>
  readonly total: number
  readonly active: number
  readonly page: number
  readonly pageCount: number
}

export const championshipListView = ({ entries, total, active, page, pageCount }: ChampionshipListPage) => {
  const archived = total - active
  const embed = fitEmbed({
    title: "Championships",
    description: total === 0 ? "No championships yet. An admin creates one with `/championship create`." : entries.map(listLine).join("\n"),
    color: BRAND_COLOUR,
    footer: { text: `${active} active${archived === 0 ? "" : `, ${archived} archived`} · page ${page + 1} of ${pageCount}` },
  })
  const idFor = (via: "go" | "at") => (target: number) => championshipListId.encode({ via, page: target })
  const components = pageCount > 1 ? [pagerRow(page, pageCount, idFor("go"), idFor("at")(page))] : []
  return { embeds: [embed], components, allowedMentions: { parse: [] as [] } }
}
