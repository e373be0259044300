import { parentPort } from "node:worker_threads"

// The few messages a worker pool (worker-pool.ts) and its workers exchange. Structured clone carries
// them, so inputs and outputs are plain data (a Buffer arrives as a Uint8Array).

export interface TaskMessage<In> {
  readonly id: number
  readonly input: In
}

export type AnswerMessage<Out> =
  | { readonly id: number; readonly ok: true; readonly output: Out }
  | { readonly id: number; readonly ok: false; readonly message: string }

/** Sent once the worker's modules are loaded, so a task's timeout does not count a slow cold start. */
export interface ReadyMessage {
  readonly ready: true
}

/** Runs inside a worker: answers every task the pool sends with what `handle` returns, or with what it threw. */
export const serveTasks = <In, Out>(handle: (input: In) => Promise<Out>): void => {
  const port = parentPort
  if (port === null) throw new Error("serveTasks runs inside a worker thread, not on the main thread")
  port.on("message", async ({ id, input }: TaskMessage<In>) => {
    let answer: AnswerMessage<Out>
    try {
      answer = { id, ok: true, output: await handle(input) }
    } catch (error) {
      // A failed task is an answer, not a crash: the worker stays up for the next one.
      answer = { id, ok: false, message: error instanceof Error ? error.message : String(error) }
    }
    port.postMessage(answer)
  })
  port.postMessage({ ready: true } satisfies ReadyMessage)
}
