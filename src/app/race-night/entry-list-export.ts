/** `/event export`: the entry list as a spreadsheet or as JSON for other programs. */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { type EntryList, gridOf, waitlistOf } from "../../machines/race-night/entry-list.js"
import { ENTRY_EXPORT_COLUMNS, EventExport, entryExportRows, eventExport } from "../../machines/race-night/entry-list-rows.js"
import { spreadsheetCsv } from "../csv.js"
import { findEvent } from "../events/event-use-cases.js"
import { refuse } from "../refusal.js"
import { type LoadedEvent, readEntryList } from "./entries.js"

export type ExportFormat = "csv" | "json"

/** The rows are already formula-neutralised by the domain. */
export const entryListCsv = (list: EntryList, memberNames: Readonly<Record<string, string>> = {}): Buffer =>
  spreadsheetCsv(entryExportRows(list, memberNames), ENTRY_EXPORT_COLUMNS)

/** Encoded through the documented Schema, so a file that does not match README's shape is never handed out. */
export const entryListJson = (list: EntryList, options: { readonly title: string; readonly exportedAt: number; readonly memberNames?: Readonly<Record<string, string>> }): Buffer =>
  Buffer.from(`${JSON.stringify(Schema.encodeSync(EventExport)(eventExport(list, options)), null, 2)}\n`, "utf8")

/** The event an admin named, with its list; refused when nobody is on it, since an empty file helps nobody. */
export const exportableEntryList = Effect.fnUntraced(function* (guildId: string, idOrTitle: string) {
  const event = yield* findEvent(guildId, idOrTitle)
  const loaded = yield* readEntryList(guildId, event.id)
  const entrants = gridOf(loaded.list).length + waitlistOf(loaded.list).length
  if (entrants === 0) return yield* refuse(`Nobody has registered for **${event.details.details.title}** yet, so there is nothing to export.`)
  const now = yield* Clock.currentTimeMillis
  return { loaded, entrants, now }
})

export const exportFile = (loaded: LoadedEvent, format: ExportFormat, now: number, memberNames: Readonly<Record<string, string>>) => {
  const title = loaded.stored.details.details.title
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "event"
  const name = `entry-list-${slug}-${new Date(now).toISOString().slice(0, 10)}.${format}`
  const data = format === "csv" ? entryListCsv(loaded.list, memberNames) : entryListJson(loaded.list, { title, exportedAt: now, memberNames })
  return { name, data }
}
