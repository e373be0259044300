/**
 * `npm run coverage:unit`'s last step: the json-summary vitest wrote, added up per feature folder of
 * src/adapters/discord (the files at its top, the shared machinery, count as "(shared)"), as a
 * Markdown table. Statements and lines: how much of each folder the unit tests alone run.
 */
import { readFileSync } from "node:fs"
import { relative, resolve } from "node:path"

interface Counts {
  readonly total: number
  readonly covered: number
}
type Summary = Record<string, { readonly statements: Counts; readonly lines: Counts }>

const ROOT = resolve(import.meta.dirname, "../..")
const ADAPTER = "src/adapters/discord/"

const summaryPath = process.argv[2] ?? "coverage/unit/coverage-summary.json"
const summary = JSON.parse(readFileSync(summaryPath, "utf8")) as Summary

const folders = new Map<string, { statements: { total: number; covered: number }; lines: { total: number; covered: number } }>()
for (const [file, counts] of Object.entries(summary)) {
  if (file === "total") continue
  const path = relative(ROOT, file)
  if (!path.startsWith(ADAPTER)) continue
  const rest = path.slice(ADAPTER.length).split("/")
  const folder = rest.length > 1 ? `${rest[0]}/` : "(shared)"
  const sum = folders.get(folder) ?? { statements: { total: 0, covered: 0 }, lines: { total: 0, covered: 0 } }
  sum.statements.total += counts.statements.total
  sum.statements.covered += counts.statements.covered
  sum.lines.total += counts.lines.total
  sum.lines.covered += counts.lines.covered
  folders.set(folder, sum)
}

const percent = ({ total, covered }: Counts) => (total === 0 ? "—" : `${((100 * covered) / total).toFixed(1)}%`)
const row = (name: string, s: Counts, l: Counts) => `| ${name} | ${percent(s)} (${s.covered}/${s.total}) | ${percent(l)} (${l.covered}/${l.total}) |`

const lines = ["| src/adapters/discord | statements | lines |", "|---|---|---|"]
for (const [folder, sum] of [...folders].sort(([a], [b]) => a.localeCompare(b))) lines.push(row(folder, sum.statements, sum.lines))
const total = summary.total
if (total !== undefined) lines.push(row("**all**", total.statements, total.lines))
process.stdout.write(`\n${lines.join("\n")}\n`)
