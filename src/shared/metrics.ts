import * as Context from "effect/Context"

/**
 * Where the router, the database, the iRacing adapter and the follow-up worker count what they do,
 * for /metrics. Plain synchronous calls: they run on every interaction and every transaction, so
 * recording must cost no more than a map lookup and never fail.
 */
export interface MetricsService {
  readonly interaction: (answered: AnsweredInteraction) => void
  readonly transaction: (operation: string, seconds: number) => void
  readonly iracingCall: (operation: string, outcome: IracingCallOutcome, seconds: number) => void
  readonly followUp: (kind: string, result: FollowUpResult, count?: number) => void
}

export interface AnsweredInteraction {
  /** A command path (`/number claim`) or a component route (`rn.reg`), as the log line names it. */
  readonly route: string
  readonly kind: string
  readonly outcome: string
  readonly seconds: number
  readonly deferred: boolean
}

/** `ok` for a 2xx, `rate-limited` for a 429, `http-<status>` otherwise; no answer is `timeout` or `unreachable`. */
export type IracingCallOutcome = "ok" | "rate-limited" | `http-${number}` | "timeout" | "unreachable"

export const iracingReplyOutcome = (status: number): IracingCallOutcome =>
  status >= 200 && status < 300 ? "ok" : status === 429 ? "rate-limited" : `http-${status}`

export type FollowUpResult = "sent" | "given-up" | "retry"

const nothing = () => undefined
export const NO_METRICS: MetricsService = { interaction: nothing, transaction: nothing, iracingCall: nothing, followUp: nothing }

/**
 * A reference with a default, not a requirement: code that runs without the app's layers (unit
 * tests of the database, the worker's property test) records nowhere instead of needing a stub.
 */
export class Metrics extends Context.Reference<Metrics>()("pitboard/Metrics", { defaultValue: (): MetricsService => NO_METRICS }) {}
