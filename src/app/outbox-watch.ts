/**
 * The follow-up backlog in the log: once at start-up, then a Warning when something has waited
 * too long (a role Pitboard may not give, Discord down), repeated while it lasts, and a line when
 * it clears. Nobody watches /status at 3 a.m.; the log is where a volunteer looks afterwards.
 */
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Database } from "../adapters/sqlite/database.js"
import { readBacklog, type Backlog } from "../adapters/sqlite/repositories/outbox.js"

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

export interface WatchPolicy {
  /** A follow-up waiting longer than this is worth a Warning. */
  readonly stuckAfterMs: number
  /** While it stays stuck, the Warning comes again this often. */
  readonly remindEveryMs: number
}

export const DEFAULT_WATCH_POLICY: WatchPolicy = { stuckAfterMs: 5 * MINUTE, remindEveryMs: 30 * MINUTE }

/** When the last Warning went out; undefined while nothing is stuck. */
export type WatchState = { readonly warnedAt: number | undefined }

export type BacklogNotice = { readonly level: "warning" | "info"; readonly message: string } | undefined

const minutes = (ms: number) => `${Math.max(1, Math.round(ms / MINUTE))} min`

export const describeBacklog = (backlog: Backlog): string => {
  const waiting = backlog.pending === 0 ? "none waiting" : `${backlog.pending} waiting (${backlog.retrying} after a failed try)`
  return `Discord follow-ups: ${waiting}, ${backlog.givenUpRecently} given up in the last 24 h`
}

/** What to log about the backlog now, given when the last Warning went out. */
export const watchBacklog = (backlog: Backlog, now: number, state: WatchState, policy: WatchPolicy = DEFAULT_WATCH_POLICY): { readonly notice: BacklogNotice; readonly state: WatchState } => {
  const waitedMs = backlog.oldestPendingAt === null ? 0 : now - backlog.oldestPendingAt
  if (waitedMs <= policy.stuckAfterMs) {
    return state.warnedAt === undefined ? { notice: undefined, state } : { notice: { level: "info", message: `the follow-up backlog cleared: ${describeBacklog(backlog)}` }, state: { warnedAt: undefined } }
  }
  if (state.warnedAt !== undefined && now - state.warnedAt < policy.remindEveryMs) return { notice: undefined, state }
  return {
    notice: {
      level: "warning",
      message: `a Discord follow-up has waited ${minutes(waitedMs)}. ${describeBacklog(backlog)}. A member with Manage Server can see why with /status.`,
    },
    state: { warnedAt: now },
  }
}

const readNow = Effect.gen(function* () {
  const database = yield* Database
  const now = yield* Clock.currentTimeMillis
  return { now, backlog: yield* database.query("outbox.backlog", (db) => readBacklog(db, now - DAY)) }
})

export const OutboxWatchLive = (checkEvery: Duration.DurationInput = "1 minute", policy: WatchPolicy = DEFAULT_WATCH_POLICY) =>
  Layer.scopedDiscard(
    Effect.gen(function* () {
      const unreadable = Effect.catchAllCause((cause) => Effect.logError("could not read the follow-up backlog", cause))
      yield* readNow.pipe(Effect.flatMap(({ backlog }) => Effect.logInfo(describeBacklog(backlog))), unreadable)
      let state: WatchState = { warnedAt: undefined }
      const check = Effect.gen(function* () {
        const { now, backlog } = yield* readNow
        const next = watchBacklog(backlog, now, state, policy)
        state = next.state
        if (next.notice !== undefined) yield* (next.notice.level === "warning" ? Effect.logWarning : Effect.logInfo)(next.notice.message)
      })
      yield* check.pipe(
        unreadable,
        Effect.delay(checkEvery),
        Effect.forever,
        Effect.forkScoped,
      )
    }),
  )
