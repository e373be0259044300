import { monitorEventLoopDelay } from "node:perf_hooks"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { AvailabilityPicture, CellState } from "../src/adapters/discord/render/availability-picture.js"
import { AvailabilityPictures, AvailabilityPicturesLive } from "../src/adapters/discord/render/availability-pictures.js"
import type { BenchRow } from "./table.js"

const STATES: ReadonlyArray<CellState> = ["free", "free", "free", "taken", "taken", "pending", "reserved"]

/** Twenty different classes, 100 to 1,000 numbers, so neither the cache nor single-flight can help. */
const pictures: ReadonlyArray<AvailabilityPicture> = Array.from({ length: 20 }, (_, k) => {
  const size = 100 + ((k * 47) % 901)
  return {
    title: `Class ${k + 1} (0–${size - 1})`,
    subtitle: "Claim a free one with /number claim · 1 number per member",
    cells: Array.from({ length: size }, (_, n) => ({ label: String(n), state: STATES[(n * 7 + k) % STATES.length]! })),
  }
})

interface Run {
  readonly p99Ms: number
  readonly maxMs: number
  readonly wallMs: number
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/**
 * Event-loop delay while the 20 are drawn: how late a 5 ms timer fires, which is how late any other
 * member's reply would start. Each picture is asked for in its own turn of the loop, as 20
 * interactions arriving together are, so the loop gets its chances in between (a drawing started in
 * the same turn as the monitor's timer would hide from it entirely).
 */
const measure = async (draw: (picture: AvailabilityPicture) => Promise<unknown>): Promise<Run> => {
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  await new Promise((resolve) => setTimeout(resolve, 50))
  const started = performance.now()
  const drawings: Array<Promise<unknown>> = []
  for (const picture of pictures) {
    drawings.push(draw(picture))
    await nextTurn()
  }
  await Promise.all(drawings)
  const wallMs = performance.now() - started
  delay.disable()
  return { p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6, wallMs }
}

/** The 20 pictures drawn at once by the worker (what the bot does now) and on the main thread (what it did). */
export const benchPictures = async (): Promise<BenchRow> => {
  const runtime = ManagedRuntime.make(AvailabilityPicturesLive())
  const service = await runtime.runPromise(AvailabilityPictures)
  const coldStarted = performance.now()
  await runtime.runPromise(service.png({ title: "warm-up", cells: [{ label: "1", state: "free" }] }))
  const coldMs = performance.now() - coldStarted
  const worker = await measure((picture) => runtime.runPromise(service.png(picture)))
  await runtime.dispose()

  // Loaded only now, so the worker run above had a main thread that never touched the canvas module.
  const { renderAvailabilityPng } = await import("../src/adapters/discord/render/availability-image.js")
  await renderAvailabilityPng({ title: "warm-up", cells: [{ label: "1", state: "free" }] })
  const mainThread = await measure(renderAvailabilityPng)

  const ms = (value: number) => `${value.toFixed(1)} ms`
  return {
    name: "/number available: 20 different pictures at once, event-loop delay (worker vs main thread)",
    measures: {
      p99: `${ms(worker.p99Ms)} worker · ${ms(mainThread.p99Ms)} main thread`,
      notes: `max ${ms(worker.maxMs)} vs ${ms(mainThread.maxMs)}; all 20 drawn in ${ms(worker.wallMs)} vs ${ms(mainThread.wallMs)}; 100–1,000 cells each; worker cold start ${ms(coldMs)}`,
    },
  }
}
