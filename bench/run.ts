import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { benchClaims } from "./numbers.js"
import { benchSync } from "./sync.js"
import { machineLine, renderTable, type BenchRow } from "./table.js"

/**
 * `npm run bench`: speed measured, never asserted. Each benchmark uses a fresh SQLite file in a
 * temp folder (WAL, as in production). Later areas add their rows to `suites`.
 */
const folder = mkdtempSync(join(tmpdir(), "pitboard-bench-"))
const fresh = (() => {
  let n = 0
  return () => join(folder, `bench-${n++}.sqlite`)
})()

const suites: Array<() => Promise<BenchRow | BenchRow[]>> = [
  () => benchClaims(fresh(), 1, 300),
  () => benchClaims(fresh(), 200, 5),
  ...(await import("./events.js")).eventSuites(fresh),
  () => benchSync(fresh()),
  async () => (await import("./race-night-burst.js")).benchRegistrationBurst(fresh()),
  async () => (await import("./race-night-grid.js")).benchGridRender(),
  async () => (await import("./pictures.js")).benchPictures(),
  async () => (await import("./results.js")).benchResults(fresh()),
  async () => (await import("./claims-raw.js")).benchClaimsOverRawSqlite(fresh),
  async () => (await import("./bursts.js")).benchClaimBursts(folder),
  ...(await import("./startup.js")).startupSuites(),
  async () => (await import("./postgres.js")).benchPostgres(fresh),
]

try {
  const rows: BenchRow[] = []
  for (const suite of suites) rows.push(...[await suite()].flat())
  console.log(`Pitboard benchmarks — ${new Date().toISOString()}\nMachine: ${machineLine()}\n`)
  console.log(renderTable(rows))
} finally {
  rmSync(folder, { recursive: true, force: true })
}
