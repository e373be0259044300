import { escapeMarkdown, type APIEmbed, type APIEmbedField } from "discord.js"
import type { Claim, ClaimWarning } from "../../../domain/numbers/claims.js"
import type { StoredLink } from "../../../domain/roster/reconcile.js"
import { classById, classesContaining, describeClass, isReserved, type NumberClass } from "../../../domain/numbers/classes.js"
import type { ClaimOutcome } from "../../../app/numbers/claim-use-cases.js"
import type { NumberCheck, NumbersView } from "../../../app/numbers/queries.js"
import type { HistoryEntry } from "../../../machines/claim.js"
import { BRAND_COLOUR, EMBED_LIMITS, fitEmbed, linesToFields, truncate } from "../embeds.js"

const MAX_CONTENT = 2000
/** A Discord timestamp: each member reads it in their own time zone. */
export const ts = (ms: number, style: "R" | "d" | "f" = "R") => `<t:${Math.floor(ms / 1000)}:${style}>`

/** A pending claim and a confirmed one look different at a glance, and in words for screen readers. */
export const STATUS_ICON = { claimed: "🟡", confirmed: "✅" } as const
export const statusText = (status: Claim["status"]) =>
  status === "confirmed" ? `${STATUS_ICON.confirmed} confirmed in iRacing` : `${STATUS_ICON.claimed} pending: not yet set in iRacing`
export const STATUS_LEGEND = `${STATUS_ICON.claimed} pending (an admin still has to set it in iRacing) · ${STATUS_ICON.confirmed} confirmed in iRacing`

export const className = (classes: ReadonlyArray<NumberClass>, classId: string) => classById(classes, classId)?.name ?? "a removed class"

export const claimedText = (outcome: ClaimOutcome) =>
  truncate(
    [
      `You claimed **#${outcome.claim.number}** in ${describeClass(outcome.numberClass)}.`,
      "An admin still has to set it in iRacing; until then it shows as pending.",
      ...outcome.warnings.map((warning) => `⚠️ ${warning.message}`),
    ].join("\n"),
    MAX_CONTENT,
  )

export const releasedText = (released: { claim: Claim; numberClass?: NumberClass | undefined }) =>
  `You released **#${released.claim.number}**${released.numberClass ? ` in ${describeClass(released.numberClass)}` : ""}. It is free again.`

/** Whom roster sync matches the member to; `iracing` says whether linking is possible at all. */
export interface MineLink {
  readonly link: StoredLink | undefined
  readonly iracing: "on" | "off"
}

const linkField = ({ link, iracing }: MineLink): ReadonlyArray<APIEmbedField> => {
  if (link !== undefined) {
    return [{ name: "iRacing link", value: `${escapeMarkdown(truncate(link.iracingName, 100))} (customer ${link.custId}), linked ${ts(link.linkedAt, "d")}. To remove it: \`/number unlink\`.` }]
  }
  return iracing === "on" ? [{ name: "iRacing link", value: "None. Link your iRacing account with `/number link`, so the roster sync can confirm your numbers." }] : []
}

export const mineEmbed = (view: NumbersView, link: MineLink = { link: undefined, iracing: "off" }): APIEmbed => {
  const fields = [...linkField(link)]
  if (view.claims.length === 0) {
    return { title: "Your numbers", description: "You hold no numbers. See what is free with `/number available`, then `/number claim` one.", color: BRAND_COLOUR, fields }
  }
  const lines = view.claims.map((claim) => `**#${claim.number}** · ${className(view.classes, claim.classId)} · ${statusText(claim.status)} · since ${ts(claim.claimedAt)}`)
  return fitEmbed({ title: "Your numbers", description: truncate(lines.join("\n"), EMBED_LIMITS.description), color: BRAND_COLOUR, fields })
}

const historyLine = (entry: HistoryEntry & { readonly classId: string }, classes: ReadonlyArray<NumberClass>, showClass: boolean) => {
  const what = ((): string => {
    switch (entry.action) {
      case "claim":
        return `claimed by <@${entry.holderId}>`
      case "assign":
        return `assigned to <@${entry.holderId}> by <@${entry.actorId}>`
      case "confirm":
        return "confirmed in iRacing"
      case "unconfirm":
        return "no longer seen in iRacing"
      case "release":
        return `released by <@${entry.actorId}>`
      case "revoke":
        return `taken back from <@${entry.holderId}> by <@${entry.actorId}>`
      case "transfer":
        return `passed from <@${entry.previousHolderId ?? "?"}> to <@${entry.holderId}>`
    }
  })()
  const reason = entry.reason !== null && entry.action !== "transfer" ? `: ${entry.reason}` : ""
  return `${ts(entry.at, "d")} ${what}${reason}${showClass ? ` (${className(classes, entry.classId)})` : ""}`
}

const MAX_HISTORY_LINES = 15

/** Who holds a number, since when, its status, what it looks like, and what happened to it. */
export const checkEmbed = (check: NumberCheck): APIEmbed => {
  const { number, classes } = check
  const lines: string[] = check.holders.map(
    (claim) => `Held by <@${claim.holderId}> in **${className(classes, claim.classId)}** since ${ts(claim.claimedAt)} · ${statusText(claim.status)}`,
  )
  const heldIn = new Set(check.holders.map((claim) => claim.classId))
  for (const numberClass of classesContaining(number, classes).filter((c) => !heldIn.has(c.id))) {
    lines.push(
      isReserved(number, numberClass)
        ? `Reserved in **${numberClass.name}**: only an admin can assign it.`
        : `Free in **${numberClass.name}**: claim it with \`/number claim ${number}\`.`,
    )
  }
  if (lines.length === 0) lines.push(`#${number} is not in any class. Classes: ${classes.map(describeClass).join(", ")}.`)
  for (const alike of check.lookAlikes) {
    lines.push(`⚠️ Looks like **#${alike.number}**, held by <@${alike.holderId}> in ${className(classes, alike.classId)}.`)
  }
  const newestFirst = [...check.history].reverse()
  const shown = newestFirst.slice(0, MAX_HISTORY_LINES).map((entry) => historyLine(entry, classes, classes.length > 1))
  if (newestFirst.length > shown.length) shown.push(`…and ${newestFirst.length - shown.length} earlier entries.`)
  return fitEmbed({
    title: `#${number}`,
    description: truncate(lines.join("\n"), EMBED_LIMITS.description),
    color: BRAND_COLOUR,
    fields: shown.length === 0 ? [{ name: "History", value: "Nobody has ever held it." }] : linesToFields("History (newest first)", shown),
  })
}

export const warningLines = (warnings: ReadonlyArray<ClaimWarning>) => warnings.map((warning) => `⚠️ ${warning.message}`)

