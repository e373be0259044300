import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type { DatabaseService } from "../sqlite/database.js"
import type { IracingCredentials, IracingSettings } from "./config.js"
import { IracingAuthFailed, IracingBadPayload, IracingDownloadFailed, IracingMaintenance, IracingRateLimited, type IracingError } from "./errors.js"
import { describeUrl, parseJson, unexpectedStatus, type HttpReply, type Transport, makeTransport } from "./http.js"
import { ChunkInfoPayload, decodePayload } from "./payloads.js"
import { makeRateLimitGate, resetAtOf } from "./rate-limit.js"
import { makeTokenOwner } from "./tokens.js"
import { makeTokenVault } from "./token-vault.js"

/** `undefined` values are left out; arrays become iRacing's comma-separated lists. */
export type QueryParams = Readonly<Record<string, string | number | boolean | ReadonlyArray<number> | undefined>>

export interface IracingClient {
  /**
   * GET `/data/...`, follow `link`, then `data_url`, then merge `chunk_info` chunks into
   * `chunk_data`, and decode with `schema`.
   */
  readonly get: <A, I>(endpoint: string, params: QueryParams, schema: Schema.Schema<A, I>) => Effect.Effect<A, IracingError>
}

const RATE_LIMIT_BODY = "Rate limit exceeded"

const queryString = (params: QueryParams): string => {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, Array.isArray(value) ? value.join(",") : String(value))
  }
  const text = search.toString()
  return text === "" ? "" : `?${text}`
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

const urlField = (value: Record<string, unknown>, field: string, endpoint: string) => {
  const url = value[field]
  return typeof url === "string" && URL.canParse(url) && /^https?:/.test(url)
    ? Effect.succeed(url)
    : Effect.fail(new IracingBadPayload({ endpoint, path: field, problem: "is not an http(s) URL" }))
}

export const makeIracingClient = (
  settings: IracingSettings,
  credentials: IracingCredentials,
  db: DatabaseService,
): Effect.Effect<IracingClient, never, Scope.Scope> =>
  Effect.gen(function* () {
    const transport: Transport = yield* makeTransport(settings.timeoutMs)
    const gate = yield* makeRateLimitGate({ maxWaitMs: settings.maxRateLimitWaitMs, marginMs: settings.rateLimitMarginMs })
    const tokens = yield* makeTokenOwner(settings, credentials, transport, makeTokenVault(db, credentials))
    const paused = yield* Ref.make<{ readonly until: number; readonly error: IracingMaintenance | IracingAuthFailed } | null>(null)

    // Maintenance lasts hours, and refused credentials stay refused: after either, calls fail fast
    // for a while instead of storming iRacing or spending the ~12 full logins allowed per hour.
    const pauseAfter = (error: IracingError) =>
      error._tag !== "IracingMaintenance" && error._tag !== "IracingAuthFailed"
        ? Effect.void
        : Clock.currentTimeMillis.pipe(
            Effect.flatMap((now) => {
              const pause = error._tag === "IracingMaintenance" ? settings.maintenanceCooldownMs : settings.loginCooldownMs
              return Ref.set(paused, { until: now + pause, error })
            }),
            Effect.zipRight(Effect.logWarning(`iRacing: ${error._tag}; not asking again for a while`)),
          )

    /** The one authorized hop: 401 renews the token, 429 waits for the reset, both bounded. */
    const authorized = (endpoint: string, params: QueryParams) =>
      Effect.gen(function* () {
        const pause = yield* Ref.get(paused)
        if (pause !== null && (yield* Clock.currentTimeMillis) < pause.until) return yield* Effect.fail(pause.error)
        return yield* ask(endpoint, params).pipe(Effect.tapError(pauseAfter))
      })

    const ask = (endpoint: string, params: QueryParams) =>
      Effect.gen(function* () {
        const operation = `GET ${endpoint}`
        let token = yield* tokens.current
        let renewals: Array<"login" | "refresh"> = []
        let rateLimited = 0
        for (;;) {
          yield* gate.beforeRequest(operation)
          const reply: HttpReply = yield* transport.send({
            method: "GET",
            url: `${settings.dataUrl}${endpoint}${queryString(params)}`,
            headers: { authorization: `Bearer ${Redacted.value(token)}`, accept: "application/json" },
            operation,
          })
          yield* gate.observe(reply)
          // iRacing has been seen to send this text with other statuses too.
          const limited = reply.status === 429 || reply.body.trim() === RATE_LIMIT_BODY
          if (limited) {
            if (rateLimited++ >= settings.maxRateLimitRetries) {
              const now = yield* Clock.currentTimeMillis
              const resetAt = resetAtOf(reply, now) ?? now + settings.maxRateLimitWaitMs
              return yield* Effect.fail(new IracingRateLimited({ operation, resetAt }))
            }
            yield* gate.waitAfter429(reply, operation)
            continue
          }
          if (reply.status === 401) {
            const last = renewals[renewals.length - 1]
            // A token fresh from a full login that is still refused will not be fixed by another login.
            if (last === "login" || renewals.length >= 2) {
              return yield* Effect.fail(
                new IracingAuthFailed({
                  reason: "the data API does not accept the bot's tokens (the client needs the data-server audience and the iracing.auth scope)",
                  variables: ["IRACING_CLIENT_ID", "IRACING_USERNAME"],
                }),
              )
            }
            const renewed = yield* tokens.renew(token, last === "refresh")
            renewals = [...renewals, renewed.via]
            token = renewed.accessToken
            continue
          }
          if (reply.status !== 200) return yield* Effect.fail(unexpectedStatus(reply, operation))
          return yield* parseJson(reply, endpoint)
        }
      })

    /**
     * Presigned S3 objects: never the Authorization header (S3 rejects a second auth mechanism).
     * Any error answer here comes after iRacing accepted the request (an expired or missing
     * file), so it must not read like "unknown league id" and send an admin to change a good one.
     */
    const unsigned = (url: string, endpoint: string) =>
      Effect.gen(function* () {
        const operation = `GET ${describeUrl(url)} (for ${endpoint})`
        const reply = yield* transport.send({ method: "GET", url, headers: { accept: "application/json" }, operation, metricName: `GET presigned file (for ${endpoint})` })
        if (reply.status !== 200) return yield* Effect.fail(new IracingDownloadFailed({ operation, status: reply.status }))
        return yield* parseJson(reply, endpoint)
      })

    const mergeChunks = (payload: Record<string, unknown>, endpoint: string) =>
      Effect.gen(function* () {
        // jdw and aydsko agree: null chunk_info or zero chunks is an empty result.
        if (payload.chunk_info === null) return { ...payload, chunk_data: [] }
        const info = yield* decodePayload(ChunkInfoPayload, payload.chunk_info, endpoint).pipe(
          Effect.mapError((error) => new IracingBadPayload({ endpoint, path: `chunk_info.${error.path}`, problem: error.problem })),
        )
        const chunks = yield* Effect.forEach(
          info.chunk_file_names,
          (name, index) =>
            unsigned(info.base_download_url + name, endpoint).pipe(
              Effect.filterOrFail(Array.isArray, () => new IracingBadPayload({ endpoint, path: `chunk ${index}`, problem: "is not a list" })),
            ),
          { concurrency: 2 },
        )
        return { ...payload, chunk_data: chunks.flat() }
      })

    const get = <A, I>(endpoint: string, params: QueryParams, schema: Schema.Schema<A, I>) =>
      Effect.gen(function* () {
        let payload = yield* authorized(endpoint, params)
        if (isObject(payload) && "link" in payload) payload = yield* unsigned(yield* urlField(payload, "link", endpoint), endpoint)
        if (isObject(payload) && "data_url" in payload) payload = yield* unsigned(yield* urlField(payload, "data_url", endpoint), endpoint)
        if (isObject(payload) && "chunk_info" in payload) payload = yield* mergeChunks(payload, endpoint)
        return yield* decodePayload(schema, payload, endpoint)
      }).pipe(Effect.withSpan("Iracing.get", { attributes: { endpoint } }))

    return { get }
  })
