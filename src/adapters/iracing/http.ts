import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { iracingReplyOutcome, Metrics, type IracingCallOutcome, type MetricsService } from "../../shared/metrics.js"
import { IracingBadPayload, IracingMaintenance, IracingTimeout, IracingUnavailable } from "./errors.js"

export interface HttpRequest {
  readonly method: "GET" | "POST"
  readonly url: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
  /** Names the call in errors and logs; never contains a query string (presigned URLs carry signatures). */
  readonly operation: string
  /** Names the call in metrics when `operation` differs from call to call (a presigned file's path); default: `operation`. */
  readonly metricName?: string
}

export interface HttpReply {
  readonly status: number
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  readonly body: string
}

export interface Transport {
  readonly send: (request: HttpRequest) => Effect.Effect<HttpReply, IracingTimeout | IracingUnavailable>
}

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"])

/**
 * One undici Agent per adapter, closed with the layer's scope. Its connect/headers/body timeouts
 * catch a stalled socket; the Effect timeout around each call bounds the whole exchange, and
 * interrupting it aborts the request through the signal.
 */
export const makeTransport = (timeoutMs: number): Effect.Effect<Transport, never, Scope.Scope> =>
  Effect.gen(function* () {
    // Loaded here, not at start-up: a league without iRacing credentials never needs it.
    const { Agent, request } = yield* Effect.promise(() => import("undici"))
    const agent = yield* Effect.acquireRelease(
      Effect.sync(
        () =>
          new Agent({
            connect: { timeout: timeoutMs },
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
            keepAliveTimeout: 10_000,
          }),
      ),
      (agent) =>
        // close() waits for requests in flight; a hung one must not hold up shutdown.
        Effect.promise(() => agent.close()).pipe(
          Effect.timeoutTo({ duration: 1_000, onSuccess: () => Effect.void, onTimeout: () => Effect.promise(() => agent.destroy()) }),
          Effect.flatten,
          Effect.catchAllDefect(() => Effect.void),
        ),
    )
    const metrics = yield* Metrics
    const send = ({ method, url, headers, body, operation, metricName }: HttpRequest) =>
      Effect.tryPromise({
        try: async (signal) => {
          const response = await request(url, { method, headers: { ...headers }, body, dispatcher: agent, signal })
          const text = await response.body.text()
          return { status: response.statusCode, headers: response.headers, body: text } satisfies HttpReply
        },
        catch: (cause): IracingTimeout | IracingUnavailable => {
          const code = (cause as { code?: unknown } | null)?.code
          return typeof code === "string" && TIMEOUT_CODES.has(code)
            ? new IracingTimeout({ operation, afterMs: timeoutMs })
            : new IracingUnavailable({ operation, status: null })
        },
      }).pipe(
        Effect.timeoutFail({ duration: timeoutMs, onTimeout: () => new IracingTimeout({ operation, afterMs: timeoutMs }) }),
        // The operation, never the URL: presigned URLs and query strings carry signatures.
        Effect.timed,
        Effect.tap(([took, reply]) => Effect.logDebug(`iRacing: ${operation} answered ${reply.status} in ${Math.round(Duration.toMillis(took))} ms`)),
        Effect.map(([, reply]) => reply),
        Effect.tapError((error) => Effect.logDebug(`iRacing: ${operation} failed: ${error.message}`)),
        countedAs(metrics, metricName ?? operation),
        Effect.withSpan("Iracing.http", { attributes: { operation, method } }),
      )
    return { send }
  })

/** Every answer or failure is counted; an interrupted call (the bot stopping) is not an outcome. */
const countedAs =
  (metrics: MetricsService, name: string) =>
  <E extends IracingTimeout | IracingUnavailable, R>(call: Effect.Effect<HttpReply, E, R>): Effect.Effect<HttpReply, E, R> =>
    Effect.suspend(() => {
      const started = performance.now()
      const count = (outcome: IracingCallOutcome) => Effect.sync(() => metrics.iracingCall(name, outcome, (performance.now() - started) / 1000))
      return call.pipe(
        Effect.tap((reply) => count(iracingReplyOutcome(reply.status))),
        Effect.tapError((error) => count(error._tag === "IracingTimeout" ? "timeout" : "unreachable")),
      )
    })

export const header = (reply: HttpReply, name: string): string | undefined => {
  const value = reply.headers[name.toLowerCase()]
  return typeof value === "string" ? value : value?.[0]
}

// Not just "starts with <": S3's 503 SlowDown is XML and is not maintenance.
const looksLikeHtml = (body: string): boolean => /<!doctype html|<html[\s>]/i.test(body.slice(0, 1_000))

const jsonOrUndefined = (body: string): unknown => {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

/** iRacing says `{"error":"Site Maintenance"}`; the login page may answer HTML instead, which only maintenance produces. */
export const isMaintenance = (reply: HttpReply): boolean => {
  if (reply.status !== 503) return false
  if (looksLikeHtml(reply.body)) return true
  const json = jsonOrUndefined(reply.body) as { error?: unknown; note?: unknown } | undefined
  return /maintenance/i.test(`${String(json?.error ?? "")} ${String(json?.note ?? "")}`)
}

/** For statuses the caller has no special handling for: maintenance, or unavailable with the status. */
export const unexpectedStatus = (reply: HttpReply, operation: string): IracingMaintenance | IracingUnavailable =>
  isMaintenance(reply) ? new IracingMaintenance({ operation }) : new IracingUnavailable({ operation, status: reply.status })

export const parseJson = (reply: HttpReply, endpoint: string): Effect.Effect<unknown, IracingBadPayload> => {
  const json = jsonOrUndefined(reply.body)
  return json === undefined
    ? Effect.fail(new IracingBadPayload({ endpoint, path: "the body", problem: "is not JSON" }))
    : Effect.succeed(json)
}

/** Presigned URLs carry credentials in the query: keep only scheme, host and path for messages. */
export const describeUrl = (url: string): string => {
  try {
    const { origin, pathname } = new URL(url)
    return origin + pathname
  } catch {
    return "an invalid URL"
  }
}
