import { escapeMarkdown, type APIEmbed, type APIEmbedField } from "discord.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import { checkInState } from "../../../domain/race-night/check-in.js"
import { type Entry, type EntryList, gridOf, waitlistOf } from "../../../machines/race-night/entry-list.js"
import { participantState } from "../../../machines/participant.js"
import { BRAND_COLOUR, EMBED_LIMITS, linesToFields, truncate } from "../embeds.js"

const CANCELLED_COLOUR = 0x868e96
/** Members type these; capped so one long name cannot crowd others off a 6000-character message. */
const NAME_MAX = 32
const TEAM_MAX = 24

export interface LiveGridInput {
  readonly title: string
  readonly list: EntryList
  readonly now: number
  readonly cancelled?: boolean
}

const pad = (n: number): string => String(n).padStart(2, "0")
const clean = (text: string, max: number): string => escapeMarkdown(truncate(text.replace(/\s+/g, " ").trim(), max))

const who = (entry: Entry): string => {
  const team = entry.registration.teamName
  return `${clean(entry.registration.fullName, NAME_MAX)}${team === null || team === "" ? "" : ` · ${clean(team, TEAM_MAX)}`}`
}
const mark = (entry: Entry): string => (entry.checkedIn ? "✅" : "⏳")
const car = (entry: Entry): string => (entry.registration.carNumber === null ? "#—" : `#${entry.registration.carNumber}`)

export const gridLine = (entry: Entry): string => `\`${pad(entry.position)}\` **${car(entry)}** ${who(entry)} ${mark(entry)}`
export const waitlistLine = (entry: Entry): string => `\`W${entry.position}\` ${car(entry)} ${who(entry)} ${mark(entry)}`

const phaseLine = (list: EntryList, now: number): string => {
  const { opensAt, closesAt, startsAt } = list.window
  switch (checkInState(list.window, now)) {
    case "not-open":
      return `Check-in opens ${discordTimestamp(opensAt, "f")} (${discordTimestamp(opensAt, "R")}).`
    case "open":
      return `🟢 Check-in is open until ${discordTimestamp(closesAt, "t")} (${discordTimestamp(closesAt, "R")}). Drivers not checked in by then lose their place to checked-in drivers on the waitlist.`
    case "closed":
      return `Check-in closed ${discordTimestamp(closesAt, "R")}. The race starts ${discordTimestamp(startsAt, "R")}.`
    case "started":
      return `🏁 The race started ${discordTimestamp(startsAt, "R")}. This is the final grid.`
  }
}

const fieldsSize = (fields: ReadonlyArray<APIEmbedField>): number => fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0)

/**
 * The largest prefix of `lines` that fits `budget` characters (with an "…and N more" line for
 * the rest), found by bisection: the packed size only grows with the number of lines shown.
 */
export const fitSection = (heading: string, lines: ReadonlyArray<string>, more: (hidden: number) => string, budget: number): APIEmbedField[] => {
  const packed = (shown: number) => linesToFields(heading, shown < lines.length ? [...lines.slice(0, shown), more(lines.length - shown)] : lines)
  if (fieldsSize(packed(lines.length)) <= budget) return packed(lines.length)
  let lo = 0
  let hi = lines.length - 1
  if (fieldsSize(packed(0)) > budget) return []
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (fieldsSize(packed(mid)) <= budget) lo = mid
    else hi = mid - 1
  }
  return packed(lo)
}

/**
 * The roster channel's message for one event: counts and the check-in phase on top, then the
 * grid, then the waitlist. Always within Discord's embed limits: with 200 entrants the lines
 * that do not fit are summed up as "…and N more" (the export has everyone).
 */
export const renderLiveGrid = (input: LiveGridInput): { content: string; embeds: APIEmbed[]; allowedMentions: { parse: [] } } => {
  const { list, now } = input
  const grid = gridOf(list)
  const waitlist = waitlistOf(list)
  const checkedIn = grid.filter((e) => e.checkedIn).length
  const noShows = list.participants.filter((p) => participantState(p) === "noShow").length
  const counts = [
    `**${grid.length}/${list.capacity}** on the grid`,
    `✅ **${checkedIn}/${grid.length}** checked in`,
    `**${waitlist.length}** on the waitlist`,
    ...(noShows > 0 ? [`${noShows} no-show${noShows === 1 ? "" : "s"}`] : []),
  ].join(" · ")
  const cancelled = input.cancelled === true
  const description = cancelled ? `**This event has been cancelled.**\n${counts}` : `${counts}\n${phaseLine(list, now)}`
  const title = truncate(`${cancelled ? "CANCELLED: " : ""}Entry list — ${input.title}`, EMBED_LIMITS.title)
  const footer = `✅ checked in · ⏳ not yet · updated automatically · event ${list.eventId}`
  const budget = EMBED_LIMITS.total - title.length - description.length - footer.length
  const gridMore = (n: number) => `…and ${n} more on the grid (see /event export)`
  const waitMore = (n: number) => `…and ${n} more waiting`
  const waitHeading = `Waitlist (${waitlist.length})`
  const gridHeading = `Grid (${grid.length}/${list.capacity})`
  const gridLines = grid.length === 0 ? ["Nobody yet: press Register on the event card."] : grid.map(gridLine)
  const waitLines = waitlist.map(waitlistLine)
  // The waitlist keeps at least its heading and count, however long the grid is.
  const waitMinimum = waitLines.length === 0 ? 0 : fieldsSize(linesToFields(waitHeading, [waitMore(waitLines.length)]))
  const gridFields = fitSection(gridHeading, gridLines, gridMore, budget - waitMinimum)
  const waitFields = waitLines.length === 0 ? [] : fitSection(waitHeading, waitLines, waitMore, budget - fieldsSize(gridFields))
  const fields = [...gridFields, ...waitFields].slice(0, EMBED_LIMITS.fields)
  return {
    content: "",
    embeds: [
      {
        title,
        description,
        color: cancelled ? CANCELLED_COLOUR : BRAND_COLOUR,
        fields,
        footer: { text: footer },
        timestamp: new Date(now).toISOString(),
      },
    ],
    allowedMentions: { parse: [] },
  }
}

/** Characters Discord counts against its 6000 limit, for tests and the bench. */
export const embedCharacters = (embeds: ReadonlyArray<APIEmbed>): number =>
  embeds.reduce((sum, e) => sum + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) + fieldsSize(e.fields ?? []), 0)
