import { ActionRowBuilder, ButtonBuilder, ButtonStyle, escapeMarkdown, type APIEmbed } from "discord.js"
import type { SyncReport } from "../../../domain/roster/reconcile.js"
import { syncCsvId, syncPageId } from "./sync-ids.js"
import { BRAND_COLOUR, fitEmbed, truncate } from "../embeds.js"
import { ts } from "../numbers/numbers-view.js"
import { clampPage, pagerRow } from "../pager.js"

/** What the summary shows; league and roster size are only known right after the run. */
export interface SyncSummary {
  readonly report: SyncReport
  readonly durationMs: number
  readonly finishedAt: number
  readonly league?: { readonly leagueId: number; readonly leagueName: string } | undefined
  readonly rosterSize?: number | undefined
}

// A page stays well inside the 4096 of a description, and with the summary inside 6000 per message.
const PAGE_LINES = 25
const PAGE_CHARS = 3_400
const LINE_CHARS = 300

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

export const summaryEmbed = ({ report, durationMs, finishedAt, league, rosterSize }: SyncSummary): APIEmbed => {
  const where = league === undefined ? "" : `League **${escapeMarkdown(truncate(league.leagueName, 100))}** (${league.leagueId}) · `
  const size = rosterSize === undefined ? "" : `${rosterSize} on the roster · `
  return fitEmbed({
    title: truncate(league === undefined ? "iRacing roster sync" : `iRacing roster sync: ${league.leagueName}`, 256),
    color: BRAND_COLOUR,
    description: [
      `${where}${size}took ${seconds(durationMs)} · ${ts(finishedAt)}`,
      "",
      `✅ **${report.confirmedCount}** confirmed: the roster shows the claimed number (${report.plan.confirm.length} newly)`,
      `↩️ **${report.plan.unconfirm.length}** no longer shown in iRacing: back to pending`,
      `✏️ **${report.toSet.length}** to set in iRacing`,
      `➕ **${report.extraClaims.length}** extra claims: iRacing shows one number per driver`,
      `❔ **${report.unclaimed.length}** roster numbers nobody claimed in Discord`,
      `⚔️ **${report.heldByOthers.length}** roster numbers held here by someone else`,
      `⚠️ **${report.duplicates.length}** numbers used more than once in the roster`,
      `🔗 **${report.linkedNotInLeague.length}** linked members not in the league`,
      `🚫 **${report.unlinkedHolders.length}** members hold numbers without an iRacing link`,
    ].join("\n"),
    footer: { text: "iRacing has no write API: set numbers on the league's Roster page (Preferred Number column), then run /sync again." },
  })
}

interface Section {
  readonly title: string
  readonly intro?: string
  /** Code blocks copy cleanly and show names exactly as iRacing spells them. */
  readonly code: boolean
  readonly lines: ReadonlyArray<string>
}

const name = (text: string) => escapeMarkdown(truncate(text, 60))
// A backtick would close the code block early; the name stays recognisable without it.
const plain = (text: string) => truncate(text.replaceAll("`", "'"), 60)
const shown = (rosterNumber: string | null) => (rosterNumber === null ? "no number" : `#${rosterNumber}`)

const sectionsOf = (report: SyncReport): ReadonlyArray<Section> => [
  {
    title: "To set in iRacing",
    intro: "My Leagues → your league → Roster → **Preferred Number**. One line per driver:",
    code: true,
    lines: report.toSet.map((t) => `${plain(t.iracingName)} (${t.custId}): set preferred number to ${t.number} (now: ${t.rosterNumber ?? "none"})`),
  },
  {
    title: "Extra claims",
    intro: "These members hold more than one number; iRacing shows one per driver, so these cannot be confirmed.",
    code: false,
    lines: report.extraClaims.map((t) => `<@${t.memberId}> **#${t.number}** · ${name(t.iracingName)} (${t.custId}) shows ${shown(t.rosterNumber)}`),
  },
  {
    title: "Unclaimed in Discord",
    intro: "The roster shows these numbers, but nobody claimed them here.",
    code: false,
    lines: report.unclaimed.map((u) => `**#${u.rosterNumber}** · ${name(u.iracingName)} (${u.custId}) · ${u.memberId === null ? "no Discord link" : `linked to <@${u.memberId}>`}`),
  },
  {
    title: "Held here by someone else",
    intro: "The roster shows these numbers on a driver, but another member holds them here. Change the driver's number in iRacing, or, if the holder is that driver, link them with /number link.",
    code: false,
    lines: report.heldByOthers.map((u) => `**#${u.rosterNumber}** · ${name(u.iracingName)} (${u.custId}) · held here by ${u.heldBy.map((id) => `<@${id}>`).join(", ")}`),
  },
  {
    title: "Duplicate numbers in the roster",
    intro: "iRacing allows the same number twice; Pitboard doesn't.",
    code: false,
    lines: report.duplicates.map((d) => `**#${d.number}** ×${d.members.length}: ${d.members.map((m) => `${name(m.iracingName)} (${m.custId})`).join(", ")}`),
  },
  {
    title: "Linked members not in the league",
    intro:
      "Their iRacing driver is not on the league roster, so there is no number to set for them yet. Invite them to the league on iRacing (or ask them to apply to join), then run /sync again. If the link names the wrong driver, they can /number link again.",
    code: false,
    lines: report.linkedNotInLeague.map((l) => `<@${l.memberId}> → ${name(l.iracingName)} (${l.custId})${l.numbers.length === 0 ? "" : ` · holds ${[...new Set(l.numbers)].map((n) => `#${n}`).join(", ")} here`}`),
  },
  {
    title: "Holding numbers without an iRacing link",
    intro: "They (or an admin) can link with /number link.",
    code: false,
    lines: report.unlinkedHolders.map((memberId) => `<@${memberId}>`),
  },
]

const pageEmbed = (section: Section, lines: ReadonlyArray<string>, from: number): APIEmbed => {
  const body = section.code ? `\`\`\`\n${lines.join("\n")}\n\`\`\`` : lines.join("\n")
  const range = section.lines.length <= lines.length ? `${section.lines.length}` : `${from + 1}–${from + lines.length} of ${section.lines.length}`
  return fitEmbed({ title: `${section.title} (${range})`, description: section.intro === undefined ? body : `${section.intro}\n${body}`, color: BRAND_COLOUR })
}

/** Every page of findings, in a fixed order: the same report always pages the same way. */
export const reportPages = (report: SyncReport): ReadonlyArray<APIEmbed> => {
  const pages: APIEmbed[] = []
  for (const section of sectionsOf(report)) {
    let chunk: string[] = []
    let size = 0
    let from = 0
    for (const raw of section.lines) {
      const line = truncate(raw, LINE_CHARS)
      if (chunk.length === PAGE_LINES || size + line.length + 1 > PAGE_CHARS) {
        pages.push(pageEmbed(section, chunk, from))
        from += chunk.length
        chunk = []
        size = 0
      }
      chunk.push(line)
      size += line.length + 1
    }
    if (chunk.length > 0) pages.push(pageEmbed(section, chunk, from))
  }
  return pages.length > 0 ? pages : [{ title: "Nothing to do", description: "Every claim matches the league roster.", color: BRAND_COLOUR }]
}

export const findingCount = (report: SyncReport) =>
  report.toSet.length + report.extraClaims.length + report.unclaimed.length + report.heldByOthers.length + report.duplicates.length + report.linkedNotInLeague.length + report.unlinkedHolders.length

/** The summary stays on top; `page` (clamped) of the findings below it, with Previous/Next and the CSV button. */
export const reportPayload = (summary: APIEmbed, report: SyncReport, runId: number, page: number) => {
  const pages = reportPages(report)
  const at = clampPage(page, pages.length)
  const components: Array<ActionRowBuilder<ButtonBuilder>> = []
  if (pages.length > 1) {
    const idFor = (target: number) => syncPageId.encode({ via: target < at ? "prev" : "next", run: runId, page: target })
    components.push(pagerRow(at, pages.length, idFor, syncPageId.encode({ via: "at", run: runId, page: at })))
  }
  if (findingCount(report) > 0) {
    components.push(
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId(syncCsvId.encode({ run: runId })).setLabel("Download CSV").setEmoji("📄").setStyle(ButtonStyle.Primary),
      ),
    )
  }
  return { embeds: [summary, pages[at]!], components, allowedMentions: { parse: [] as [] } }
}
