/** The standings as an embed: per class, the top of the table with each driver's total and wins. */
import { escapeMarkdown, userMention, type APIEmbed } from "discord.js"
import type { ChampionshipTable } from "../../../app/championships/standings-use-cases.js"
import { BRAND_COLOUR, fitEmbed, linesToFields, truncate } from "../embeds.js"

/** 25 fields fit; the picture and the export carry the full table. */
const ROWS_PER_CLASS = 20

/** A member entered by mention has no other name than the mention itself: show it once. */
const driverLabel = (driver: { readonly name: string; readonly memberId: string | null }) =>
  driver.memberId === null ? escapeMarkdown(driver.name) : driver.name === userMention(driver.memberId) ? driver.name : `${userMention(driver.memberId)} (${escapeMarkdown(driver.name)})`

export const standingsEmbed = (table: ChampionshipTable, heading = "Standings"): APIEmbed => {
  const { standings } = table
  const latest = standings.rounds.at(-1)
  const fields = standings.classes.flatMap((ofClass) => {
    const drivers = ofClass.drivers.slice(0, ROWS_PER_CLASS).map((d) => `**${d.position}.** ${driverLabel(d)} — **${d.total}** pts${d.wins > 0 ? ` · ${d.wins} win${d.wins === 1 ? "" : "s"}` : ""}${d.penaltyPoints > 0 ? ` · −${d.penaltyPoints} penalty` : ""}`)
    const more = ofClass.drivers.length > ROWS_PER_CLASS ? [`… and ${ofClass.drivers.length - ROWS_PER_CLASS} more (see the picture or /championship standings export)`] : []
    // Team names come from iRacing or a CSV as typed: escaped like drivers' names.
    const teams = ofClass.teams.slice(0, 10).map((t) => `**${t.position}.** ${escapeMarkdown(t.team)} — **${t.total}** pts`)
    return [...linesToFields(ofClass.carClass, [...drivers, ...more]), ...(teams.length === 0 ? [] : linesToFields(`${ofClass.carClass} teams`, teams))]
  })
  return fitEmbed({
    title: truncate(`${heading}: ${table.championship.name}`, 256),
    color: BRAND_COLOUR,
    description:
      standings.rounds.length === 0
        ? "No results yet. Import them with /championship import, or enter them with /championship results."
        : `After ${standings.rounds.length} round${standings.rounds.length === 1 ? "" : "s"}${latest === undefined ? "" : ` (latest: ${truncate(latest.label, 100)})`} · ${truncate(table.system.name, 100)}${table.system.dropWorst > 0 ? ` · worst ${table.system.dropWorst} dropped` : ""}`,
    fields,
  })
}
