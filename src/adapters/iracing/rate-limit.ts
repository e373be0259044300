import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { IracingRateLimited } from "./errors.js"
import { header, type HttpReply } from "./http.js"

export interface RateLimitGate {
  /** Waits while the last answer said the quota is used up; fails at once if the reset is too far away. */
  readonly beforeRequest: (operation: string) => Effect.Effect<void, IracingRateLimited>
  /** Seeds the gate from `x-ratelimit-remaining` / `x-ratelimit-reset`. */
  readonly observe: (reply: HttpReply) => Effect.Effect<void>
  /** After a 429: waits for the reset (bounded) so the caller may retry once more. */
  readonly waitAfter429: (reply: HttpReply, operation: string) => Effect.Effect<void, IracingRateLimited>
}

export interface RateLimitOptions {
  readonly maxWaitMs: number
  readonly marginMs: number
}

interface Window {
  readonly remaining: number | null
  readonly resetAt: number | null
}

// Used when a 429 arrives without any reset hint, which iRacing has not been seen to do.
const FALLBACK_WAIT_MS = 5_000

/** `x-ratelimit-reset` is epoch seconds; the IETF-style `ratelimit-reset` and `retry-after` are deltas. */
export const resetAtOf = (reply: HttpReply, now: number): number | null => {
  for (const name of ["x-ratelimit-reset", "ratelimit-reset", "retry-after"]) {
    const value = Number(header(reply, name))
    if (header(reply, name) === undefined || !Number.isFinite(value) || value < 0) continue
    return value > 1e9 ? value * 1000 : now + value * 1000
  }
  return null
}

const remainingOf = (reply: HttpReply): number | null => {
  const text = header(reply, "x-ratelimit-remaining") ?? header(reply, "ratelimit-remaining")
  const value = Number(text)
  return text === undefined || !Number.isFinite(value) ? null : value
}

export const makeRateLimitGate = (options: RateLimitOptions): Effect.Effect<RateLimitGate> =>
  Effect.gen(function* () {
    const window = yield* Ref.make<Window>({ remaining: null, resetAt: null })

    const waitUntil = (resetAt: number, operation: string, why: string) =>
      Effect.gen(function* () {
        const delay = resetAt - (yield* Clock.currentTimeMillis) + options.marginMs
        if (delay > options.maxWaitMs) return yield* Effect.fail(new IracingRateLimited({ operation, resetAt }))
        if (delay <= 0) return
        yield* Effect.logInfo(`iRacing: ${why}; waiting ${delay} ms for the reset`).pipe(Effect.annotateLogs({ operation }))
        yield* Effect.sleep(delay)
        yield* Ref.update(window, (w) => (w.resetAt !== null && w.resetAt <= resetAt ? { remaining: null, resetAt: null } : w))
      })

    const beforeRequest = (operation: string) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        // Optimistic decrement: concurrent calls share the quota the last answer reported.
        const blockedUntil = yield* Ref.modify(window, (w): [number | null, Window] => {
          if (w.resetAt === null || now >= w.resetAt) return [null, { remaining: null, resetAt: null }]
          if (w.remaining === null) return [null, w]
          if (w.remaining <= 0) return [w.resetAt, w]
          return [null, { ...w, remaining: w.remaining - 1 }]
        })
        if (blockedUntil !== null) yield* waitUntil(blockedUntil, operation, "request quota used up")
      })

    const observe = (reply: HttpReply) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const remaining = remainingOf(reply)
        const resetAt = resetAtOf(reply, now)
        if (remaining !== null && resetAt !== null) yield* Ref.set(window, { remaining, resetAt })
      })

    const waitAfter429 = (reply: HttpReply, operation: string) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const resetAt = resetAtOf(reply, now) ?? now + FALLBACK_WAIT_MS
        yield* Ref.set(window, { remaining: 0, resetAt })
        yield* waitUntil(resetAt, operation, "rate limited (429)")
      })

    return { beforeRequest, observe, waitAfter429 }
  })
