/**
 * Pitboard's Prometheus metrics, in a registry of their own (not prom-client's global one), so two
 * bots in one process (the tests) or a library that also uses prom-client never mix their numbers.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client"
import type { GatewayState } from "../../app/bot-status.js"
import { Metrics, type MetricsService } from "../../shared/metrics.js"
import type { Backlog } from "../sqlite/repositories/outbox.js"

/** Around Discord's deadline: the router defers at 2 s and Discord gives up at 3 s. */
export const ANSWER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5, 10]
/** A transaction blocks the event loop while it runs, so even 10 ms is worth seeing. */
export const TRANSACTION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]
/** Up to IRACING_TIMEOUT_SECONDS's default of 15 s and past it. */
export const IRACING_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30]

/** What is read at scrape time rather than counted as it happens. */
export interface Snapshot {
  readonly now: number
  readonly gateway: GatewayState
  readonly commandsRegistered: boolean
  /** Undefined when the database could not be read: the outbox gauges say NaN rather than something stale. */
  readonly backlog: Backlog | undefined
}

export interface PrometheusMetrics {
  readonly registry: Registry
  readonly recorder: MetricsService
  /** Sets the gauges that describe the present moment; call it just before `registry.metrics()`. */
  readonly observe: (snapshot: Snapshot) => void
  /** Memory, CPU, event-loop lag, GC: only worth their timers when someone scrapes. */
  readonly collectProcessMetrics: () => void
}

export const makePrometheusMetrics = (version: string): PrometheusMetrics => {
  const registry = new Registry()
  const registers = [registry]

  const interactions = new Counter({
    name: "pitboard_interactions_total",
    help: "Commands, clicks and forms handled, by route, kind and outcome (ok, refused, error, undelivered, interrupted)",
    labelNames: ["route", "kind", "outcome"] as const,
    registers,
  })
  const answerSeconds = new Histogram({
    name: "pitboard_interaction_duration_seconds",
    help: "Time from receiving an interaction to its last answer being sent",
    labelNames: ["kind"] as const,
    buckets: ANSWER_BUCKETS,
    registers,
  })
  const deferred = new Counter({
    name: "pitboard_interactions_deferred_total",
    help: "Interactions the router had to acknowledge because the handler was slow, by route",
    labelNames: ["route"] as const,
    registers,
  })
  const transactionSeconds = new Histogram({
    name: "pitboard_db_transaction_duration_seconds",
    help: "Write transactions (SQLite or PostgreSQL), by operation, including the wait for their turn",
    labelNames: ["operation"] as const,
    buckets: TRANSACTION_BUCKETS,
    registers,
  })
  const iracingCalls = new Counter({
    name: "pitboard_iracing_requests_total",
    help: "Calls to iRacing, by operation and outcome (ok, rate-limited, http-<status>, timeout, unreachable)",
    labelNames: ["operation", "outcome"] as const,
    registers,
  })
  const iracingSeconds = new Histogram({
    name: "pitboard_iracing_request_duration_seconds",
    help: "Time for one call to iRacing, by operation",
    labelNames: ["operation"] as const,
    buckets: IRACING_BUCKETS,
    registers,
  })
  const followUps = new Counter({
    name: "pitboard_followups_total",
    help: "Discord follow-ups (roles, DMs, cards, announcements…) by kind and result (sent, retry, given-up)",
    labelNames: ["kind", "result"] as const,
    registers,
  })
  const gatewayConnected = new Gauge({ name: "pitboard_gateway_connected", help: "1 while the Discord gateway is connected, else 0", registers })
  const gatewayPing = new Gauge({ name: "pitboard_gateway_ping_seconds", help: "The Discord gateway's last heartbeat round trip (NaN until the first)", registers })
  const ready = new Gauge({ name: "pitboard_ready", help: "1 when the gateway is connected and the slash commands are registered (what /readyz checks)", registers })
  const pending = new Gauge({ name: "pitboard_outbox_pending", help: "Discord follow-ups waiting to be delivered, in all servers", registers })
  const retrying = new Gauge({ name: "pitboard_outbox_retrying", help: "Waiting follow-ups that already failed at least once", registers })
  const givenUp = new Gauge({ name: "pitboard_outbox_given_up_24h", help: "Follow-ups given up in the last 24 hours", registers })
  const oldestAge = new Gauge({ name: "pitboard_outbox_oldest_pending_age_seconds", help: "How long the oldest waiting follow-up has waited (0 when none waits)", registers })
  new Gauge({ name: "pitboard_info", help: "Always 1; the release is in the label", labelNames: ["version"] as const, registers }).set({ version }, 1)

  const recorder: MetricsService = {
    interaction: ({ route, kind, outcome, seconds, deferred: wasDeferred }) => {
      interactions.inc({ route, kind, outcome })
      answerSeconds.observe({ kind }, seconds)
      if (wasDeferred) deferred.inc({ route })
    },
    transaction: (operation, seconds) => transactionSeconds.observe({ operation }, seconds),
    iracingCall: (operation, outcome, seconds) => {
      iracingCalls.inc({ operation, outcome })
      iracingSeconds.observe({ operation }, seconds)
    },
    followUp: (kind, result, count = 1) => followUps.inc({ kind, result }, count),
  }

  const outboxGauges = [pending, retrying, givenUp, oldestAge]
  const observe = ({ now, gateway, commandsRegistered, backlog }: Snapshot) => {
    gatewayConnected.set(gateway.connected ? 1 : 0)
    gatewayPing.set(gateway.pingMs === undefined ? Number.NaN : gateway.pingMs / 1000)
    ready.set(gateway.connected && commandsRegistered ? 1 : 0)
    if (backlog === undefined) {
      for (const gauge of outboxGauges) gauge.set(Number.NaN)
      return
    }
    pending.set(backlog.pending)
    retrying.set(backlog.retrying)
    givenUp.set(backlog.givenUpRecently)
    oldestAge.set(backlog.oldestPendingAt === null ? 0 : Math.max(0, now - backlog.oldestPendingAt) / 1000)
  }

  let collecting = false
  const collectProcessMetrics = () => {
    if (collecting) return
    collecting = true
    collectDefaultMetrics({ register: registry })
  }

  return { registry, recorder, observe, collectProcessMetrics }
}

export class Prometheus extends Context.Tag("pitboard/Prometheus")<Prometheus, PrometheusMetrics>() {}

/** The registry and, as the app's `Metrics`, the recorder that fills it. */
export const PrometheusLive = (version: string): Layer.Layer<Prometheus | Metrics> =>
  Layer.effectContext(
    Effect.sync(() => {
      const prometheus = makePrometheusMetrics(version)
      return Context.make(Prometheus, prometheus).pipe(Context.add(Metrics, prometheus.recorder))
    }),
  )
