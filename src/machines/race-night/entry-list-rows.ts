/**
 * The entry list for admins: a spreadsheet (CSV rows) and a JSON document.
 *
 * Both hold the grid then the waitlist, each in its own order, with everything a member
 * registered. The CSV cells go through `neutralizeFormula`, since names and team names are
 * typed by members and a spreadsheet would run `=…` as a formula. The JSON is data for
 * programs, not spreadsheets, so it keeps values exactly; its shape is `EventExport`.
 */
import * as Schema from "effect/Schema"
import { neutralizeFormula } from "../../domain/numbers/number-export-rows.js"
import { type Entry, type EntryList, gridOf, waitlistOf } from "./entry-list.js"
import { Platform } from "../../domain/race-night/race-settings.js"

export const ExportedEntry = Schema.Struct({
  /** 1-based, within `status`. */
  position: Schema.Int,
  status: Schema.Literal("grid", "waitlist"),
  memberId: Schema.String,
  /** The member's Discord display name when the shell knows it. */
  memberName: Schema.NullOr(Schema.String),
  fullName: Schema.String,
  platform: Platform,
  iracingCustomerId: Schema.NullOr(Schema.String),
  steamId64: Schema.NullOr(Schema.String),
  carNumber: Schema.NullOr(Schema.String),
  vehicle: Schema.String,
  team: Schema.NullOr(Schema.String),
  liveryUrl: Schema.NullOr(Schema.String),
  checkedIn: Schema.Boolean,
  /** ISO 8601, UTC. */
  registeredAt: Schema.String,
})
export type ExportedEntry = typeof ExportedEntry.Type

export const EventExport = Schema.Struct({
  format: Schema.Literal("pitboard.entry-list.v1"),
  eventId: Schema.String,
  title: Schema.String,
  startsAt: Schema.String,
  capacity: Schema.Int,
  exportedAt: Schema.String,
  grid: Schema.Array(ExportedEntry),
  waitlist: Schema.Array(ExportedEntry),
})
export type EventExport = typeof EventExport.Type

const iso = (epochMs: number): string => new Date(epochMs).toISOString()

const exported = (entry: Entry, memberNames: Readonly<Record<string, string>>): ExportedEntry => {
  const r = entry.registration
  return {
    position: entry.position,
    status: entry.status,
    memberId: entry.memberId,
    memberName: memberNames[entry.memberId] ?? null,
    fullName: r.fullName,
    platform: r.platform,
    iracingCustomerId: r.platform === "iracing" ? r.driverId : null,
    steamId64: r.platform === "steam" ? r.driverId : null,
    carNumber: r.carNumber,
    vehicle: r.vehicle,
    team: r.teamName,
    liveryUrl: r.liveryUrl,
    checkedIn: entry.checkedIn,
    registeredAt: iso(entry.registeredAt),
  }
}

export const eventExport = (
  list: EntryList,
  options: { readonly title: string; readonly exportedAt: number; readonly memberNames?: Readonly<Record<string, string>> },
): EventExport => {
  const names = options.memberNames ?? {}
  return {
    format: "pitboard.entry-list.v1",
    eventId: list.eventId,
    title: options.title,
    startsAt: iso(list.window.startsAt),
    capacity: list.capacity,
    exportedAt: iso(options.exportedAt),
    grid: gridOf(list).map((e) => exported(e, names)),
    waitlist: waitlistOf(list).map((e) => exported(e, names)),
  }
}

export interface EntryExportRow {
  readonly position: string
  readonly status: string
  readonly member: string
  readonly full_name: string
  readonly iracing_id: string
  readonly steam_id: string
  readonly car_number: string
  readonly vehicle: string
  readonly team: string
  readonly livery_url: string
  readonly checked_in: string
  readonly registered_at: string
}

export const ENTRY_EXPORT_COLUMNS: ReadonlyArray<keyof EntryExportRow> = [
  "position",
  "status",
  "member",
  "full_name",
  "iracing_id",
  "steam_id",
  "car_number",
  "vehicle",
  "team",
  "livery_url",
  "checked_in",
  "registered_at",
]

/** One row per entry, grid first. Car numbers stay strings ("07"); import that column as text. */
export const entryExportRows = (list: EntryList, memberNames: Readonly<Record<string, string>> = {}): Array<EntryExportRow> => {
  const doc = eventExport(list, { title: "", exportedAt: 0, memberNames })
  const cell = neutralizeFormula
  return [...doc.grid, ...doc.waitlist].map((e) => ({
    position: cell(String(e.position)),
    status: cell(e.status),
    member: cell(e.memberName ?? e.memberId),
    full_name: cell(e.fullName),
    iracing_id: cell(e.iracingCustomerId ?? ""),
    steam_id: cell(e.steamId64 ?? ""),
    car_number: cell(e.carNumber ?? ""),
    vehicle: cell(e.vehicle),
    team: cell(e.team ?? ""),
    livery_url: cell(e.liveryUrl ?? ""),
    checked_in: cell(e.checkedIn ? "yes" : "no"),
    registered_at: cell(e.registeredAt),
  }))
}
