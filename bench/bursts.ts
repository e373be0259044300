import { readFileSync } from "node:fs"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import { setTimeout as sleep } from "node:timers/promises"
import type { InteractionHandle, SlashInput } from "../test/e2e/fake-discord/index.js"
import { launch, type BurstBot } from "../test/support/burst-bot-process.js"
import { percentile, type BenchRow } from "./table.js"

/**
 * Unmeasured bursts of the largest size each bot gets first. A bot on race night has been running
 * for hours; V8 needs a few thousand interactions to compile a claim's path (Effect, Kysely, the
 * machine): Pitboard answered a 1,000-claim burst at ~600/s fresh, ~1,200/s after two, and levelled
 * at ~1,400/s after four. The first of them, fresh from start-up, has a row of its own.
 */
const WARM_UP_BURSTS = 4

/** Long enough for the slowest answer to land (and be refused) after Discord's 3 s. */
const SETTLE_MS = 30_000

interface Outcome {
  readonly sentAt: number
  /** When the bot's first callback reached the fake, accepted or not. */
  readonly firstAt: number | undefined
  /** When the member could read the answer: the callback, or the edit after a defer. */
  readonly answerAt: number | undefined
  /** Refused as 10062 (too late) or never sent: the member saw "The application did not respond". */
  readonly expired: boolean
  /** Acknowledged with a type-5 "thinking…" first, answered by the later edit. */
  readonly deferred: boolean
  readonly text: string
}

const isWebhookAnswer = (call: { method: string; path: string; status: number }) =>
  call.status < 400 && (call.method === "PATCH" || (call.method === "POST" && call.path.startsWith("/webhooks")))

const settle = async (handle: InteractionHandle, sentAt: number): Promise<Outcome> => {
  const first = await handle.firstResponse(SETTLE_MS).catch(() => undefined)
  if (first === undefined) return { sentAt, firstAt: undefined, answerAt: undefined, expired: true, deferred: false, text: "" }
  const answered = { sentAt, firstAt: first.at, answerAt: first.at, expired: false, deferred: false }
  if (first.status >= 400) return { ...answered, expired: first.response?.code === 10062, text: JSON.stringify(first.response) }
  if (first.body?.type !== 5) return { ...answered, text: first.body?.data?.content ?? "" }
  const edit = await handle.waitForResponse(isWebhookAnswer, SETTLE_MS).catch(() => undefined)
  return { ...answered, answerAt: edit?.at, deferred: true, text: handle.original()?.content ?? "" }
}

/** All interactions dispatched before any answer is awaited, then every one followed to its end. */
const fire = async (bot: BurstBot, inputs: ReadonlyArray<SlashInput>): Promise<ReadonlyArray<Outcome>> => {
  const sent = inputs.map((input) => ({ sentAt: Date.now(), handle: bot.fake.slash(input) }))
  return Promise.all(sent.map(({ handle, sentAt }) => settle(handle, sentAt)))
}

const claimInputs = (bot: BurstBot, size: number): SlashInput[] =>
  Array.from({ length: size }, (_, i) => ({ user: bot.members[i]!, command: "number", subcommand: "claim", options: { number: String(i) } }))

interface BurstRun {
  readonly answersPerSecond: number
  readonly p50: number
  readonly p99: number
  readonly expired: number
  readonly deferred: number
  /** From send to the answer itself, which differs from p99 only for deferred replies. */
  readonly p99Answer: number
  readonly unexpected: number
  /** CPU the fake Discord used over the burst, in cores: near 1 would make the fake the limit. */
  readonly fakeBusy: number
  /** CPU the bot's process (all its threads) used from just before the first send to just after the last answer, per answer, in ms. */
  readonly botCpuPerAnswer: number
}

const measure = (outcomes: ReadonlyArray<Outcome>, fakeBusy: number, botCpuMs: number, expected: (index: number) => string): BurstRun => {
  const firstSent = Math.min(...outcomes.map((o) => o.sentAt))
  const lastAnswer = Math.max(...outcomes.map((o) => o.answerAt ?? Number.POSITIVE_INFINITY))
  const latencies = outcomes.map((o) => (o.firstAt === undefined ? Number.POSITIVE_INFINITY : o.firstAt - o.sentAt))
  return {
    answersPerSecond: outcomes.length / ((lastAnswer - firstSent) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    expired: outcomes.filter((o) => o.expired).length,
    deferred: outcomes.filter((o) => o.deferred).length,
    p99Answer: percentile(outcomes.map((o) => (o.answerAt === undefined ? Number.POSITIVE_INFINITY : o.answerAt - o.sentAt)), 99),
    unexpected: outcomes.filter((o, i) => !o.expired && !o.text.startsWith(expected(i))).length,
    fakeBusy,
    botCpuPerAnswer: botCpuMs / outcomes.length,
  }
}

/** A burst of `size` members, member i claiming #i; the claims are released afterwards, unmeasured. */
const burst = async (bot: BurstBot, size: number): Promise<BurstRun> => {
  const botCpuBefore = await bot.cpuMicros()
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const outcomes = await fire(bot, claimInputs(bot, size))
  const cpu = process.cpuUsage(cpuBefore)
  const botCpuMs = ((await bot.cpuMicros()) - botCpuBefore) / 1000
  const fakeBusy = (cpu.user + cpu.system) / 1000 / (performance.now() - started)
  const run = measure(outcomes, fakeBusy, botCpuMs, (i) => (bot.kind === "floor" ? "pong" : `You claimed **#${i}**`))
  await quiet(bot)
  if (bot.kind !== "floor") await releaseAll(bot, size)
  return run
}

/** A bot that missed the deadline keeps working (apologies that also fail, logs); wait until it stops calling. */
const quiet = async (bot: BurstBot) => {
  for (let seen = -1; seen !== bot.fake.calls.length; ) {
    seen = bot.fake.calls.length
    await sleep(1000)
  }
}

/**
 * Small batches, retried, because the next round must start from zero claims. A release that
 * missed the deadline may still have been stored, so "you don't hold it" counts as done.
 */
const releaseAll = async (bot: BurstBot, size: number) => {
  let pending = Array.from({ length: size }, (_, i) => i)
  for (let attempt = 0; attempt < 5 && pending.length > 0; attempt++) {
    const failed: number[] = []
    for (let from = 0; from < pending.length; from += 25) {
      const batch = pending.slice(from, from + 25)
      const outcomes = await fire(bot, batch.map((i) => ({ user: bot.members[i]!, command: "number", subcommand: "release", options: { number: String(i) } })))
      outcomes.forEach((o, k) => {
        if (!o.text.startsWith("You released") && !o.text.startsWith("You don't hold")) failed.push(batch[k]!)
      })
    }
    await quiet(bot)
    pending = failed
  }
  if (pending.length > 0) throw new Error(`${pending.length} claim(s) could not be released after a burst. The bot's log:\n${bot.logTail()}`)
}

const median = (values: ReadonlyArray<number>) => percentile(values, 50)
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : "no answer")

const summarise = (runs: ReadonlyArray<BurstRun>) => ({
  answersPerSecond: median(runs.map((r) => r.answersPerSecond)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  expired: runs.map((r) => r.expired),
  deferred: runs.reduce((sum, r) => sum + r.deferred, 0),
  p99Answer: median(runs.map((r) => r.p99Answer)),
  unexpected: runs.reduce((sum, r) => sum + r.unexpected, 0),
  fakeBusy: Math.max(...runs.map((r) => r.fakeBusy)),
  botCpuPerAnswer: median(runs.map((r) => r.botCpuPerAnswer)),
})

const lateness = (s: ReturnType<typeof summarise>) =>
  `expired (no answer within 3 s) per round: ${s.expired.join(", ")}` +
  (s.deferred > 0 ? `; ${s.deferred} deferred, p99 to the answer itself ${ms(s.p99Answer)}` : "") +
  (s.unexpected > 0 ? `; ${s.unexpected} unexpected replies` : "") +
  `; bot CPU ${s.botCpuPerAnswer.toFixed(2)} ms per answer; fake Discord CPU ≤ ${(100 * s.fakeBusy).toFixed(0)}% of a core`

/** "÷ floor: throughput 0.51× (goal ≥ 0.8×), p99 2.17× (goal ≤ 1.25×), bot CPU per answer 2.41×" */
const against = (name: string, bot: ReturnType<typeof summarise>, floor: ReturnType<typeof summarise>, goals: boolean) =>
  `÷ ${name}: throughput ${(bot.answersPerSecond / floor.answersPerSecond).toFixed(2)}×${goals ? " (goal ≥ 0.8×)" : ""}, ` +
  `p99 ${(bot.p99 / floor.p99).toFixed(2)}×${goals ? " (goal ≤ 1.25×)" : ""}, bot CPU per answer ${(bot.botCpuPerAnswer / floor.botCpuPerAnswer).toFixed(2)}×`

interface BurstRuns {
  readonly floor: ReadonlyArray<BurstRun>
  readonly rawClaim: ReadonlyArray<BurstRun>
  readonly pitboard: ReadonlyArray<BurstRun>
}

const rowsFor = (size: number, runs: BurstRuns, pitboardWarnings: number): BenchRow[] => {
  const floor = summarise(runs.floor)
  const rawClaim = summarise(runs.rawClaim)
  const pitboard = summarise(runs.pitboard)
  const measures = (s: typeof floor) => ({ "answers/s": s.answersPerSecond.toFixed(0), p50: ms(s.p50), p99: ms(s.p99) })
  const rounds = `median of ${runs.floor.length} rounds`
  return [
    { name: `burst of ${size}: bare discord.js ping (floor)`, measures: { ...measures(floor), notes: `${rounds}; ${lateness(floor)}` } },
    {
      name: `burst of ${size}: bare discord.js + the claim in raw SQL`,
      measures: { ...measures(rawClaim), notes: `${against("floor", rawClaim, floor, false)}; ${rounds}; ${lateness(rawClaim)}` },
    },
    {
      name: `burst of ${size}: Pitboard /number claim`,
      measures: {
        ...measures(pitboard),
        notes:
          `${against("floor", pitboard, floor, true)}; ${against("raw-SQL claim bot", pitboard, rawClaim, false)}; ` +
          `${rounds}; ${lateness(pitboard)}${pitboardWarnings > 0 ? `; the bot logged ${pitboardWarnings} warnings or errors` : ""}`,
      },
    },
  ]
}

interface CpuProfile {
  readonly nodes: ReadonlyArray<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

/** Self time per function, largest first: where the bot's thread actually was. */
const hottest = (path: string, count: number): string => {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
  const self = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id)!
    const where = frame.url === "" ? "" : ` ${frame.url.replace(/^.*\/node_modules\//, "").replace(/^file:\/\/.*?\/(src|bench|test)\//, "$1/")}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`
    const key = `${frame.functionName || "(anonymous)"}${where}`
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}`)
    .join("\n")
}

/** One bot's first burst of all, fresh from start-up, beside the floors' first: what the warm-up hides. */
const freshRow = (size: number, floor: BurstRun, rawClaim: BurstRun, pitboard: BurstRun): BenchRow => ({
  name: `burst of ${size}: each bot's first, fresh from start-up (unmeasured above)`,
  measures: {
    "answers/s": pitboard.answersPerSecond.toFixed(0),
    p50: ms(pitboard.p50),
    p99: ms(pitboard.p99),
    notes:
      `Pitboard; ping floor ${floor.answersPerSecond.toFixed(0)}/s (p99 ${ms(floor.p99)}), raw-SQL claim bot ${rawClaim.answersPerSecond.toFixed(0)}/s (p99 ${ms(rawClaim.p99)}); ` +
      `expired: Pitboard ${pitboard.expired}; bot CPU per answer ${floor.botCpuPerAnswer.toFixed(2)} / ${rawClaim.botCpuPerAnswer.toFixed(2)} / ${pitboard.botCpuPerAnswer.toFixed(2)} ms`,
  },
})

/**
 * Race night's claim rush through the real discord.js client against the fake Discord: `size`
 * members fire `/number claim` at once, each a different number, and the same burst goes to two
 * floors: a bare discord.js bot that answers "pong" (what the library and the fake cost on their
 * own) and one that stores the claim with the same statements in raw SQL (what doing the work
 * costs without Pitboard's layers). Rounds take the three bots in turn, so a busy machine taxes
 * them alike. `BENCH_CPU_PROFILE=<file>` adds one unmeasured Pitboard burst of the largest size
 * under the V8 profiler and writes the .cpuprofile there.
 */
export const benchClaimBursts = async (folder: string, sizes: ReadonlyArray<number> = [200, 1000], rounds = 3): Promise<BenchRow[]> => {
  const largest = Math.max(...sizes)
  const launched: BurstBot[] = []
  const start = async (kind: BurstBot["kind"], file: string) => {
    const bot = await launch(kind, largest, join(folder, file))
    launched.push(bot)
    return bot
  }
  try {
    const floor = await start("floor", "floor-unused.sqlite")
    const rawClaim = await start("raw-claim", "raw-claim.sqlite")
    const pitboard = await start("pitboard", "bursts.sqlite")
    const first = new Map<BurstBot, BurstRun>()
    for (const bot of launched) {
      for (let i = 0; i < WARM_UP_BURSTS; i++) {
        const run = await burst(bot, largest)
        if (i === 0) first.set(bot, run)
      }
    }
    const rows: BenchRow[] = []
    for (const size of sizes) {
      const runs = { floor: [] as BurstRun[], rawClaim: [] as BurstRun[], pitboard: [] as BurstRun[] }
      const warned = pitboard.warningLines()
      for (let round = 0; round < rounds; round++) {
        runs.floor.push(await burst(floor, size))
        runs.rawClaim.push(await burst(rawClaim, size))
        runs.pitboard.push(await burst(pitboard, size))
      }
      rows.push(...rowsFor(size, runs, pitboard.warningLines() - warned))
    }
    rows.push(freshRow(largest, first.get(floor)!, first.get(rawClaim)!, first.get(pitboard)!))
    const profilePath = process.env.BENCH_CPU_PROFILE
    if (profilePath !== undefined && profilePath !== "") {
      await pitboard.request({ type: "profile-start" })
      await fire(pitboard, claimInputs(pitboard, largest))
      await pitboard.request({ type: "profile-stop", path: profilePath })
      console.error(`Pitboard's hottest functions (self time) during a burst of ${largest}, full profile in ${profilePath}:\n${hottest(profilePath, 15)}\n`)
      await quiet(pitboard)
      await releaseAll(pitboard, largest)
    }
    return rows
  } finally {
    for (const bot of launched) await bot.request({ type: "stop" }).catch(() => undefined)
  }
}
