import { describe, expect, it } from "vitest"
import { ConnectionQueue, TURN_BUDGET_MS } from "../../../../src/adapters/sqlite/connection-queue.js"

describe("ConnectionQueue: who uses the one SQLite connection", () => {
  it("GIVEN a free connection WHEN one caller asks THEN it gets it at once, before any other microtask", async () => {
    const queue = new ConnectionQueue()
    const order: string[] = []
    const acquired = queue.acquire().then(() => order.push("acquired"))
    void Promise.resolve().then(() => order.push("other microtask"))
    await acquired
    expect(order).toEqual(["acquired", "other microtask"])
    queue.release()
  })

  it("GIVEN 1,000 callers waiting WHEN each releases in turn THEN they hold it one at a time, in the order they asked", async () => {
    const queue = new ConnectionQueue()
    await queue.acquire()
    let holders = 0
    let most = 0
    const order: number[] = []
    const callers = Array.from({ length: 1000 }, (_, i) =>
      queue.acquire().then(() => {
        holders++
        most = Math.max(most, holders)
        order.push(i)
        holders--
        queue.release()
      }),
    )
    expect(queue.queued).toBe(1000)
    queue.release()
    await Promise.all(callers)
    expect(order).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(most).toBe(1)
    expect(queue.queued).toBe(0)
  })

  it("GIVEN a caller waiting WHEN the holder releases within the turn budget THEN the next holder starts before the loop's next turn", async () => {
    const queue = new ConnectionQueue(() => 0)
    await queue.acquire()
    const order: string[] = []
    const next = queue.acquire().then(() => order.push("next holder"))
    setImmediate(() => order.push("event loop turn"))
    queue.release()
    await next
    expect(order).toEqual(["next holder"])
    queue.release()
  })

  it("GIVEN callers waiting WHEN holders have kept the connection past the turn budget THEN the event loop gets a turn (sockets, timers) before the next holder starts", async () => {
    let clock = 0
    const queue = new ConnectionQueue(() => clock, TURN_BUDGET_MS)
    await queue.acquire()
    const order: string[] = []
    const second = queue.acquire().then(() => order.push("second holder"))
    const third = queue.acquire().then(() => order.push("third holder"))
    queue.release()
    await second
    // The second holder's transaction ran past the budget: the loop comes first now.
    clock += TURN_BUDGET_MS
    setImmediate(() => order.push("event loop turn"))
    queue.release()
    await third
    expect(order).toEqual(["second holder", "event loop turn", "third holder"])
    queue.release()
    // Free again: the next caller does not wait.
    let immediate = false
    await queue.acquire().then(() => (immediate = true))
    expect(immediate).toBe(true)
  })

  it("GIVEN 1,000 callers waiting WHEN each holds the connection for 0.1 ms THEN about a budget's worth run back to back between two passes of the loop", async () => {
    let clock = 0
    const holdersPerPass = new Map<number, number>()
    await holdOneAfterAnother(new ConnectionQueue(() => clock), (pass) => {
      holdersPerPass.set(pass, (holdersPerPass.get(pass) ?? 0) + 1)
      clock += 0.1
    })
    const most = Math.max(...holdersPerPass.values())
    // ~40 holders fill the 4 ms budget (give or take the one that opens it and the clock's
    // rounding): one per pass was the old queue's cold start, all in one pass a starved loop.
    expect(most).toBeGreaterThanOrEqual(TURN_BUDGET_MS / 0.1 - 5)
    expect(most).toBeLessThanOrEqual(TURN_BUDGET_MS / 0.1 + 5)
  })

  it("GIVEN 1,000 callers waiting and a real clock WHEN each holds the connection for 0.1 ms THEN the loop gets passes in between, but not one per transaction", async () => {
    const passes = await holdOneAfterAnother(new ConnectionQueue(), () => {
      const until = performance.now() + 0.1
      while (performance.now() < until);
    })
    expect(passes).toBeGreaterThanOrEqual(2)
    expect(passes).toBeLessThan(500)
  })
})

/**
 * 1,000 callers queue for the connection and each runs `hold` while holding it, told how many
 * `setImmediate` passes of the event loop have gone by; resolves to the passes in all.
 */
const holdOneAfterAnother = async (queue: ConnectionQueue, hold: (pass: number) => void): Promise<number> => {
  await queue.acquire()
  let passes = 0
  let running = true
  const countPasses = () => {
    passes++
    if (running) setImmediate(countPasses)
  }
  setImmediate(countPasses)
  const callers = Array.from({ length: 1000 }, () =>
    queue.acquire().then(() => {
      hold(passes)
      queue.release()
    }),
  )
  queue.release()
  await Promise.all(callers)
  running = false
  return passes
}
