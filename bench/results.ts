import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { StandingsPictures, StandingsPicturesLive } from "../src/adapters/discord/championships/standings-pictures.js"
import { standingsPicture } from "../src/adapters/discord/championships/standings-picture.js"
import { IracingFromSettings, loadIracingSettingsFromEnvironment } from "../src/adapters/iracing/index.js"
import { DatabaseLive } from "../src/adapters/sqlite/database.js"
import { insertChampionship } from "../src/adapters/sqlite/repositories/championships.js"
import { importSeason } from "../src/app/championships/import.js"
import { setIracingSeason } from "../src/app/championships/scoring.js"
import { championshipTable } from "../src/app/championships/standings-use-cases.js"
import { FollowUpsUndelivered } from "../src/app/follow-ups.js"
import { readQuery } from "../src/app/transaction.js"
import { generateSeason } from "../test/e2e/fake-iracing/results.js"
import { startFakeIracing } from "../test/e2e/fake-iracing/server.js"
import { percentile, type BenchRow } from "./table.js"

const GUILD = "900000000000000003"
const LEAGUE_ID = 515_151
const SEASON_ID = 77
const RENDERS = 5

/**
 * A 60-driver, 10-round season imported through the real adapter from the fake iRacing over
 * loopback HTTP (token, season_sessions, ten results/get with their S3 hops, ten transactions),
 * then its standings computed and drawn in the worker. Goal for the import: ≤ 2 s.
 */
export const benchResults = async (path: string, drivers = 60, rounds = 10): Promise<BenchRow[]> => {
  const fake = await startFakeIracing()
  fake.addSeason(generateSeason(LEAGUE_ID, SEASON_ID, drivers, rounds))
  const settings = Effect.runSync(loadIracingSettingsFromEnvironment(fake.env))
  const database = DatabaseLive(path)
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(database, IracingFromSettings(settings).pipe(Layer.provide(database)), FollowUpsUndelivered, StandingsPicturesLive(), Logger.minimumLogLevel(LogLevel.Warning)),
  )
  try {
    await runtime.runPromise(readQuery("bench.championship", (db) => insertChampionship(db, GUILD, "c1", { name: "Bench Cup", nameKey: "bench cup", description: "" }, 0)))
    await runtime.runPromise(setIracingSeason(GUILD, "bench", "c1", LEAGUE_ID, SEASON_ID))
    const t0 = performance.now()
    const report = await runtime.runPromise(importSeason(GUILD, "bench", "c1"))
    const importMs = performance.now() - t0
    if (report.imported.length !== rounds) throw new Error(`bench: imported ${report.imported.length} of ${rounds} rounds`)
    const r0 = performance.now()
    const again = await runtime.runPromise(importSeason(GUILD, "bench", "c1"))
    const reimportMs = performance.now() - r0
    if (again.imported.length !== 0) throw new Error("bench: a re-import stored something; import is not idempotent")

    // The same season into a second championship: the token is held and the code is warm, as on a running bot.
    await runtime.runPromise(readQuery("bench.championship", (db) => insertChampionship(db, GUILD, "c2", { name: "Bench Cup 2", nameKey: "bench cup 2", description: "" }, 0)))
    await runtime.runPromise(setIracingSeason(GUILD, "bench", "c2", LEAGUE_ID, SEASON_ID))
    const w0 = performance.now()
    await runtime.runPromise(importSeason(GUILD, "bench", "c2"))
    const warmImportMs = performance.now() - w0

    const s0 = performance.now()
    const table = await runtime.runPromise(championshipTable(GUILD, "c1"))
    const standingsMs = performance.now() - s0
    const pictures = await runtime.runPromise(StandingsPictures)
    const c0 = performance.now()
    const png = await runtime.runPromise(pictures.png(standingsPicture(table)))
    const coldMs = performance.now() - c0
    // Each a different table (a new title), so the cache cannot answer: the drawing itself.
    const warm: number[] = []
    for (let i = 0; i < RENDERS; i++) {
      const w0 = performance.now()
      await runtime.runPromise(pictures.png({ ...standingsPicture(table), title: `Bench Cup ${i}` }))
      warm.push(performance.now() - w0)
    }
    const h0 = performance.now()
    await runtime.runPromise(pictures.png(standingsPicture(table)))
    const cachedMs = performance.now() - h0
    return [
      {
        name: `results import, ${drivers} drivers × ${rounds} rounds (goal ≤ 2 s)`,
        measures: {
          "first run": `${importMs.toFixed(0)} ms (login, cold)`,
          "re-run p50": `${reimportMs.toFixed(0)} ms (nothing new)`,
          notes: `${report.imported.length} sessions over loopback HTTP, one transaction each; warm import into a second championship ${warmImportMs.toFixed(0)} ms; standings computed from the file in ${standingsMs.toFixed(0)} ms`,
        },
      },
      {
        name: `standings picture, ${drivers} drivers × ${rounds} rounds`,
        measures: {
          "first run": `${coldMs.toFixed(0)} ms (worker start)`,
          "re-run p50": `${percentile(warm, 50).toFixed(0)} ms`,
          notes: `drawn in the worker; ${(png.byteLength / 1024).toFixed(0)} KB PNG; cached answer ${cachedMs.toFixed(1)} ms`,
        },
      },
    ]
  } finally {
    await runtime.dispose()
    await fake.close()
  }
}
