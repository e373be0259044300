/** How long queued transactions run back to back before the next one waits for a pass of the event loop. */
export const TURN_BUDGET_MS = 4

/**
 * Who holds the one SQLite connection, and who waits for it, in arrival order.
 *
 * Kysely's own mutex wakes every waiter at each release (the first to run wins, the rest wait
 * again): with 1,000 claims queued that is half a million wake-ups, and because better-sqlite3
 * answers at once, the whole queue ran one transaction after another on microtasks without the
 * event loop ever getting a turn. Answers already made sat unsent, timers (the router's 2 s
 * acknowledgement) could not fire, and members got "The application did not respond".
 *
 * Here a release hands the connection to the next waiter only. Within TURN_BUDGET_MS of the first
 * handover since the loop's last pass the next waiter starts at once; past it, the handover waits
 * for `setImmediate`. Sockets are read and timers fired (the router's 2 s acknowledgement) every
 * two budgets or so, as the budget may run out in the poll phase, whose `setImmediate` pass comes
 * before the loop goes round. A pass after every transaction (as this queue first did) cost a
 * 1,000-claim burst 10–20 % of its answers per second, each claim starting cold after a turn of
 * Discord's work. An uncontended acquire costs nothing extra. On PostgreSQL, where a transaction
 * waits on the network, the budget is never used up: the next server transaction starts at once.
 */
export class ConnectionQueue {
  private held = false
  private readonly waiting: Array<() => void> = []
  private next = 0
  /** When the first handover since the loop's last turn happened; undefined until then. */
  private turnStartedAt: number | undefined

  private readonly now: () => number
  private readonly budgetMs: number

  constructor(now: () => number = () => performance.now(), budgetMs: number = TURN_BUDGET_MS) {
    this.now = now
    this.budgetMs = budgetMs
  }

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
    if (this.withinTurnBudget()) handOver()
    else setImmediate(handOver)
  }

  private withinTurnBudget(): boolean {
    const now = this.now()
    if (this.turnStartedAt === undefined) {
      this.turnStartedAt = now
      setImmediate(() => (this.turnStartedAt = undefined))
    }
    return now - this.turnStartedAt < this.budgetMs
  }

  /** How many wait for the connection now; for tests. */
  get queued(): number {
    return this.waiting.length - this.next
  }
}

const noop = () => undefined
