/**
 * How Pitboard stops: on SIGTERM or SIGINT, whichever process of `npm start` gets it, it stops
 * taking clicks, finishes those in flight, leaves unsent follow-ups in the outbox, disconnects and
 * closes the database, all within STOP_WITHIN_MS.
 */

/** The whole stop, from the signal to the exit. Service managers must wait longer (see deploy/). */
export const STOP_WITHIN_MS = 10_000

/**
 * How the whole is shared out. Each step cuts off its own work when its share runs out and logs
 * what it cut off; the shares add up to less than the whole, so the whole bound only catches a
 * step that hangs (the database close, say).
 */
export const STOP_SHARES = { interactions: "6 seconds", followUps: "2 seconds", discord: "1 second" } as const

export type StopOutcome = { readonly _tag: "Stopped" } | { readonly _tag: "Failed"; readonly error: unknown } | { readonly _tag: "TimedOut" }

/** Runs `stop`, but gives up waiting for it after `withinMs`. */
export const stopWithin = (stop: () => Promise<void>, withinMs: number): Promise<StopOutcome> => {
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<StopOutcome>((resolve) => (timer = setTimeout(() => resolve({ _tag: "TimedOut" }), withinMs)))
  const stopped = stop().then(
    (): StopOutcome => ({ _tag: "Stopped" }),
    (error: unknown): StopOutcome => ({ _tag: "Failed", error }),
  )
  return Promise.race([stopped, timedOut]).finally(() => clearTimeout(timer))
}

/**
 * One Ctrl+C can arrive twice: the terminal signals the whole process group, and npm forwards
 * the signal to its child as well. A repeat this soon after the first is that echo, not a second
 * press.
 */
export const ECHO_WITHIN_MS = 500

export interface StopSignals {
  /** The first signal: stop cleanly. */
  readonly stop: (reason: string) => void
  /** A second one, as a second Ctrl+C: exit without waiting. */
  readonly quitNow: (signal: NodeJS.Signals) => void
}

/** Decides what each signal means; `now` is passed in so the echo rule is tested without waiting. */
export const signalMeaning = ({ stop, quitNow }: StopSignals, now: () => number = Date.now) => {
  let firstAt: number | undefined
  return (signal: NodeJS.Signals): void => {
    const at = now()
    if (firstAt === undefined) {
      firstAt = at
      stop(`${signal} received`)
    } else if (at - firstAt >= ECHO_WITHIN_MS) quitNow(signal)
  }
}

export const onStopSignals = (meaning: StopSignals): void => {
  const onSignal = signalMeaning(meaning)
  // `on`, never `once`: once a `once` handler is spent, the next signal falls through to Node's
  // default and kills the process in the middle of closing the database.
  process.on("SIGINT", onSignal)
  process.on("SIGTERM", onSignal)
}

/**
 * `npm start` runs the bot through a shell (`sh -c node …`). On SIGTERM or SIGINT, npm 11 passes
 * the signal to that shell only (@npmcli/run-script's signal-manager.js) and then exits; dash,
 * Debian's sh, dies of it without passing it on, so the bot kept running with nobody left to stop
 * it (what a unit file or `docker stop` pointing at npm did). So under npm (npm sets
 * `npm_lifecycle_event` for its scripts) the bot stops when its parent goes away. Node has no
 * event for that; a look at `process.ppid` once a second costs nothing. Started any other way (a
 * service manager, `nohup node …`), the parent is none of its business.
 */
export const stopWhenParentExits = (stop: (reason: string) => void, env: NodeJS.ProcessEnv = process.env): void => {
  if (env.npm_lifecycle_event === undefined) return
  const parent = process.ppid
  const watch = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(watch)
    stop("npm exited")
  }, 1000)
  watch.unref()
}
