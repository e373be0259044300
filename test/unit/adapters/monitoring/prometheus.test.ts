import { describe, expect, it } from "vitest"
import { makePrometheusMetrics, type Snapshot } from "../../../../src/adapters/monitoring/prometheus.js"
import { parsePrometheusText } from "../../../support/prometheus-text.js"

const scrape = async (metrics: ReturnType<typeof makePrometheusMetrics>) => parsePrometheusText(await metrics.registry.metrics())

const NOW = 1_800_000_000_000
const connected: Snapshot["gateway"] = { connected: true, state: "connected", pingMs: 42 }
const backlog = { pending: 3, retrying: 1, givenUpRecently: 2, oldestPendingAt: NOW - 90_000 }

describe("Pitboard's Prometheus metrics", () => {
  it("GIVEN interactions answered in 40 ms, 2.2 s and 4 s THEN the counter has each outcome AND the latency buckets around Discord's 3 s split them", async () => {
    const metrics = makePrometheusMetrics("1.2.3")
    metrics.recorder.interaction({ route: "/number claim", kind: "command", outcome: "ok", seconds: 0.04, deferred: false })
    metrics.recorder.interaction({ route: "/number claim", kind: "command", outcome: "ok", seconds: 2.2, deferred: true })
    metrics.recorder.interaction({ route: "rn.reg", kind: "button", outcome: "undelivered", seconds: 4, deferred: true })
    const text = await scrape(metrics)
    expect(text.value("pitboard_interactions_total", { route: "/number claim", kind: "command", outcome: "ok" })).toBe(2)
    expect(text.value("pitboard_interactions_total", { route: "rn.reg", kind: "button", outcome: "undelivered" })).toBe(1)
    expect(text.value("pitboard_interaction_duration_seconds_bucket", { kind: "command", le: "0.05" })).toBe(1)
    expect(text.value("pitboard_interaction_duration_seconds_bucket", { kind: "command", le: "2" })).toBe(1)
    expect(text.value("pitboard_interaction_duration_seconds_bucket", { kind: "command", le: "2.5" })).toBe(2)
    expect(text.value("pitboard_interaction_duration_seconds_bucket", { kind: "button", le: "3" })).toBe(0)
    expect(text.value("pitboard_interaction_duration_seconds_bucket", { kind: "button", le: "5" })).toBe(1)
    expect(text.value("pitboard_interaction_duration_seconds_sum", { kind: "command" })).toBeCloseTo(2.24)
    expect(text.value("pitboard_interactions_deferred_total", { route: "/number claim" })).toBe(1)
    expect(text.value("pitboard_interactions_deferred_total", { route: "rn.reg" })).toBe(1)
    expect(text.value("pitboard_info", { version: "1.2.3" })).toBe(1)
  })

  it("GIVEN transactions, iRacing calls and follow-ups THEN each is counted under its own labels", async () => {
    const metrics = makePrometheusMetrics("1.2.3")
    metrics.recorder.transaction("claims.claim", 0.0007)
    metrics.recorder.transaction("claims.claim", 0.02)
    metrics.recorder.iracingCall("GET /data/league/get", "ok", 0.3)
    metrics.recorder.iracingCall("GET /data/league/get", "http-503", 0.1)
    metrics.recorder.followUp("DriverRole", "given-up")
    metrics.recorder.followUp("Announce", "sent", 4)
    const text = await scrape(metrics)
    expect(text.value("pitboard_db_transaction_duration_seconds_count", { operation: "claims.claim" })).toBe(2)
    expect(text.value("pitboard_db_transaction_duration_seconds_bucket", { operation: "claims.claim", le: "0.001" })).toBe(1)
    expect(text.value("pitboard_iracing_requests_total", { operation: "GET /data/league/get", outcome: "ok" })).toBe(1)
    expect(text.value("pitboard_iracing_requests_total", { operation: "GET /data/league/get", outcome: "http-503" })).toBe(1)
    expect(text.value("pitboard_iracing_request_duration_seconds_count", { operation: "GET /data/league/get" })).toBe(2)
    expect(text.value("pitboard_followups_total", { kind: "DriverRole", result: "given-up" })).toBe(1)
    expect(text.value("pitboard_followups_total", { kind: "Announce", result: "sent" })).toBe(4)
  })

  it("GIVEN a scrape's snapshot THEN the gateway, readiness and outbox gauges show it, the oldest wait in seconds from now", async () => {
    const metrics = makePrometheusMetrics("1.2.3")
    metrics.observe({ now: NOW, gateway: connected, commandsRegistered: true, backlog })
    const text = await scrape(metrics)
    expect(text.value("pitboard_gateway_connected")).toBe(1)
    expect(text.value("pitboard_gateway_ping_seconds")).toBe(0.042)
    expect(text.value("pitboard_ready")).toBe(1)
    expect(text.value("pitboard_outbox_pending")).toBe(3)
    expect(text.value("pitboard_outbox_retrying")).toBe(1)
    expect(text.value("pitboard_outbox_given_up_24h")).toBe(2)
    expect(text.value("pitboard_outbox_oldest_pending_age_seconds")).toBe(90)
  })

  it("GIVEN commands not registered, no heartbeat yet and an unreadable database THEN not ready, and ping and outbox say NaN rather than a stale number", async () => {
    const metrics = makePrometheusMetrics("1.2.3")
    metrics.observe({ now: NOW, gateway: connected, commandsRegistered: true, backlog })
    metrics.observe({ now: NOW, gateway: { connected: true, state: "connected", pingMs: undefined }, commandsRegistered: false, backlog: undefined })
    const text = await scrape(metrics)
    expect(text.value("pitboard_gateway_connected")).toBe(1)
    expect(text.value("pitboard_ready")).toBe(0)
    expect(text.value("pitboard_gateway_ping_seconds")).toBeNaN()
    expect(text.value("pitboard_outbox_pending")).toBeNaN()
    expect(text.value("pitboard_outbox_oldest_pending_age_seconds")).toBeNaN()
  })

  it("GIVEN nothing waits THEN the oldest wait is 0, not the age of the epoch", async () => {
    const metrics = makePrometheusMetrics("1.2.3")
    metrics.observe({ now: NOW, gateway: connected, commandsRegistered: true, backlog: { pending: 0, retrying: 0, givenUpRecently: 0, oldestPendingAt: null } })
    expect((await scrape(metrics)).value("pitboard_outbox_oldest_pending_age_seconds")).toBe(0)
  })

  it("GIVEN two bots in one process THEN their registries count separately, and neither touches prom-client's global one", async () => {
    const { register } = await import("prom-client")
    const first = makePrometheusMetrics("1.2.3")
    const second = makePrometheusMetrics("1.2.3")
    first.recorder.followUp("Announce", "sent")
    expect((await scrape(first)).value("pitboard_followups_total", { kind: "Announce", result: "sent" })).toBe(1)
    expect((await scrape(second)).value("pitboard_followups_total", { kind: "Announce", result: "sent" })).toBeUndefined()
    expect(await register.metrics()).not.toContain("pitboard_")
  })

  it("GIVEN process metrics asked for twice THEN memory and event-loop lag are served once, without a duplicate registration", async () => {
    const metrics = makePrometheusMetrics("1.2.3")
    metrics.collectProcessMetrics()
    metrics.collectProcessMetrics()
    const text = await scrape(metrics)
    expect(text.types.get("process_resident_memory_bytes")).toBe("gauge")
    expect(text.types.get("nodejs_eventloop_lag_seconds")).toBe("gauge")
  })
})
