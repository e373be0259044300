import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { IracingFromSettings, loadIracingSettingsFromEnvironment } from "../src/adapters/iracing/index.js"
import { Database, DatabaseLive } from "../src/adapters/sqlite/database.js"
import { saveLink } from "../src/adapters/sqlite/repositories/member-links.js"
import { FollowUpsUndelivered } from "../src/app/follow-ups.js"
import { runSync } from "../src/app/iracing/sync.js"
import { saveClaimStep } from "../src/app/numbers/claim-use-cases.js"
import { saveClass, updateSettings } from "../src/app/numbers/setup.js"
import { ModuleAccessLive } from "../src/app/module-access.js"
import { unsafeCarNumber } from "../src/domain/numbers/car-number.js"
import { isEmptyPlan } from "../src/domain/roster/reconcile.js"
import { applyClaimEvent } from "../src/machines/claim.js"
import { generateLeague } from "../test/e2e/fake-iracing/fixtures.js"
import { startFakeIracing } from "../test/e2e/fake-iracing/server.js"
import { percentile, type BenchRow } from "./table.js"

const GUILD = "900000000000000002"
const LEAGUE_ID = 424_242
const RERUNS = 3

/** Every number string a class of 0–999 allows, plain ones first, for handing out free numbers. */
const allNumbers = [
  ...Array.from({ length: 1000 }, (_, n) => String(n)),
  ...Array.from({ length: 10 }, (_, n) => `0${n}`),
  ...Array.from({ length: 100 }, (_, n) => `0${String(n).padStart(2, "0")}`),
]

/**
 * Each roster member is linked and holds one number: the one the roster shows when it is still
 * free in one of two classes (those confirm), otherwise a free one (those are "to set"). The
 * generated roster's duplicates, leading zeros and blanks make the mix realistic.
 */
const plan = (roster: ReadonlyArray<{ readonly cust_id: number; readonly display_name: string; readonly car_number: string | null }>) => {
  const taken = [new Set<string>(), new Set<string>()]
  const cursors = [0, 0]
  const take = (cls: number, number: string) => {
    taken[cls]!.add(number)
    return { cls, number }
  }
  const free = () => {
    for (const cls of [0, 1]) {
      while (cursors[cls]! < allNumbers.length && taken[cls]!.has(allNumbers[cursors[cls]!]!)) cursors[cls]!++
      if (cursors[cls]! < allNumbers.length) return take(cls, allNumbers[cursors[cls]!]!)
    }
    throw new Error("bench: two classes of 0-999 hold at most 2,220 numbers")
  }
  return roster.map((entry, i) => {
    const memberId = String(850_000_000_000_000_000n + BigInt(i))
    const shown = entry.car_number
    const cls = shown === null ? -1 : taken.findIndex((set) => !set.has(shown))
    return { memberId, entry, ...(shown !== null && cls >= 0 ? take(cls, shown) : free()) }
  })
}

/**
 * The whole /sync use case on a 2,000-member roster: the fake iRacing over loopback HTTP (token,
 * league/get, the S3 hop), reconcile, and one SQLite transaction that confirms the matches. The
 * first run confirms most claims; re-runs find nothing to change.
 */
export const benchSync = async (path: string, size = 2000): Promise<BenchRow> => {
  const fake = await startFakeIracing({ leagues: [generateLeague(LEAGUE_ID, size)] })
  const settings = Effect.runSync(loadIracingSettingsFromEnvironment(fake.env))
  const database = DatabaseLive(path)
  const layer = Layer.mergeAll(
    database,
    ModuleAccessLive.pipe(Layer.provide(database)),
    IracingFromSettings(settings).pipe(Layer.provide(database)),
    FollowUpsUndelivered,
    // The adapter's "full login" info line would land in the middle of the table.
    Logger.minimumLogLevel(LogLevel.Warning),
  )
  const runtime = ManagedRuntime.make(layer)
  try {
    const classes = [
      await runtime.runPromise(saveClass(GUILD, "bench", { name: "GT3", range: "0-999", limit: "1", reserved: "" })),
      await runtime.runPromise(saveClass(GUILD, "bench", { name: "LMP2", range: "0-999", limit: "1", reserved: "" })),
    ]
    await runtime.runPromise(updateSettings(GUILD, "bench", { iracingLeagueId: LEAGUE_ID }))
    const seeds = plan(generateLeague(LEAGUE_ID, size).roster)
    const at = Date.now()
    await runtime.runPromise(
      Effect.flatMap(Database, (db) =>
        db.transaction("bench.seed", async (trx) => {
          for (const { memberId, entry, cls, number } of seeds) {
            await saveLink(trx, GUILD, { memberId, custId: entry.cust_id, iracingName: entry.display_name, linkedBy: memberId, linkedAt: at })
            const started = applyClaimEvent(null, { type: "CLAIM", claimId: `bench-${memberId}`, guildId: GUILD, classId: classes[cls]!.id, number: unsafeCarNumber(number), holderId: memberId, actorId: memberId, at })
            if ("refused" in started) throw new Error(started.refused)
            await saveClaimStep(trx, null, started.next, { actorId: memberId, action: "number.claim", at })
          }
        }),
      ),
    )
    const timed = async () => {
      const t0 = performance.now()
      const result = await runtime.runPromise(runSync(GUILD, "manual", "bench"))
      return { ms: performance.now() - t0, result }
    }
    const first = await timed()
    const reruns: number[] = []
    for (let i = 0; i < RERUNS; i++) {
      const rerun = await timed()
      if (!isEmptyPlan(rerun.result.report.plan)) throw new Error("bench: a re-run changed claims; sync is not idempotent")
      reruns.push(rerun.ms)
    }
    const { report } = first.result
    return {
      name: `sync, ${size.toLocaleString("en")}-member roster`,
      measures: {
        "first run": `${first.ms.toFixed(0)} ms`,
        "re-run p50": `${percentile(reruns, 50).toFixed(0)} ms`,
        notes: `${seeds.length} claims and links; first run confirms ${report.plan.confirm.length}, ${report.toSet.length} to set, ${report.duplicates.length} duplicate numbers; ${RERUNS} re-runs change nothing`,
      },
    }
  } finally {
    await runtime.dispose()
    await fake.close()
  }
}
