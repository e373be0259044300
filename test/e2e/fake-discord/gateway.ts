// Gateway v10 over JSON text frames, as @discordjs/ws 1.2.3 speaks it (discord-platform.md §5.2–§5.3).
// Sessions outlive sockets so op 7 / RESUME can be exercised; dispatches are filtered by the
// IDENTIFY intents, because real Discord sends nothing the bot did not ask for.
import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import { WebSocketServer, WebSocket } from "ws"
import { GatewayIntentBits } from "discord-api-types/v10"
import type { World } from "./world.js"

export const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent

export interface Session { id: string; intents: number; seq: number; socket: WebSocket | null; log: { s: number; frame: string }[] }
export interface GatewayEvent { at: number; dir: "in" | "out" | "close"; op: number; t?: string | null; code?: number }

export class FakeGateway {
  readonly sessions = new Map<string, Session>()
  /** Frames in both directions, for tests about the protocol itself. */
  readonly events: GatewayEvent[] = []
  private readonly wss: WebSocketServer
  private readyWaiters: (() => void)[] = []
  private sessionCounter = 0

  constructor(private readonly server: Server, private readonly world: World, private readonly allowedPrivileged: number) {
    this.wss = new WebSocketServer({ server })
    this.wss.on("connection", (socket, req) => this.onConnection(socket, new URL(req.url ?? "/", "ws://x")))
  }

  /** The most recently identified session whose socket is open; interactions go to exactly one. */
  liveSession(): Session | undefined {
    return [...this.sessions.values()].reverse().find((s) => s.socket?.readyState === WebSocket.OPEN)
  }

  ready(): Promise<void> {
    if (this.liveSession()) return Promise.resolve()
    return new Promise((resolve) => this.readyWaiters.push(resolve))
  }

  /** `intent` undefined = always delivered (READY-family and INTERACTION_CREATE need no intent). */
  dispatch(t: string, d: unknown, intent?: number, only?: Session): void {
    for (const session of only ? [only] : this.sessions.values()) {
      if (intent !== undefined && (session.intents & intent) === 0) continue
      this.sendDispatch(session, t, d)
    }
  }

  /** op 7: the client closes and resumes on resume_gateway_url. */
  requestReconnect(): void {
    for (const s of this.sessions.values()) if (s.socket) this.send(s.socket, { op: 7, d: null, s: null, t: null })
  }

  closeSockets(code: number): void {
    for (const s of this.sessions.values()) s.socket?.close(code, "closed by the test")
  }

  close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate()
    return new Promise((resolve) => this.wss.close(() => resolve()))
  }

  private sendDispatch(session: Session, t: string, d: unknown) {
    session.seq += 1
    const frame = JSON.stringify({ op: 0, t, s: session.seq, d })
    session.log.push({ s: session.seq, frame })
    if (session.log.length > 1000) session.log.shift()
    this.events.push({ at: Date.now(), dir: "out", op: 0, t })
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(frame)
  }

  private send(socket: WebSocket, payload: { op: number; d: unknown; s: null; t: null }) {
    this.events.push({ at: Date.now(), dir: "out", op: payload.op })
    socket.send(JSON.stringify(payload))
  }

  private onConnection(socket: WebSocket, url: URL) {
    // zlib-stream would need a shared deflate context; nothing in this repo installs zlib-sync, so refuse loudly.
    if (url.searchParams.has("compress")) return socket.close(4012, "fake-discord: compress= is not supported (is zlib-sync installed?)")
    if (url.searchParams.get("v") !== "10") return socket.close(4012, "Invalid API version")
    if (url.searchParams.get("encoding") !== "json") return socket.close(4002, "Decode error: only encoding=json")
    let session: Session | null = null
    socket.on("close", (code) => {
      this.events.push({ at: Date.now(), dir: "close", op: -1, code })
      if (!session) return
      if (session.socket === socket) session.socket = null
      // 1000/1001 end the session on Discord's side; anything else leaves it resumable.
      if (code === 1000 || code === 1001) this.sessions.delete(session.id)
    })
    socket.on("message", (raw) => {
      let msg: { op: number; d: any }
      try { msg = JSON.parse(String(raw)) } catch { return socket.close(4002, "Decode error") }
      this.events.push({ at: Date.now(), dir: "in", op: msg.op })
      switch (msg.op) {
        case 1: return this.send(socket, { op: 11, d: null, s: null, t: null })
        case 2: {
          if (session) return socket.close(4005, "Already authenticated")
          if (msg.d?.token !== this.world.token) return socket.close(4004, "Authentication failed")
          const intents = Number(msg.d?.intents)
          if (!Number.isInteger(intents)) return socket.close(4013, "Invalid intent(s)")
          if (intents & PRIVILEGED_INTENTS & ~this.allowedPrivileged) return socket.close(4014, "Disallowed intent(s)")
          session = { id: `fake-session-${++this.sessionCounter}`, intents, seq: 0, socket, log: [] }
          this.sessions.set(session.id, session)
          return this.identify(session)
        }
        case 6: {
          const existing = this.sessions.get(msg.d?.session_id)
          if (!existing || msg.d?.token !== this.world.token) return this.send(socket, { op: 9, d: false, s: null, t: null })
          session = existing
          if (existing.socket && existing.socket !== socket) existing.socket.terminate()
          existing.socket = socket
          const after = Number(msg.d?.seq ?? 0)
          for (const entry of existing.log) if (entry.s > after) socket.send(entry.frame)
          this.sendDispatch(existing, "RESUMED", {})
          return
        }
        case 8: return session && this.memberChunk(session, msg.d)
        default: return // op 3 presence, op 4 voice: accepted and ignored
      }
    })
    this.send(socket, { op: 10, d: { heartbeat_interval: 45000 }, s: null, t: null })
  }

  private identify(session: Session) {
    const w = this.world
    const resumeUrl = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    this.sendDispatch(session, "READY", {
      v: 10, user: { ...w.apiUser(w.bot), verified: true, mfa_enabled: false },
      guilds: [...w.guilds.keys()].map((id) => ({ id, unavailable: true })),
      session_id: session.id, session_type: "normal", resume_gateway_url: resumeUrl, shard: [0, 1],
      application: { id: w.applicationId, flags: 0 }, private_channels: [], presences: [], relationships: [], guild_join_requests: [],
    })
    for (const guild of w.guilds.values()) this.sendDispatch(session, "GUILD_CREATE", w.guildCreate(guild))
    const waiters = this.readyWaiters
    this.readyWaiters = []
    for (const resolve of waiters) resolve()
  }

  private memberChunk(session: Session, d: { guild_id?: string; user_ids?: string | string[]; query?: string; limit?: number; nonce?: string }) {
    const guild = d.guild_id ? this.world.guilds.get(d.guild_id) : undefined
    if (!guild) return
    const ids = d.user_ids === undefined ? undefined : new Set(([] as string[]).concat(d.user_ids))
    const query = (d.query ?? "").toLowerCase()
    let members = [...guild.members.values()].filter((m) => ids ? ids.has(m.userId) : this.world.users.get(m.userId)!.username.toLowerCase().startsWith(query))
    if (d.limit) members = members.slice(0, d.limit)
    this.sendDispatch(session, "GUILD_MEMBERS_CHUNK", {
      guild_id: guild.id, members: members.map((m) => this.world.apiMember(guild, m)), chunk_index: 0, chunk_count: 1,
      not_found: ids ? [...ids].filter((id) => !guild.members.has(id)) : [], nonce: d.nonce,
    })
  }
}
