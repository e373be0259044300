import { escapeMarkdown, roleMention, userMention, type APIEmbed } from "discord.js"
import { BRAND_COLOUR, fitEmbed, truncate } from "../embeds.js"
import type { StoredAuditEntry } from "../../../domain/audit.js"

/** Ten lines of at most ~380 characters stay well under the 4096-character description. */
export const AUDIT_PAGE_SIZE = 10
const MAX_LINE = 380
const MAX_REASON = 160

export interface AuditFilter {
  readonly memberId: string | null
  readonly number: string | null
}

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null)
const safe = (value: string) => escapeMarkdown(value)
const num = (value: string | null) => (value === null ? "a number" : `**#${safe(value)}**`)
const mention = (id: unknown) => (text(id) === null ? "someone" : userMention(String(id)))

const numberList = (value: unknown): string =>
  Array.isArray(value) ? value.slice(0, 12).map((n) => `#${safe(String(n))}`).join(", ") + (value.length > 12 ? ` and ${value.length - 12} more` : "") : "numbers"

const settingsChange = (details: Readonly<Record<string, unknown>>): string => {
  const parts: string[] = []
  if ("announcementChannelId" in details) parts.push(text(details.announcementChannelId) === null ? "announcements off" : `announcements in <#${String(details.announcementChannelId)}>`)
  if ("iracingLeagueId" in details) parts.push(details.iracingLeagueId === undefined || details.iracingLeagueId === null ? "no iRacing league" : `iRacing league ${String(details.iracingLeagueId)}`)
  if ("syncIntervalMinutes" in details) parts.push(`roster sync every ${String(details.syncIntervalMinutes)} min`)
  return parts.length === 0 ? "changed settings" : `set ${parts.join(", ")}`
}

const grantee = (entry: StoredAuditEntry) =>
  entry.details.subjectType === "role" ? roleMention(entry.subject ?? "") : userMention(entry.subject ?? "")

/** What happened, in plain words; an action this view doesn't know still shows its name. */
export const describeAction = (entry: StoredAuditEntry): string => {
  const d = entry.details
  const subject = text(entry.subject)
  const className = subject === null ? "a class" : `**${safe(subject)}**`
  switch (entry.action) {
    case "number.claim":
      return `claimed ${num(subject)}`
    case "number.assign":
      return `assigned ${num(subject)} to ${mention(d.holderId)}`
    case "number.release":
      return `released ${num(subject)}`
    case "number.revoke":
      return `took ${num(subject)} back from ${mention(d.holderId)}`
    case "number.trade.offer":
      return `offered ${num(subject)} to ${mention(d.targetId)} for ${num(text(d.targetNumber))}`
    case "number.trade.transfer":
      return `traded: ${num(subject)} went from ${mention(d.previousHolderId)} to ${mention(d.holderId)}`
    case "number.trade.decline":
      return `declined the trade of ${num(subject)} for ${num(text(d.targetNumber))}`
    case "number.trade.withdraw":
      return `withdrew the trade of ${num(subject)} for ${num(text(d.targetNumber))}`
    case "numbers.class.add":
    case "numbers.class.edit":
      return `${entry.action.endsWith("add") ? "added" : "changed"} class ${className} (${String(d.min)}–${String(d.max)}, ${String(d.limitPerMember)} per member)`
    case "numbers.class.remove":
      return `removed class ${className}`
    case "numbers.reserve":
      return `reserved ${numberList(d.numbers)} in ${className}`
    case "numbers.unreserve":
      return `released ${numberList(d.numbers)} from reserve in ${className}`
    case "settings.update":
      return settingsChange(d)
    case "permissions.grant":
      return `let ${grantee(entry)} run **${safe(String(d.module))}** admin actions`
    case "permissions.revoke":
      return `took **${safe(String(d.module))}** admin actions away from ${grantee(entry)}`
    default:
      return `${safe(entry.action)}${subject === null ? "" : ` — ${safe(subject)}`}`
  }
}

export const auditLine = (entry: StoredAuditEntry): string => {
  const reason = text(entry.details.reason)
  const because = reason === null || entry.action.startsWith("number.trade") ? "" : ` — reason: *${safe(truncate(reason, MAX_REASON))}*`
  return truncate(`<t:${Math.floor(entry.at / 1000)}:f> ${userMention(entry.actorId)} ${describeAction(entry)}${because}`, MAX_LINE)
}

const filterText = (filter: AuditFilter) =>
  [filter.memberId === null ? null : `member ${userMention(filter.memberId)}`, filter.number === null ? null : `number #${filter.number}`]
    .filter((part): part is string => part !== null)
    .join(" and ")

export const auditEmbed = (entries: ReadonlyArray<StoredAuditEntry>, total: number, filter: AuditFilter): APIEmbed => {
  const about = filterText(filter)
  const count = total === 1 ? "1 entry" : `${total} entries`
  const heading = about === "" ? `${count}, newest first.` : `${count} about ${about}, newest first.`
  const empty = about === "" ? "Nothing has been logged yet." : "Nothing logged matches this filter."
  const body = entries.length === 0 ? empty : entries.map(auditLine).join("\n")
  return fitEmbed({
    title: "Audit log",
    description: `${heading}\n\n${body}`,
    color: BRAND_COLOUR,
  })
}
