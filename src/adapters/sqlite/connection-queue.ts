/**
 * Who holds the one SQLite connection, and who waits for it, in arrival order.
 *
 * Kysely's own mutex wakes every waiter at each release (the first to run wins, the rest wait
 * again): with 1,000 claims queued that is half a million wake-ups, and because better-sqlite3
 * answers at once, the whole queue ran one transaction after another on microtasks without the
 * event loop ever getting a turn. Answers already made sat unsent, timers (the router's 2 s
 * acknowledgement) could not fire, and members got "The application did not respond".
 *
 * Here a release hands the connection to the next waiter only, on the next turn of the event loop
 * (`setImmediate`), so between two queued transactions the loop sends what is ready and fires
 * what is due. An uncontended acquire costs nothing extra.
 */
export class ConnectionQueue {
  private held = false
  private readonly waiting: Array<() => void> = []
  private next = 0

  async acquire(): Promise<void> {
    if (!this.held) {
      this.held = true
      return
    }
    // Ownership passes straight to the waiter: `held` stays true across the handover.
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  release(): void {
    if (this.next >= this.waiting.length) {
      this.held = false
      this.waiting.length = 0
      this.next = 0
      return
    }
    const handOver = this.waiting[this.next]!
    this.waiting[this.next++] = noop
    setImmediate(handOver)
  }

  /** How many wait for the connection now; for tests. */
  get queued(): number {
    return this.waiting.length - this.next
  }
}

const noop = () => undefined
