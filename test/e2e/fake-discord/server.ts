// HTTP plumbing: parse (JSON or multipart), authenticate, route, record every call.
// Route handlers live in routes-*.ts and only return data or throw ApiError.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { errorTree, type Issue } from "./limits.js"
import type { World } from "./world.js"

export interface RecordedFile { field: string; filename: string; contentType: string; data: Buffer }
export interface RecordedCall {
  method: string
  /** Path below /api/v10, e.g. "/channels/123/messages". */
  path: string
  /** The matched route pattern, e.g. "POST /channels/:channel/messages"; undefined for unknown routes. */
  route: string | undefined
  params: Record<string, string>
  query: Record<string, string>
  headers: Record<string, string | undefined>
  body: any
  files: RecordedFile[]
  at: number
  status: number
  response: any
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: number, message: string, readonly errors?: Record<string, unknown>) { super(message) }
  json() { return { message: this.message, code: this.code, ...(this.errors ? { errors: this.errors } : {}) } }
}
export const formError = (issues: Issue[], prefix: Issue["path"] = []) => new ApiError(400, 50035, "Invalid Form Body", errorTree(issues, prefix))
export const notFound = (code: number, what: string) => new ApiError(404, code, `Unknown ${what}`)
export const missingPermissions = () => new ApiError(403, 50013, "Missing Permissions")

export interface Ctx { params: Record<string, string>; query: Record<string, string>; body: any; files: RecordedFile[]; headers: Record<string, string | undefined>; call: RecordedCall }
export interface Reply { status: number; body?: unknown }
type Handler = (ctx: Ctx) => Reply | Promise<Reply>
interface Route { method: string; pattern: string; regex: RegExp; keys: string[]; auth: boolean; handler: Handler }

export class Router {
  private readonly routes: Route[] = []
  /** `auth: false` for interaction callbacks and webhooks: discord.js sends no Authorization there (§5.5). */
  on(method: string, pattern: string, handler: Handler, opts: { auth?: boolean } = {}) {
    const keys: string[] = []
    const source = pattern.replace(/[.@]/g, (m) => `\\${m}`).replace(/:(\w+)/g, (_, k: string) => { keys.push(k); return "([^/]+)" })
    this.routes.push({ method, pattern, regex: new RegExp(`^${source}$`), keys, auth: opts.auth ?? true, handler })
  }
  match(method: string, path: string) {
    for (const r of this.routes) {
      if (r.method !== method) continue
      const m = r.regex.exec(path)
      if (m) return { route: r, params: Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)])) }
    }
    return undefined
  }
}

async function readBody(req: IncomingMessage): Promise<{ body: any; files: RecordedFile[] }> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks)
  const type = req.headers["content-type"] ?? ""
  if (raw.length === 0) return { body: undefined, files: [] }
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": type } }).formData()
    const files: RecordedFile[] = []
    let body: any
    for (const [field, value] of form.entries()) {
      if (field === "payload_json") body = JSON.parse(String(value))
      else if (typeof value === "string") (body ??= {})[field] = value
      else files.push({ field, filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) })
    }
    return { body, files }
  }
  if (type.startsWith("application/json")) return { body: JSON.parse(raw.toString("utf8")), files: [] }
  return { body: raw, files: [] }
}

/**
 * A test's fault: the next `times` calls of `route` (e.g. "PUT /guilds/:guild/members/:user/roles/:role")
 * fail as Discord would, before the route runs (so nothing changes). A 429 carries `retry_after`.
 */
export interface Fault {
  route: string; times: number
  /** The answer instead of the route's; omitted with `delayMs`, the route runs and its answer comes late. */
  status?: number; code?: number; message?: string; retryAfterSeconds?: number
  /** The route does its work at once, but Discord's answer arrives this much later (or never, if the bot stops first). */
  delayMs?: number
}

export interface ServerHooks { onCall(call: RecordedCall): void; faults?: Fault[] }

export function createFakeServer(world: World, router: Router, hooks: ServerHooks): Server {
  return createServer((req, res) => { void handle(world, router, hooks, req, res) })
}

async function handle(world: World, router: Router, hooks: ServerHooks, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://x")
  const method = req.method ?? "GET"
  // Attachment downloads come from the CDN in reality; they are not API calls, so not recorded.
  const blob = /^\/attachments\/(\d+)\//.exec(url.pathname)
  if (blob && method === "GET") {
    const b = world.blobs.get(blob[1]!)
    res.writeHead(b ? 200 : 404, { "content-type": b?.contentType ?? "text/plain" })
    return res.end(b ? b.data : "not found")
  }
  const path = url.pathname.startsWith("/api/v10/") ? url.pathname.slice("/api/v10".length) : url.pathname
  const headers = { authorization: req.headers.authorization, "content-type": req.headers["content-type"], "x-audit-log-reason": req.headers["x-audit-log-reason"] as string | undefined }
  const call: RecordedCall = { method, path, route: undefined, params: {}, query: Object.fromEntries(url.searchParams), headers, body: undefined, files: [], at: Date.now(), status: 0, response: undefined }
  let reply: Reply
  let extraHeaders: Record<string, string> = {}
  try {
    const parsed = await readBody(req)
    call.body = parsed.body
    call.files = parsed.files
    const found = url.pathname.startsWith("/api/v10/") ? router.match(method, path) : undefined
    if (!found) throw new ApiError(404, 0, "404: Not Found")
    call.route = `${method} ${found.route.pattern}`
    call.params = found.params
    if (found.route.auth && req.headers.authorization !== `Bot ${world.token}`) throw new ApiError(401, 0, "401: Unauthorized")
    const fault = hooks.faults?.find((f) => f.route === call.route && f.times > 0)
    if (fault && fault.status === undefined) {
      fault.times -= 1
      reply = await found.route.handler({ params: found.params, query: call.query, body: call.body, files: call.files, headers, call })
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0))
    } else if (fault) {
      fault.times -= 1
      if (fault.status === 429) {
        const retryAfter = fault.retryAfterSeconds ?? 0.05
        reply = { status: 429, body: { message: "You are being rate limited.", retry_after: retryAfter, global: false } }
        extraHeaders = { "retry-after": String(retryAfter), "x-ratelimit-scope": "user" }
      } else throw new ApiError(fault.status!, fault.code ?? 0, fault.message ?? `fault injected by the test (${fault.status})`)
    } else reply = await found.route.handler({ params: found.params, query: call.query, body: call.body, files: call.files, headers, call })
  } catch (err) {
    if (err instanceof ApiError) reply = { status: err.status, body: err.json() }
    else {
      // A bug in the fake must not look like a Discord answer the bot could handle.
      console.error("fake-discord internal error", err)
      reply = { status: 500, body: { message: `fake-discord internal error: ${String(err)}`, code: 0 } }
    }
  }
  call.status = reply.status
  call.response = reply.body
  hooks.onCall(call)
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status === 200 ? 204 : reply.status)
    return res.end()
  }
  res.writeHead(reply.status, { "content-type": "application/json", ...extraHeaders })
  res.end(JSON.stringify(reply.body))
}
