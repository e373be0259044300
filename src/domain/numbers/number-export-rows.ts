/**
 * Rows for `/number export`. The adapter turns them into CSV with a CSV
 * library; these functions only decide what goes in each cell.
 *
 * Every cell is text that members typed somewhere (names, nicknames), so each
 * one goes through `neutralizeFormula`: a spreadsheet opening the file would
 * otherwise run a cell like `=HYPERLINK(...)` as a formula (OWASP "CSV
 * injection").
 *
 * Spreadsheets also drop leading zeros from number-looking cells on open, so
 * 07 shows as 7 unless the column is imported as text. The rows keep the exact
 * string; the export's reply should mention importing `number` as text.
 */
import { compareNumbers } from "./car-number.js"
import type { Claim } from "./claims.js"
import { type NumberClass, classById } from "./classes.js"

/** What is known about a member outside the claim itself. */
export interface MemberLink {
  readonly memberId: string
  readonly displayName?: string | undefined
  readonly iracingId?: number | string | undefined
  readonly iracingName?: string | undefined
}

export interface ExportRow {
  readonly number: string
  readonly class: string
  readonly member: string
  readonly status: string
  readonly iracing_id: string
  readonly iracing_name: string
  readonly claimed_at: string
}

export const EXPORT_COLUMNS: ReadonlyArray<keyof ExportRow> = [
  "number",
  "class",
  "member",
  "status",
  "iracing_id",
  "iracing_name",
  "claimed_at",
]

const FORMULA_TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]

/**
 * Prefixes a `'` when a cell starts with a character spreadsheets read as a
 * formula. Applying it twice changes nothing more, since `'` is not a trigger.
 */
export const neutralizeFormula = (cell: string): string =>
  FORMULA_TRIGGERS.some((t) => cell.startsWith(t)) ? `'${cell}` : cell

// Plain code-unit order: locale-aware sorting could differ between machines.
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Sorted by class name, then number (7, 07, 8, …), so two exports of the same data are identical. */
export const exportRows = (
  claims: ReadonlyArray<Claim>,
  classes: ReadonlyArray<NumberClass>,
  links: ReadonlyArray<MemberLink> = [],
): Array<ExportRow> => {
  const linkOf = new Map(links.map((l) => [l.memberId, l]))
  const className = (claim: Claim) => classById(classes, claim.classId)?.name ?? claim.classId
  const cell = neutralizeFormula
  return [...claims]
    .sort((a, b) => byText(className(a), className(b)) || compareNumbers(a.number, b.number) || byText(a.id, b.id))
    .map((claim) => {
      const link = linkOf.get(claim.holderId)
      return {
        number: cell(claim.number),
        class: cell(className(claim)),
        member: cell(link?.displayName ?? claim.holderId),
        status: cell(claim.status),
        iracing_id: cell(link?.iracingId === undefined ? "" : String(link.iracingId)),
        iracing_name: cell(link?.iracingName ?? ""),
        claimed_at: cell(new Date(claim.claimedAt).toISOString()),
      }
    })
}
