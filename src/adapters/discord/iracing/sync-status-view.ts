import type { APIEmbed, APIEmbedField } from "discord.js"
import { IracingDisabled } from "../../iracing/index.js"
import type { SyncStatus } from "../../../app/iracing/sync.js"
import { BRAND_COLOUR, fitEmbed, truncate } from "../embeds.js"
import { ts } from "../numbers/numbers-view.js"
import { seconds } from "./sync-report-view.js"

const when = (ms: number) => `${ts(ms, "f")} (${ts(ms)})`

const COUNT_LABELS: ReadonlyArray<readonly [string, string]> = [
  ["confirmed", "confirmed"],
  ["newlyConfirmed", "newly confirmed"],
  ["unconfirmed", "back to pending"],
  ["toSet", "to set in iRacing"],
  ["extraClaims", "extra claims"],
  ["unclaimed", "unclaimed in Discord"],
  ["heldByOthers", "held here by someone else"],
  ["duplicates", "duplicate numbers"],
  ["linkedNotInLeague", "linked, not in the league"],
  ["unlinkedHolders", "holders without a link"],
]

const countsText = (summary: Readonly<Record<string, number>>) =>
  COUNT_LABELS.filter(([key]) => summary[key] !== undefined)
    .map(([key, label]) => `${label}: **${summary[key]}**`)
    .join(" · ")

const autoText = (status: SyncStatus) => {
  if (status.iracing === "off") return "Off: iRacing is off."
  if (status.leagueId === undefined) return "Off: no iRacing league is set (an admin can set it in /setup)."
  if (status.intervalMinutes === 0) return "Off: the interval is 0 (change it in /setup)."
  return status.intervalMinutes === 1 ? "Every minute." : `Every ${status.intervalMinutes} minutes.`
}

export const syncStatusEmbed = (status: SyncStatus): APIEmbed => {
  const last = status.last
  const fields: APIEmbedField[] = [
    { name: "iRacing", value: status.iracing === "on" ? "On" : new IracingDisabled().message, inline: status.iracing === "on" },
    { name: "League", value: status.leagueId === undefined ? "Not set: an admin can set it in /setup." : String(status.leagueId), inline: true },
    { name: "Automatic sync", value: autoText(status), inline: true },
    { name: "Next run", value: status.nextAt === undefined ? "None scheduled." : when(status.nextAt), inline: true },
  ]
  if (last === undefined) {
    fields.push({ name: "Last run", value: "Never. An admin can run /sync." })
  } else {
    const trigger = last.trigger === "manual" ? "run by hand" : "automatic"
    fields.push({ name: "Last run", value: `${when(last.startedAt)} · ${trigger} · took ${seconds(last.finishedAt - last.startedAt)}` })
    fields.push(
      last.outcome === "ok"
        ? { name: "Outcome", value: truncate(`✅ Succeeded. ${countsText(last.summary)}`, 1024) }
        : { name: "Outcome", value: truncate(`❌ Failed, nothing was changed: ${last.error ?? "no reason recorded"}`, 1024) },
    )
  }
  return fitEmbed({ title: "iRacing roster sync status", color: BRAND_COLOUR, fields })
}
