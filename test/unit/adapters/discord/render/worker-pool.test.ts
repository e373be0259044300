import { afterEach, describe, expect, it } from "vitest"
import { layoutAvailability, MAX_CELLS } from "../../../../../src/adapters/discord/render/availability-image.js"
import type { AvailabilityPicture, CellState } from "../../../../../src/adapters/discord/render/availability-picture.js"
import { makeWorkerPool, PoolClosed, WorkerCrashed, WorkerTaskFailed, type WorkerPool, type WorkerPoolOptions } from "../../../../../src/adapters/discord/render/worker-pool.js"

const REAL_WORKER = new URL("../../../../../src/adapters/discord/render/availability-worker.ts", import.meta.url)
const TROUBLED_WORKER = new URL("../../../../support/troubled-picture-worker.ts", import.meta.url)
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

const STATES: ReadonlyArray<CellState> = ["free", "taken", "pending", "reserved"]
const classPicture = (title: string, from = 1, to = 199): AvailabilityPicture => ({
  title,
  subtitle: "Claim a free one with /number claim",
  cells: Array.from({ length: to - from + 1 }, (_, i) => ({ label: String(from + i), state: STATES[(from + i) % 4]! })),
})
const CRASH: AvailabilityPicture = { title: "Crash now", cells: [] }
const HANG: AvailabilityPicture = { title: "Hang forever", cells: [] }
const WHICH_THREAD: AvailabilityPicture = { title: "Which thread?", cells: [] }

/** Width and height from the PNG's IHDR chunk, which always comes right after the signature. */
const pngSize = (png: Uint8Array) => {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength)
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
  expect(bytes.subarray(12, 16).toString("latin1")).toBe("IHDR")
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}
const threadOf = async (pool: WorkerPool<AvailabilityPicture, Uint8Array>) => new TextDecoder().decode(await pool.run(WHICH_THREAD))

describe("the picture worker pool", () => {
  const pools: Array<WorkerPool<AvailabilityPicture, Uint8Array>> = []
  const poolOf = (entry: URL, options: Partial<WorkerPoolOptions> = {}) => {
    const pool = makeWorkerPool<AvailabilityPicture, Uint8Array>({ entry, size: 1, idleTimeoutMs: 60_000, taskTimeoutMs: 20_000, ...options })
    pools.push(pool)
    return pool
  }
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()))
  })

  it("GIVEN the real worker, started from TypeScript source WHEN it draws a 1–199 class THEN the answer is a PNG of the layout's size", async () => {
    const picture = classPicture("GT3 (1–199)")
    const png = await poolOf(REAL_WORKER).run(picture)
    const layout = layoutAvailability(picture)
    expect(pngSize(png)).toEqual({ width: layout.width, height: layout.height })
  })

  it("GIVEN two workers WHEN five different classes are asked for at once THEN each gets its own picture", async () => {
    const pool = poolOf(REAL_WORKER, { size: 2 })
    const pictures = [1, 2, 3, 4, 5].map((n) => classPicture(`Class ${n}`, 1, n * 40))
    const pngs = await Promise.all(pictures.map((picture) => pool.run(picture)))
    expect(pngs.map(pngSize)).toEqual(pictures.map((picture) => ({ width: layoutAvailability(picture).width, height: layoutAvailability(picture).height })))
  })

  it("GIVEN a picture the renderer refuses WHEN it is drawn THEN only that task fails AND the same worker draws the next one", async () => {
    const pool = poolOf(TROUBLED_WORKER)
    const before = await threadOf(pool)
    const tooBig: AvailabilityPicture = { title: "Too big", cells: Array.from({ length: MAX_CELLS + 1 }, (_, i) => ({ label: String(i), state: "free" })) }
    await expect(pool.run(tooBig)).rejects.toBeInstanceOf(WorkerTaskFailed)
    expect(await threadOf(pool)).toBe(before)
  })

  it("GIVEN a worker that dies mid-picture WHEN other pictures wait behind it THEN only that one fails AND a new worker draws the rest", async () => {
    const pool = poolOf(TROUBLED_WORKER)
    const before = await threadOf(pool)
    const [crashed, after, next] = await Promise.allSettled([pool.run(CRASH), threadOf(pool), pool.run(classPicture("GT3 (1–199)"))])
    expect(crashed.status === "rejected" && crashed.reason).toBeInstanceOf(WorkerCrashed)
    expect(crashed.status === "rejected" && String(crashed.reason)).toContain("exited with code 3")
    expect(after).toMatchObject({ status: "fulfilled" })
    expect(after.status === "fulfilled" && after.value).not.toBe(before)
    expect(next.status === "fulfilled" && pngSize(next.value).width).toBe(layoutAvailability(classPicture("x")).width)
  })

  it("GIVEN a worker that never answers WHEN its task timeout passes THEN that task fails AND a new worker takes the next", async () => {
    const pool = poolOf(TROUBLED_WORKER, { taskTimeoutMs: 1_000 })
    const before = await threadOf(pool)
    await expect(pool.run(HANG)).rejects.toBeInstanceOf(WorkerCrashed)
    expect(await threadOf(pool)).not.toBe(before)
  })

  it("GIVEN an idle worker WHEN its idle time passes THEN it ends AND the next picture starts a new one", async () => {
    const pool = poolOf(TROUBLED_WORKER, { idleTimeoutMs: 200 })
    const before = await threadOf(pool)
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(await threadOf(pool)).not.toBe(before)
  })

  it("GIVEN pictures running and waiting WHEN the pool closes THEN they fail as closed AND later ones are refused", async () => {
    const pool = poolOf(TROUBLED_WORKER)
    const outcomes = Promise.allSettled([pool.run(HANG), pool.run(classPicture("GT3 (1–199)"))])
    await pool.close()
    const [running, waiting] = await outcomes
    expect(running.status === "rejected" && running.reason).toBeInstanceOf(PoolClosed)
    expect(waiting.status === "rejected" && waiting.reason).toBeInstanceOf(PoolClosed)
    await expect(pool.run(classPicture("GT3 (1–199)"))).rejects.toBeInstanceOf(PoolClosed)
  })
})
