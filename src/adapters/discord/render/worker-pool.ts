import { Worker } from "node:worker_threads"
import type { AnswerMessage, ReadyMessage, TaskMessage } from "./worker-tasks.js"

/**
 * A few worker threads that take tasks one at a time, first come first served. Small on purpose:
 * the bot needs one or two workers, a FIFO queue, a respawn after a crash, a timeout, and workers
 * that go away when idle. Callers see only `WorkerPool`, so another pool (e.g. piscina) would
 * replace this one file.
 */
export interface WorkerPool<In, Out> {
  readonly run: (input: In) => Promise<Out>
  /** Ends every worker; tasks still waiting or running are rejected with `PoolClosed`. */
  readonly close: () => Promise<void>
}

export interface WorkerPoolOptions {
  /** The worker module: a `.js` file, or a `.ts` file when the bot runs from source (tsx, vitest). */
  readonly entry: URL
  readonly size: number
  /** A worker idle this long ends, so an idle bot does not keep its memory. */
  readonly idleTimeoutMs: number
  /** A worker still busy after this long (not counting its start) is taken to be stuck and ended. */
  readonly taskTimeoutMs: number
}

/** The task itself threw inside the worker; the worker is fine. */
export class WorkerTaskFailed extends Error {
  override readonly name = "WorkerTaskFailed"
}

/** The worker died, or hung, while on this task. */
export class WorkerCrashed extends Error {
  override readonly name = "WorkerCrashed"
}

export class PoolClosed extends Error {
  override readonly name = "PoolClosed"
}

interface Task<In, Out> {
  readonly id: number
  readonly input: In
  readonly resolve: (output: Out) => void
  readonly reject: (error: Error) => void
}

interface Slot<In, Out> {
  readonly worker: Worker
  /** Its modules are loaded: until then a task waits in its inbox without the clock running. */
  ready: boolean
  task: Task<In, Out> | undefined
  timer: NodeJS.Timeout | undefined
}

/**
 * Node 20 applies no `--import` hook to a worker's own entry module (`execArgv: ["--import", "tsx"]`
 * still fails with ERR_UNKNOWN_FILE_EXTENSION there), so a TypeScript worker registers tsx itself
 * before importing its entry. Compiled `.js` workers start directly.
 */
const startWorker = (entry: URL): Worker => {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry)
  const tsx = import.meta.resolve("tsx/esm/api")
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}) })`
  return new Worker(bootstrap, { eval: true })
}

export const makeWorkerPool = <In, Out>(options: WorkerPoolOptions): WorkerPool<In, Out> => {
  const queue: Array<Task<In, Out>> = []
  const slots = new Set<Slot<In, Out>>()
  let nextId = 0
  let closed = false

  const release = (slot: Slot<In, Out>): Task<In, Out> | undefined => {
    clearTimeout(slot.timer)
    slot.timer = undefined
    const task = slot.task
    slot.task = undefined
    // Only a busy worker keeps the process alive; an idle one never holds up an exit.
    slot.worker.unref()
    return task
  }

  const retire = (slot: Slot<In, Out>, reason: Error): Promise<unknown> => {
    if (!slots.delete(slot)) return Promise.resolve()
    release(slot)?.reject(reason)
    const ended = slot.worker.terminate()
    dispatch()
    return ended
  }

  const spawn = (): Slot<In, Out> => {
    const slot: Slot<In, Out> = { worker: startWorker(options.entry), ready: false, task: undefined, timer: undefined }
    slot.worker.on("message", (answer: AnswerMessage<Out> | ReadyMessage) => {
      if ("ready" in answer) {
        slot.ready = true
        if (slot.task !== undefined) startClock(slot)
        return
      }
      if (slot.task?.id !== answer.id) return
      const task = release(slot)
      if (answer.ok) task?.resolve(answer.output)
      else task?.reject(new WorkerTaskFailed(answer.message))
      dispatch()
    })
    slot.worker.on("error", (error) => void retire(slot, new WorkerCrashed(`the worker failed: ${error.message}`, { cause: error })))
    slot.worker.on("exit", (code) => void retire(slot, new WorkerCrashed(`the worker exited with code ${code}`)))
    slots.add(slot)
    return slot
  }

  const startClock = (slot: Slot<In, Out>) => {
    slot.timer = setTimeout(() => void retire(slot, new WorkerCrashed(`the worker was still busy after ${options.taskTimeoutMs} ms`)), options.taskTimeoutMs)
  }

  const assign = (slot: Slot<In, Out>, task: Task<In, Out>) => {
    clearTimeout(slot.timer)
    slot.timer = undefined
    slot.task = task
    slot.worker.ref()
    if (slot.ready) startClock(slot)
    slot.worker.postMessage({ id: task.id, input: task.input } satisfies TaskMessage<In>)
  }

  const dispatch = () => {
    for (let task = queue[0]; task !== undefined && !closed; task = queue[0]) {
      const slot = [...slots].find((candidate) => candidate.task === undefined) ?? (slots.size < options.size ? spawn() : undefined)
      if (slot === undefined) break
      queue.shift()
      assign(slot, task)
    }
    for (const slot of slots) {
      if (slot.task !== undefined || slot.timer !== undefined) continue
      slot.timer = setTimeout(() => void retire(slot, new PoolClosed("the worker ended after being idle")), options.idleTimeoutMs)
      slot.timer.unref()
    }
  }

  return {
    run: (input) =>
      new Promise<Out>((resolve, reject) => {
        if (closed) return reject(new PoolClosed("the worker pool is closed"))
        queue.push({ id: nextId++, input, resolve, reject })
        dispatch()
      }),
    close: async () => {
      closed = true
      for (const task of queue.splice(0)) task.reject(new PoolClosed("the worker pool closed before this task ran"))
      await Promise.all([...slots].map((slot) => retire(slot, new PoolClosed("the worker pool closed while this task ran"))))
    },
  }
}
