import { describe, expect, it } from "vitest"
import { ConnectionQueue } from "../../../../src/adapters/sqlite/connection-queue.js"

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

  it("GIVEN a caller waiting WHEN the holder releases THEN the event loop gets a turn (sockets, timers) before the next holder starts", async () => {
    const queue = new ConnectionQueue()
    await queue.acquire()
    const order: string[] = []
    const next = queue.acquire().then(() => order.push("next holder"))
    // Scheduled by the holder before it releases: a turn of the loop must come first.
    setImmediate(() => order.push("event loop turn"))
    queue.release()
    await next
    expect(order).toEqual(["event loop turn", "next holder"])
    queue.release()
    // Free again: the next caller does not wait.
    let immediate = false
    await queue.acquire().then(() => (immediate = true))
    expect(immediate).toBe(true)
  })
})
