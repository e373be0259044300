import type { ChildProcess } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { DatabaseLive } from "../src/adapters/sqlite/database.js"
import { saveClass } from "../src/app/numbers/setup.js"
import { buildForNpmStart, firstHelpAnswered, npmStartCommand, ROOT, spawnBotOnFake } from "../test/support/npm-start.js"
import { startFakeDiscord, type FakeDiscord } from "../test/e2e/fake-discord/index.js"
import { percentile, type BenchRow } from "./table.js"
import { OPEN_CLASS } from "../test/support/open-class.js"

interface Way {
  readonly label: string
  readonly command: string
  readonly args: ReadonlyArray<string>
}
const COMPILED: Way = { label: "compiled, as `npm start`", ...npmStartCommand() }
/** How `npm start` ran before it was compiled, for comparison. */
const TRANSPILED: Way = { label: "tsx at run time (before)", command: join(ROOT, "node_modules/.bin/tsx"), args: [join(ROOT, "src/app/main.ts")] }

const STARTS_PER_WAY = 3
const CLAIMS = 1000
const CLAIMS_AT_ONCE = 10
/** Long enough for start-up garbage to be collected and timers to settle. */
const IDLE_SETTLE_MS = 5000
/** V8's memory reducer gives unused heap back after ~20-30 s without activity: a quiet evening. */
const LONG_IDLE_MS = 30_000

const buildOnce = (() => {
  let built = false
  return () => {
    if (!built) buildForNpmStart()
    built = true
  }
})()

/**
 * Resident memory of a process and everything it started, in MB: the tsx CLI runs the bot in a
 * child node process, so its own pid alone would miss the bot.
 */
const residentMb = (pid: number): number => {
  const own = Number(/VmRSS:\s+(\d+) kB/.exec(readOrEmpty(`/proc/${pid}/status`))?.[1] ?? 0) / 1024
  const children = readOrEmpty(`/proc/${pid}/task/${pid}/children`).split(/\s+/).filter(Boolean).map(Number)
  return own + children.reduce((sum, child) => sum + residentMb(child), 0)
}

/**
 * CPU time (user + system) a process tree has used, in ms: on a shared machine the wall-clock
 * start-up time also counts waiting for a core, this does not.
 */
const cpuMs = (pid: number): number => {
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th, in clock ticks (100 per s on Linux).
  const fields = readOrEmpty(`/proc/${pid}/stat`).replace(/^.*\) /s, "").split(" ")
  const own = (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10
  const children = readOrEmpty(`/proc/${pid}/task/${pid}/children`).split(/\s+/).filter(Boolean).map(Number)
  return own + children.reduce((sum, child) => sum + cpuMs(child), 0)
}

/** A process that just exited has no /proc entry left: it counts as nothing. */
const readOrEmpty = (path: string): string => {
  try {
    return readFileSync(path, "utf8")
  } catch {
    return ""
  }
}

interface RunningBot {
  readonly child: ChildProcess
  /** Date.now() at spawn, to compare with the fake's acknowledgement times. */
  readonly startedAt: number
  readonly fake: FakeDiscord
  stop(): Promise<void>
}

const spawnBot = async (way: Way, databasePath: string, fake: FakeDiscord, folder: string): Promise<RunningBot> => {
  const startedAt = Date.now()
  const child = spawnBotOnFake({ fake, cwd: folder, databasePath, program: way, stdout: "ignore" })
  let stderr = ""
  child.stderr!.on("data", (chunk) => (stderr += chunk))
  const exited = new Promise<void>((done) => child.once("exit", () => done()))
  void exited.then(() => {
    if (child.exitCode !== 0 && child.signalCode === null) console.error(`bench: ${way.label} exited early:\n${stderr}`)
  })
  return {
    child,
    startedAt,
    fake,
    async stop() {
      child.kill("SIGTERM")
      await exited
    },
  }
}

/** Milliseconds from spawn to a member's first /help answered. */
const startToFirstAnswer = async (bot: RunningBot): Promise<number> =>
  (await firstHelpAnswered(bot.fake, bot.fake.addMember(bot.fake.guildId, { username: "first-member" }))) - bot.startedAt

const withFolder = async <A>(use: (folder: string) => Promise<A>): Promise<A> => {
  const folder = mkdtempSync(join(tmpdir(), "pitboard-bench-start-"))
  try {
    return await use(folder)
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

const withBot = <A>(way: Way, prepare: (databasePath: string, fake: FakeDiscord) => Promise<void>, use: (bot: RunningBot) => Promise<A>): Promise<A> =>
  withFolder(async (folder) => {
    const databasePath = join(folder, "pitboard.sqlite")
    const fake = await startFakeDiscord()
    await prepare(databasePath, fake)
    const bot = await spawnBot(way, databasePath, fake, folder)
    try {
      return await use(bot)
    } finally {
      await bot.stop()
      await fake.close()
    }
  })

const noPreparation = async () => undefined

/** Process start → a member's /help answered, on a fresh database each time (migrations included). */
const startToAnswer = async (way: Way): Promise<BenchRow> => {
  buildOnce()
  const times: number[] = []
  const cpu: number[] = []
  let idleMb = ""
  for (let run = 0; run < STARTS_PER_WAY; run++) {
    await withBot(way, noPreparation, async (bot) => {
      times.push(await startToFirstAnswer(bot))
      cpu.push(cpuMs(bot.child.pid!))
      if (run > 0) return
      await sleep(IDLE_SETTLE_MS)
      const settled = residentMb(bot.child.pid!)
      await sleep(LONG_IDLE_MS - IDLE_SETTLE_MS)
      idleMb = `${settled.toFixed(0)} (${residentMb(bot.child.pid!).toFixed(0)} after ${LONG_IDLE_MS / 1000} s)`
    })
  }
  return {
    name: `start → first /help answered, ${way.label}`,
    measures: {
      p50: `${percentile(times, 50).toFixed(0)} ms`,
      p99: `${percentile(times, 99).toFixed(0)} ms`,
      "RSS MB": idleMb,
      notes: `${STARTS_PER_WAY} starts as a child process on the fake Discord, fresh database each, CPU time to the answer p50 ${percentile(cpu, 50).toFixed(0)} ms; RSS idle with one server ${IDLE_SETTLE_MS / 1000} s after the answer (process tree)`,
    },
  }
}

/** One class 0–999, limit one each, so every claim below succeeds and is kept. */
const seedClass = async (databasePath: string, fake: FakeDiscord): Promise<void> => {
  const runtime = ManagedRuntime.make(DatabaseLive(databasePath))
  await runtime.runPromise(saveClass(fake.guildId, fake.owner.id, OPEN_CLASS))
  await runtime.dispose()
}

/** Resident memory after 1,000 members each claimed a number through the fake Discord. */
const memoryAfterClaims = (way: Way): Promise<BenchRow> => {
  buildOnce()
  return withBot(way, seedClass, async (bot) => {
    const { fake } = bot
    await startToFirstAnswer(bot)
    const latencies: number[] = []
    let notClaimed = 0
    for (let first = 0; first < CLAIMS; first += CLAIMS_AT_ONCE) {
      await Promise.all(
        Array.from({ length: Math.min(CLAIMS_AT_ONCE, CLAIMS - first) }, async (_, offset) => {
          const number = first + offset
          const member = fake.addMember(fake.guildId, { username: `driver${number}` })
          const t0 = performance.now()
          const response = await fake.slash({ user: member, command: "number", subcommand: "claim", options: { number: String(number) } }).firstResponse(10_000)
          latencies.push(performance.now() - t0)
          if (!JSON.stringify(response.body).includes("You claimed")) notClaimed++
        }),
      )
    }
    const rightAfter = residentMb(bot.child.pid!)
    await sleep(IDLE_SETTLE_MS)
    const settled = residentMb(bot.child.pid!)
    return {
      name: `${CLAIMS} claims through the fake Discord, ${way.label}`,
      measures: {
        p50: `${percentile(latencies, 50).toFixed(0)} ms`,
        p99: `${percentile(latencies, 99).toFixed(0)} ms`,
        "RSS MB": `${settled.toFixed(0)} (${rightAfter.toFixed(0)} right after)`,
        notes: `${CLAIMS} members, ${CLAIMS_AT_ONCE} at a time, one /number claim each${notClaimed > 0 ? `; ${notClaimed} NOT claimed` : ""}; RSS ${IDLE_SETTLE_MS / 1000} s after the last`,
      },
    }
  })
}

/** The bot as `npm start` runs it, as a separate process: start-up time and resident memory. */
export const startupSuites = (): Array<() => Promise<BenchRow>> => [
  () => startToAnswer(COMPILED),
  () => startToAnswer(TRANSPILED),
  () => memoryAfterClaims(COMPILED),
]
