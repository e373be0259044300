import { spawn, type ChildProcess } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
import { setTimeout as sleep } from "node:timers/promises"
import { npmStartCommand, ROOT } from "./npm-start.js"

export interface BotProcess {
  readonly child: ChildProcess
  /** Everything written to stdout and stderr so far, by npm and the bot alike. */
  output(): string
  /** Resolves when the output matches, with the time it did; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<number>
  /** The spawned process's own exit. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>
  /** Every writer of its output gone: npm and whatever it started, orphans included. */
  readonly closed: Promise<number>
  /** Process ids in its process group (Linux /proc), the bot among them while it runs. */
  group(): number[]
}

/**
 * Starts the bot in its own process group, as a terminal or a service manager would: through
 * `npm start` itself (`via: "npm"`, npm's own scripts and shell included), or what the script
 * runs, spawned directly (`via: "node"`). `cwd` is the folder the admin starts in; `scriptShell`
 * is the shell npm runs scripts with (npm's default: sh).
 */
export const startBotProcess = (options: { via: "npm" | "node"; cwd: string; env: Record<string, string>; scriptShell?: string }): BotProcess => {
  // npm wants a home for its cache and logs; nothing else of the test's environment leaks in.
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? options.cwd, ...options.env }
  const { command, args } = options.via === "npm" ? { command: "npm", args: ["--prefix", ROOT, ...(options.scriptShell ? ["--script-shell", options.scriptShell] : []), "start"] } : npmStartCommand()
  const child = spawn(command, args, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true })
  let output = ""
  const listeners = new Set<() => void>()
  const append = (chunk: Buffer) => {
    output += chunk.toString()
    for (const listener of listeners) listener()
  }
  child.stdout!.on("data", append)
  child.stderr!.on("data", append)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  )
  const closed = new Promise<number>((resolve) => child.on("close", () => resolve(Date.now())))
  const pgid = child.pid!
  return {
    child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return
          done()
          resolve(Date.now())
        }
        const timer = setTimeout(() => {
          done()
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output so far:\n${output}`))
        }, timeoutMs)
        const done = () => {
          clearTimeout(timer)
          listeners.delete(check)
        }
        listeners.add(check)
        check()
      }),
    exited,
    closed,
    group: () => processGroup(pgid),
  }
}

/** The live processes whose process group is `pgid`, read from /proc. */
export const processGroup = (pgid: number): number[] =>
  readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        // Fields after the parenthesised command: state ppid pgrp …; a zombie has finished.
        const [state, , pgrp] = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ")
        return Number(pgrp) === pgid && state !== "Z" ? [Number(pid)] : []
      } catch {
        return []
      }
    })

/** Waits until no process of the group is left; returns when, or undefined after `timeoutMs`. */
export const groupGone = async (pgid: number, timeoutMs: number): Promise<number | undefined> => {
  const giveUpAt = Date.now() + timeoutMs
  while (Date.now() < giveUpAt) {
    if (processGroup(pgid).length === 0) return Date.now()
    await sleep(50)
  }
  return undefined
}

/** Ends whatever of a test's process group is left, so a failed test leaves no bot behind. */
export const killGroup = (pgid: number): void => {
  try {
    process.kill(-pgid, "SIGKILL")
  } catch {
    // already gone
  }
}
