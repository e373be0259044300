import { escapeMarkdown, roleMention, userMention } from "discord.js"
import { describeRuns } from "../../../domain/numbers/availability.js"
import { numericValue, type CarNumber } from "../../../domain/numbers/car-number.js"
import type { Claim } from "../../../domain/numbers/claims.js"
import { DEFAULT_CLASS, type NumberClass } from "../../../domain/numbers/classes.js"
import type { ModuleGrant } from "../../../domain/permissions.js"
import type { GuildSettings } from "../../../domain/server-settings.js"
import { truncate } from "../embeds.js"

/**
 * "1, 07, 10–19": runs of plain numbers are compressed; a number with leading zeros is its own
 * number (07 is not 7), so it is listed as written rather than folded into a run.
 */
export const compactNumbers = (numbers: ReadonlyArray<CarNumber>): string => {
  const plain = numbers.filter((n) => String(numericValue(n)) === n)
  const runs = describeRuns(plain)
    .split(", ")
    .filter((run) => run !== "")
    .map((run) => ({ at: Number.parseInt(run, 10), padded: 0, text: run }))
  const padded = numbers.filter((n) => String(numericValue(n)) !== n).map((n) => ({ at: numericValue(n), padded: 1, text: n }))
  // In number order, 7 before 07, as the domain sorts them.
  return [...runs, ...padded]
    .sort((a, b) => a.at - b.at || a.padded - b.padded || a.text.length - b.text.length)
    .map((part) => part.text)
    .join(", ")
}

/** The classes an admin defined; the built-in "Open 0–999" stands in only while there are none. */
export const storedClasses = (classes: ReadonlyArray<NumberClass>) => classes.filter((c) => c.id !== DEFAULT_CLASS.id)

export const className = (c: NumberClass) => escapeMarkdown(c.name)

/** "**GT3** 1–199 · 1 per member · reserved 1, 07, 10–19 · 4 held (1 not yet in iRacing)" */
export const classLine = (c: NumberClass, claims: ReadonlyArray<Claim>): string => {
  const held = claims.filter((claim) => claim.classId === c.id)
  const waiting = held.filter((claim) => claim.status === "claimed").length
  const reserved = c.reserved.length === 0 ? "nothing reserved" : `reserved ${truncate(compactNumbers(c.reserved), 300)}`
  const heldText = held.length === 0 ? "none held" : `${held.length} held${waiting > 0 ? ` (${waiting} not yet in iRacing)` : ""}`
  return `**${className(c)}** ${c.min}–${c.max} · ${c.limitPerMember} per member · ${reserved} · ${heldText}`
}

export const classLines = (classes: ReadonlyArray<NumberClass>, claims: ReadonlyArray<Claim>): string[] => {
  const own = storedClasses(classes)
  if (own.length === 0) return [`None yet: members claim from **Open** ${DEFAULT_CLASS.min}–${DEFAULT_CLASS.max}, one each. ${claims.length} held.`]
  return own.map((c) => classLine(c, claims))
}

export const numbersGrants = (grants: ReadonlyArray<ModuleGrant>) => grants.filter((grant) => grant.module === "numbers")

export const adminsText = (grants: ReadonlyArray<ModuleGrant>): string => {
  const holders = numbersGrants(grants).map((grant) => (grant.subjectType === "role" ? roleMention(grant.subjectId) : userMention(grant.subjectId)))
  const managers = "Members with Manage Server always can."
  return holders.length === 0 ? `Only server managers. ${managers}` : `${truncate(holders.join(", "), 900)}\n${managers}`
}

export const channelText = (settings: GuildSettings): string =>
  settings.announcementChannelId === undefined ? "Not set: claims and releases are not announced." : `<#${settings.announcementChannelId}>`

export const leagueText = (settings: GuildSettings): string =>
  settings.iracingLeagueId === undefined ? "Not set (roster sync needs it)." : `League ${settings.iracingLeagueId}`
