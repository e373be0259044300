import { cpus, totalmem } from "node:os"

export interface BenchRow {
  readonly name: string
  readonly measures: Readonly<Record<string, string>>
}

export const percentile = (values: ReadonlyArray<number>, p: number): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export const machineLine = () =>
  `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`

/** A Markdown table, so a run can be pasted into an issue note as it is. */
export const renderTable = (rows: ReadonlyArray<BenchRow>): string => {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row.measures)))]
  const header = `| benchmark | ${columns.join(" | ")} |`
  const rule = `|---|${columns.map(() => "---").join("|")}|`
  const body = rows.map((row) => `| ${row.name} | ${columns.map((column) => row.measures[column] ?? "").join(" | ")} |`)
  return [header, rule, ...body].join("\n")
}
