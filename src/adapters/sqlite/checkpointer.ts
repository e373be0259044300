/**
 * WAL checkpoints on a thread of their own. SQLite folds the write-ahead log back into the
 * database file every ~1,000 pages, inside whichever commit crosses the line, and that commit then
 * waits for the disk (an fsync): on a race night's burst of claims, one commit in a few dozen took
 * 5 ms longer, on the one thread that answers members. Here a second connection, in a worker
 * thread, runs a PASSIVE checkpoint every second; it never blocks a writer, and the bot's own
 * connection keeps a far-off automatic checkpoint only as a fallback.
 */
import { createRequire } from "node:module"
import { Worker } from "node:worker_threads"

export const CHECKPOINT_EVERY_MS = 1000
/** The bot's connection checkpoints by itself only if the log passes this many pages (~80 MB). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000

// CommonJS, as an eval'd worker runs: no file to find next to this module (src/ or dist/ alike).
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads")
const Database = require(workerData.module)
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs })
const checkpoint = () => { try { db.pragma("wal_checkpoint(PASSIVE)") } catch {} }
const timer = setInterval(checkpoint, workerData.everyMs)
parentPort.on("message", () => {
  clearInterval(timer)
  checkpoint()
  db.close()
  parentPort.close()
})
`

export interface Checkpointer {
  /** Checkpoints once more and closes its connection, so the bot's own close is the last one (and removes the -wal). */
  readonly stop: () => Promise<void>
}

export const startCheckpointer = (path: string, busyTimeoutMs: number, everyMs = CHECKPOINT_EVERY_MS): Checkpointer => {
  const worker = new Worker(WORKER, { eval: true, workerData: { path, busyTimeoutMs, everyMs, module: createRequire(import.meta.url).resolve("better-sqlite3") } })
  // A worker that cannot run (a broken native module) leaves the fallback in charge; nothing to report to members.
  worker.on("error", () => undefined)
  // Its timer alone must not keep a process alive that has nothing else to do.
  worker.unref()
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()))
  return {
    stop: async () => {
      // Kept alive while it finishes: an exiting process waits for this close (and only this close).
      worker.ref()
      worker.postMessage("stop")
      let timer: NodeJS.Timeout | undefined
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))])
      clearTimeout(timer)
      await worker.terminate()
    },
  }
}
