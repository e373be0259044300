import { stringify } from "csv/sync"

/**
 * Every CSV Pitboard hands out (car numbers, race entry lists, sync findings), written one way:
 * a header row, Windows line ends, and a UTF-8 BOM so Excel reads accented names right.
 * `escape_formulas` repeats the domain's own formula guard, so a column added later cannot slip
 * a `=cmd|…` past it (a second pass changes nothing already neutralised).
 */
export const spreadsheetCsv = <Row extends object>(rows: ReadonlyArray<Row>, columns: ReadonlyArray<keyof Row & string>): Buffer =>
  Buffer.from(stringify(rows as Row[], { header: true, columns: [...columns], bom: true, escape_formulas: true, record_delimiter: "windows" }), "utf8")
