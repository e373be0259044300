import { escapeMarkdown, type APIEmbed, type APIEmbedField } from "discord.js"
import { IracingDisabled } from "../../iracing/index.js"
import type { ServerStatus } from "../../../app/status.js"
import { BRAND_COLOUR, fitEmbed, truncate } from "../embeds.js"
import { ts } from "../numbers/numbers-view.js"

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export const duration = (ms: number): string => {
  if (ms < MINUTE) return `${Math.max(0, Math.floor(ms / 1000))} s`
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ${Math.floor((ms % HOUR) / MINUTE)} min`
  return `${Math.floor(ms / DAY)} d ${Math.floor((ms % DAY) / HOUR)} h`
}

export const size = (bytes: number): string =>
  bytes < 1_000_000 ? `${Math.ceil(bytes / 1000)} kB` : bytes < 1_000_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${(bytes / 1_000_000_000).toFixed(2)} GB`

const code = (text: string) => `\`${text.replaceAll("`", "'")}\``

const gatewayText = ({ gateway }: ServerStatus) =>
  gateway.connected ? `Connected · heartbeat ${gateway.pingMs === undefined ? "not measured yet" : `${Math.round(gateway.pingMs)} ms`}` : `Not connected (${gateway.state})`

const databaseText = ({ database }: ServerStatus) =>
  database === undefined
    ? "In memory: nothing is kept after a restart."
    : `${size(database.fileBytes + database.walBytes)} (file ${size(database.fileBytes)} + write-ahead log ${size(database.walBytes)})\n${code(database.path)}`

const backupText = ({ lastBackup }: ServerStatus) => {
  if (lastBackup === undefined) return "None recorded. On the bot's machine, run `npm run backup -- <file>` (see *Back up and restore* in the README)."
  const how = lastBackup.by === "before-migrating" ? "the copy made before an upgrade" : "npm run backup"
  return `${ts(lastBackup.at, "f")} (${ts(lastBackup.at)}) · ${how} · ${size(lastBackup.bytes)}\n${code(lastBackup.path)}`
}

const backlogText = ({ backlog }: ServerStatus) => {
  const waiting =
    backlog.pending === 0
      ? "Nothing waiting."
      : `Waiting: **${backlog.pending}** (${backlog.retrying} after a failed try)${backlog.oldestPendingAt === null ? "" : ` · the oldest since ${ts(backlog.oldestPendingAt)}`}`
  return `${waiting}\nGiven up in the last 24 h: **${backlog.givenUpRecently}**`
}

const giveUpsText = ({ giveUps }: ServerStatus) =>
  giveUps.map((giveUp) => `${ts(giveUp.at)} · ${giveUp.kind}: ${truncate(escapeMarkdown(giveUp.reason), 300)}`).join("\n")

const iracingText = ({ sync }: ServerStatus) => {
  if (sync.iracing === "off") return new IracingDisabled().message
  const league = sync.leagueId === undefined ? "no league set (see /setup)" : `league ${sync.leagueId}`
  const last = sync.last
  const lastRun =
    last === undefined
      ? "never synced"
      : last.outcome === "ok"
        ? `last sync ${ts(last.finishedAt)} ✅ succeeded`
        : `last sync ${ts(last.finishedAt)} ❌ failed: ${truncate(escapeMarkdown(last.error ?? "no reason recorded"), 300)}`
  return `On · ${league} · ${lastRun}`
}

/** One private embed: the bot's own health first, then what concerns this server. */
export const statusEmbed = (status: ServerStatus): APIEmbed => {
  const fields: APIEmbedField[] = [
    { name: "Discord gateway", value: gatewayText(status), inline: true },
    { name: "Database", value: databaseText(status) },
    { name: "Last backup", value: backupText(status) },
    { name: "Follow-ups in this server", value: backlogText(status) },
    ...(status.giveUps.length === 0 ? [] : [{ name: "Latest given up", value: truncate(giveUpsText(status), 1024) }]),
    { name: "iRacing", value: truncate(iracingText(status), 1024) },
  ]
  return fitEmbed({
    title: "Pitboard status",
    description: `Pitboard **${escapeMarkdown(status.version)}** · up ${duration(status.now - status.startedAt)} (since ${ts(status.startedAt, "f")})`,
    color: BRAND_COLOUR,
    fields,
  })
}
