// A local fake of iRacing's OAuth server, /data API and S3 on one loopback port, no dependencies.
// Modes let a test switch on the failures the adapter must survive; every request is recorded.
import { randomBytes } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { answerData, newWorld, type Publisher } from "./data.js"
import { sampleLeague, type LeagueFixture } from "./fixtures.js"
import type { SeasonFixture } from "./results.js"
import { FakeOAuth, type FakeCredentials, type IssuedTokens } from "./oauth.js"

/** "download-404": /data answers with its link as usual, then the storage host has no such file. */
export type FakeMode = "normal" | "429" | "401-once" | "401-always" | "503-json" | "503-html" | "hang" | "malformed" | "download-404"

export interface FakeIracingOptions {
  credentials?: Partial<FakeCredentials>
  leagues?: LeagueFixture[]
  accessTokenTtlSeconds?: number
  /** The quota window: `limit` data requests per `windowSeconds`, as x-ratelimit-* headers say. */
  rateLimit?: { limit: number; windowSeconds: number }
  chunkSize?: number
  standingsRows?: number
}

export interface RecordedRequest {
  method: string
  /** Path and query as sent. */
  url: string
  headers: Record<string, string | string[] | undefined>
  body: string
  at: number
  /** null while unanswered (hang mode). */
  status: number | null
  /** What the fake answered with, e.g. the x-ratelimit-* values. */
  responseHeaders: Record<string, string>
}

export const DEFAULT_FAKE_CREDENTIALS: FakeCredentials = {
  clientId: "pitboard-fake-client",
  // Characters that need percent-encoding, so a sloppy form body would show.
  clientSecret: "cl1ent+secret/with=odd chars",
  username: "Bot.Admin@Example.com",
  password: "hunter2 p@ss+word/=",
}

const MAINTENANCE_JSON = { error: "Site Maintenance", note: "The site is currently undergoing maintenance. Please try your request later." }
const MAINTENANCE_HTML = "<!DOCTYPE html><html><head><title>iRacing.com - Maintenance</title></head><body><h1>Site Maintenance</h1></body></html>"
// S3's answer for a key it does not hold (an expired or deleted cached file), as its REST API sends it.
const S3_NO_SUCH_KEY = (key: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key}</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>fake-host-id</HostId></Error>`
const S3_AUTH_ERROR = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified</Message></Error>"

export const startFakeIracing = async (options: FakeIracingOptions = {}) => {
  const credentials = { ...DEFAULT_FAKE_CREDENTIALS, ...options.credentials }
  const oauth = new FakeOAuth(credentials)
  oauth.accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 600
  const world = newWorld(options.leagues ?? [sampleLeague()], { chunkSize: options.chunkSize ?? 500, standingsRows: options.standingsRows ?? 1234 })
  const objects = new Map<string, { body: string; signature: string }>()
  const requests: RecordedRequest[] = []
  const counts = { dataRequests: 0, s3Requests: 0, tokenRequests: 0, rateLimited: 0, unauthorized: 0 }
  let mode: FakeMode = "normal"
  let limits = options.rateLimit ?? { limit: 240, windowSeconds: 60 }
  let window = { remaining: limits.limit, resetAt: 0 }
  let base = ""

  const store = (path: string, body: unknown): string => {
    const signature = randomBytes(12).toString("hex")
    objects.set(path, { body: JSON.stringify(body), signature })
    return `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=${signature}`
  }
  const s3: Publisher = {
    publish: (body) => {
      const path = `/s3/data/${randomBytes(16).toString("hex")}.json`
      return `${base}${path}${store(path, body)}`
    },
    publishChunks: (chunks) => {
      const folder = `/s3/chunks/${randomBytes(8).toString("hex")}/`
      const names = chunks.map((chunk, i) => {
        const name = `${randomBytes(10).toString("hex")}_${i}.json`
        return `${name}${store(folder + name, chunk)}`
      })
      return { base_download_url: `${base}${folder}`, chunk_file_names: names }
    },
  }

  const ceilSecond = (ms: number) => Math.ceil(ms / 1000) * 1000
  const exhaustRateLimit = (resetInSeconds: number) => {
    window = { remaining: 0, resetAt: ceilSecond(Date.now() + resetInSeconds * 1000) }
  }
  /** Spends one request of the window; false when the quota is used up (→ 429). */
  const spend = (): boolean => {
    const now = Date.now()
    if (now >= window.resetAt) window = { remaining: limits.limit, resetAt: ceilSecond(now + limits.windowSeconds * 1000) }
    if (window.remaining <= 0) return false
    window.remaining--
    return true
  }
  const rateHeaders = () => ({
    "x-ratelimit-limit": String(limits.limit),
    "x-ratelimit-remaining": String(window.remaining),
    "x-ratelimit-reset": String(window.resetAt / 1000),
  })

  const send = (res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}) => {
    record.status = status
    record.responseHeaders = headers
    const text = typeof body === "string" ? body : JSON.stringify(body)
    const type = typeof body === "string" ? (text.startsWith("<?xml") ? "application/xml" : text.startsWith("<") ? "text/html" : "text/plain") : "application/json"
    res.writeHead(status, { "content-type": type, ...headers })
    res.end(text)
  }

  const maintenance = (res: ServerResponse, record: RecordedRequest, extra: Record<string, string> = {}) =>
    send(res, record, 503, mode === "503-html" ? MAINTENANCE_HTML : MAINTENANCE_JSON, extra)

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = new URL(req.url ?? "/", base)
    const record: RecordedRequest = { method: req.method ?? "", url: req.url ?? "", headers: { ...req.headers }, body: Buffer.concat(chunks).toString("utf8"), at: Date.now(), status: null, responseHeaders: {} }
    requests.push(record)
    const failing = mode === "503-json" || mode === "503-html"

    if (url.pathname.startsWith("/s3/")) {
      counts.s3Requests++
      const object = objects.get(url.pathname)
      if (req.headers.authorization !== undefined) return send(res, record, 400, S3_AUTH_ERROR)
      if (mode === "download-404") return send(res, record, 404, S3_NO_SUCH_KEY(url.pathname.slice(1)))
      if (!object || url.searchParams.get("X-Amz-Signature") !== object.signature) return send(res, record, 403, "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>")
      return send(res, record, 200, JSON.parse(object.body), { "cache-control": "max-age=60" })
    }
    if (req.method === "POST" && url.pathname === "/oauth2/token") {
      counts.tokenRequests++
      if (mode === "hang") return
      if (failing) return maintenance(res, record)
      const answer = oauth.handle(new URLSearchParams(record.body))
      return send(res, record, answer.status, answer.body)
    }
    if (req.method === "GET" && url.pathname.startsWith("/data/")) {
      counts.dataRequests++
      if (mode === "hang") return
      if (failing) return maintenance(res, record)
      if (!spend()) {
        counts.rateLimited++
        return send(res, record, 429, "Rate limit exceeded", rateHeaders())
      }
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? ""
      if (mode === "401-once") {
        mode = "normal"
        oauth.expireAccessTokens()
      }
      // "401-always": tokens are issued but the data API refuses them (a client without the data-server audience).
      if (mode === "401-always" || !oauth.isValidAccessToken(token)) {
        counts.unauthorized++
        return send(res, record, 401, { error: "Unauthorized" }, rateHeaders())
      }
      world.malformed = mode === "malformed"
      const answer = answerData(world, url.pathname, url.searchParams, s3)
      return send(res, record, answer.status, answer.payload, rateHeaders())
    }
    return send(res, record, 404, { error: "Not Found" })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" })
      res.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: base,
    credentials,
    /** The IRACING_* variables that point Pitboard at this fake. */
    env: {
      IRACING_CLIENT_ID: credentials.clientId,
      IRACING_CLIENT_SECRET: credentials.clientSecret,
      IRACING_USERNAME: credentials.username,
      IRACING_PASSWORD: credentials.password,
      IRACING_DATA_URL: base,
      IRACING_OAUTH_URL: base,
    },
    requests: requests as ReadonlyArray<RecordedRequest>,
    oauth,
    get issued(): ReadonlyArray<IssuedTokens> {
      return oauth.issued
    },
    get counts() {
      return { ...counts, fullLogins: oauth.fullLogins, refreshes: oauth.refreshes, refusedRefreshes: oauth.refusedRefreshes, refusedLogins: oauth.refusedLogins }
    },
    get mode(): FakeMode {
      return mode
    },
    /** "429" exhausts the quota until a reset `resetInSeconds` ahead (default 1); "401-once" expires the tokens at the next data call. */
    setMode(next: FakeMode, opts: { resetInSeconds?: number } = {}) {
      if (next === "429") {
        exhaustRateLimit(opts.resetInSeconds ?? 1)
        mode = "normal"
      } else mode = next
    },
    setRateLimit(next: { limit: number; windowSeconds: number }) {
      limits = next
      window = { remaining: next.limit, resetAt: 0 }
    },
    exhaustRateLimit,
    addLeague(league: LeagueFixture) {
      world.leagues.set(league.league_id, league)
    },
    /** A league season with results: season_sessions, results/get and season_standings answer from it. */
    addSeason(season: SeasonFixture) {
      world.seasons.set(season.season_id, season)
    },
    expireAccessTokens: () => oauth.expireAccessTokens(),
    set accessTokenTtlSeconds(seconds: number) {
      oauth.accessTokenTtlSeconds = seconds
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type FakeIracing = Awaited<ReturnType<typeof startFakeIracing>>
