/**
 * The opt-in HTTP listener (HEALTH_PORT): /healthz, /readyz and /metrics, on Node's own `http`.
 * It starts before the bot logs in to Discord, so a service manager sees "alive, not ready" during
 * start-up, and stops after the bot has disconnected.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Runtime from "effect/Runtime"
import { BotStatus } from "../../app/bot-status.js"
import type { HealthListener } from "../../app/app-config.js"
import { healthProblems, outboxBacklog, readinessProblems } from "../../app/health.js"
import { StartupError } from "../discord/connect.js"
import type { Database } from "../sqlite/database.js"
import { Prometheus } from "./prometheus.js"

interface Reply {
  readonly status: number
  readonly body: string
  readonly contentType?: string
}

const TEXT = "text/plain; charset=utf-8"

const verdict = (problems: ReadonlyArray<string>, good: string, bad: string): Reply =>
  problems.length === 0 ? { status: 200, body: `${good}\n` } : { status: 503, body: `${bad}: ${problems.join("; ")}\n` }

const metrics = Effect.gen(function* () {
  const prometheus = yield* Prometheus
  const status = yield* BotStatus
  prometheus.observe({ now: yield* Clock.currentTimeMillis, gateway: status.gateway(), commandsRegistered: status.commandsRegistered(), backlog: yield* outboxBacklog })
  const body = yield* Effect.promise(() => prometheus.registry.metrics())
  return { status: 200, body, contentType: prometheus.registry.contentType } satisfies Reply
})

const replyTo = (method: string | undefined, path: string): Effect.Effect<Reply, never, Database | BotStatus | Prometheus> => {
  if (method !== "GET" && method !== "HEAD") return Effect.succeed({ status: 405, body: "only GET and HEAD\n" })
  switch (path) {
    case "/healthz":
      return Effect.map(healthProblems, (problems) => verdict(problems, "ok", "unhealthy"))
    case "/readyz":
      return Effect.map(readinessProblems, (problems) => verdict(problems, "ready", "not ready"))
    case "/metrics":
      return metrics
    default:
      return Effect.succeed({ status: 404, body: "not found: try /healthz, /readyz or /metrics\n" })
  }
}

const send = (request: IncomingMessage, response: ServerResponse, reply: Reply) => {
  response.writeHead(reply.status, { "content-type": reply.contentType ?? TEXT, "cache-control": "no-store" })
  response.end(request.method === "HEAD" ? undefined : reply.body)
}

const listen = (server: Server, { host, port }: HealthListener) =>
  Effect.async<number, StartupError>((resume) => {
    const failed = (error: NodeJS.ErrnoException) =>
      resume(
        Effect.fail(
          new StartupError({
            message: `the health listener could not open ${host}:${port} (${error.code ?? error.message}). Choose another HEALTH_PORT, fix HEALTH_HOST, or leave HEALTH_PORT unset.`,
          }),
        ),
      )
    server.once("error", failed)
    server.listen(port, host, () => {
      server.off("error", failed)
      resume(Effect.succeed((server.address() as AddressInfo).port))
    })
  })

const close = (server: Server) =>
  Effect.async<void>((resume) => {
    server.close(() => resume(Effect.void))
    // A scraper's kept-alive connection would otherwise hold the close (and the shutdown) open.
    server.closeAllConnections()
  })

/** `onListening` gets the bound port: HEALTH_PORT=0 picks a free one (the tests do). */
export const HealthServerLive = (listener: HealthListener, onListening?: (port: number) => void) =>
  Layer.scopedDiscard(
    Effect.gen(function* () {
      const runtime = yield* Effect.runtime<Database | BotStatus | Prometheus>()
      const answer = Runtime.runPromise(runtime)
      const prometheus = yield* Prometheus
      prometheus.collectProcessMetrics()
      const server = createServer((request, response) => {
        const path = new URL(request.url ?? "/", "http://health").pathname
        answer(replyTo(request.method, path)).then(
          (reply) => send(request, response, reply),
          (error: unknown) => send(request, response, { status: 500, body: `internal error: ${String(error)}\n` }),
        )
      })
      const port = yield* Effect.acquireRelease(listen(server, listener), () => close(server))
      yield* Effect.logInfo(`health and metrics on http://${listener.host}:${port} (/healthz, /readyz, /metrics)`)
      onListening?.(port)
    }),
  )
