import { spreadsheetCsv } from "../../../app/csv.js"
import { neutralizeFormula } from "../../../domain/numbers/number-export-rows.js"
import type { SyncReport } from "../../../domain/roster/reconcile.js"

/** One row per finding of a sync; `discord_id` is the member's user id, empty when there is none. */
export const SYNC_CSV_COLUMNS = ["kind", "discord_id", "cust_id", "iracing_name", "number", "roster_number"] as const
export type SyncCsvRow = Record<(typeof SYNC_CSV_COLUMNS)[number], string>

export type FindingKind = "to_set" | "extra_claim" | "unclaimed" | "held_by_other" | "duplicate" | "linked_not_in_league" | "unlinked_holder"

const row = (kind: FindingKind, cells: Partial<Omit<SyncCsvRow, "kind">>): SyncCsvRow => ({
  kind,
  discord_id: neutralizeFormula(cells.discord_id ?? ""),
  cust_id: neutralizeFormula(cells.cust_id ?? ""),
  // Names come from iRacing profiles, typed by their owners: a leading "=" must not become a formula.
  iracing_name: neutralizeFormula(cells.iracing_name ?? ""),
  number: neutralizeFormula(cells.number ?? ""),
  roster_number: neutralizeFormula(cells.roster_number ?? ""),
})

/**
 * A duplicate number gives one row per roster member that shows it, so each can be fixed on its own
 * line; likewise one row per holder of a number held by someone else, and per number a member not in
 * the league holds.
 */
export const findingRows = (report: SyncReport): ReadonlyArray<SyncCsvRow> => [
  ...report.toSet.map((t) => row("to_set", { discord_id: t.memberId, cust_id: String(t.custId), iracing_name: t.iracingName, number: t.number, roster_number: t.rosterNumber ?? "" })),
  ...report.extraClaims.map((t) => row("extra_claim", { discord_id: t.memberId, cust_id: String(t.custId), iracing_name: t.iracingName, number: t.number, roster_number: t.rosterNumber ?? "" })),
  ...report.unclaimed.map((u) => row("unclaimed", { discord_id: u.memberId ?? "", cust_id: String(u.custId), iracing_name: u.iracingName, roster_number: u.rosterNumber })),
  ...report.heldByOthers.flatMap((u) =>
    u.heldBy.map((holder) => row("held_by_other", { discord_id: holder, cust_id: String(u.custId), iracing_name: u.iracingName, number: u.rosterNumber, roster_number: u.rosterNumber })),
  ),
  ...report.duplicates.flatMap((d) => d.members.map((m) => row("duplicate", { cust_id: String(m.custId), iracing_name: m.iracingName, roster_number: d.number }))),
  ...report.linkedNotInLeague.flatMap((l) =>
    (l.numbers.length === 0 ? [""] : l.numbers).map((number) => row("linked_not_in_league", { discord_id: l.memberId, cust_id: String(l.custId), iracing_name: l.iracingName, number })),
  ),
  ...report.unlinkedHolders.map((memberId) => row("unlinked_holder", { discord_id: memberId })),
]

export const syncCsv = (report: SyncReport): Buffer => spreadsheetCsv(findingRows(report) as SyncCsvRow[], SYNC_CSV_COLUMNS)
