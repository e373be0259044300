import * as ManagedRuntime from "effect/ManagedRuntime"
import { claimNumber } from "../src/app/numbers/claim-use-cases.js"
import { saveClass } from "../src/app/numbers/setup.js"
import { appLayer } from "../test/support/app-without-discord.js"
import { openRawClaims } from "../test/support/raw-claim.js"
import { percentile, type BenchRow } from "./table.js"
import { OPEN_CLASS } from "../test/support/open-class.js"

const median = (values: ReadonlyArray<number>) => percentile(values, 50)

const GUILD = "900000000000000004"
const memberId = (i: number) => String(800_000_000_000_000_000n + BigInt(i))

/** Schema and one 0–999 class with a limit of 1, set up through the app so both sides start alike. */
const preparedFile = async (path: string) => {
  const runtime = ManagedRuntime.make(appLayer(path))
  await runtime.runPromise(saveClass(GUILD, "bench", OPEN_CLASS))
  return runtime
}

interface ClaimTiming {
  readonly perSecond: number
  readonly p50: number
}

const timed = (count: number, claim: (i: number) => unknown) => async (): Promise<ClaimTiming> => {
  const latencies: number[] = []
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    const t0 = performance.now()
    await claim(i)
    latencies.push(performance.now() - t0)
  }
  return { perSecond: count / ((performance.now() - started) / 1000), p50: percentile(latencies, 50) }
}

/** `claimNumber` as the bot calls it, one member after another, each a different number. */
const appClaims = async (path: string, count: number): Promise<ClaimTiming> => {
  const runtime = await preparedFile(path)
  try {
    return await timed(count, (i) => runtime.runPromise(claimNumber({ guildId: GUILD, actor: { userId: memberId(i), roleIds: [], managesServer: false }, number: String(i) })))()
  } finally {
    await runtime.dispose()
  }
}

/**
 * The same transaction by hand (test/support/raw-claim.ts), one member after another, on a file
 * opened as the bot opens its own: with better-sqlite3's default the raw side checkpointed the WAL
 * inline every 1,000 pages (~0.09 ms a claim against ~0.067), which the app leaves to its
 * checkpointer thread, and the ratio read ~0.1 higher than like for like.
 */
const rawClaimsTimed = async (path: string, count: number): Promise<ClaimTiming> => {
  const raw = await openRawClaims(path, GUILD, "bench")
  try {
    return await timed(count, (i) => raw.claims.claim(memberId(i), String(i)))()
  } finally {
    await raw.close()
  }
}

/**
 * What the app layer (Effect, Kysely, the decision, the claim machine) costs over the bare
 * transaction it runs: `count` claims one after another on a real WAL file each side, opened alike, after an
 * unmeasured warm-up. Each round runs the app, then raw, back to back, and the ratio is the median
 * of the rounds' own ratios: on a shared machine a busy spell slows both sides of one round alike,
 * where a median taken of each side apart could pair one side's quiet round with the other's busy one.
 */
export const benchClaimsOverRawSqlite = async (fresh: () => string, rounds = 5, count = 1000): Promise<BenchRow> => {
  await appClaims(fresh(), 200)
  await rawClaimsTimed(fresh(), 200)
  const app: ClaimTiming[] = []
  const raw: ClaimTiming[] = []
  for (let round = 0; round < rounds; round++) {
    app.push(await appClaims(fresh(), count))
    raw.push(await rawClaimsTimed(fresh(), count))
  }
  const appPerSecond = median(app.map((t) => t.perSecond))
  const rawPerSecond = median(raw.map((t) => t.perSecond))
  const ratios = app.map((t, round) => t.perSecond / raw[round]!.perSecond)
  return {
    name: "claims/s: claimNumber ÷ the same transaction in raw better-sqlite3",
    measures: {
      "claims/s": `${appPerSecond.toFixed(0)} ÷ ${rawPerSecond.toFixed(0)}`,
      p50: `${median(app.map((t) => t.p50)).toFixed(2)} ms ÷ ${median(raw.map((t) => t.p50)).toFixed(3)} ms`,
      notes:
        `ratio ${median(ratios).toFixed(2)} (goal ≥ 0.5; the median of ${rounds} rounds' ratios, ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}); ` +
        `${count} sequential claims of different numbers a side each round`,
    },
  }
}
