import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"

/**
 * A clock stopped at `ms`, whose sleeps end at once: for use cases that read "now" once and must
 * see a chosen instant (Effect.withClock), where TestClock's adjusting would be beside the point.
 */
export const fixedClock = (ms: number): Clock.Clock => ({
  [Clock.ClockTypeId]: Clock.ClockTypeId,
  unsafeCurrentTimeMillis: () => ms,
  currentTimeMillis: Effect.succeed(ms),
  unsafeCurrentTimeNanos: () => BigInt(ms) * 1_000_000n,
  currentTimeNanos: Effect.succeed(BigInt(ms) * 1_000_000n),
  sleep: () => Effect.void,
})
