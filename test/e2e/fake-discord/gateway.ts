// Gateway v10 over JSON text frames, as @discordjs/ws 1.2.3 speaks it (discord-platform.md §5.2–§5.3).
// Sessions outlive sockets so op 7 / RESUME can be exercised; dispatches are filtered by the
// IDENTIFY intents, because real Discord sends nothing the bot did not ask for. Sharded as Discord
// shards: a session IDENTIFYs as [shard_id, num_shards] and gets only the guilds whose
// (guild_id >> 22) % num_shards is its shard id, their events, and (shard 0) the DMs.
import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import { WebSocketServer, WebSocket } from "ws"
import { GatewayIntentBits } from "discord-api-types/v10"
import type { World } from "./world.js"

export const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent

export interface Session { id: string; intents: number; shard: readonly [number, number]; seq: number; socket: WebSocket | null; log: { s: number; frame: string }[] }

/** Discord's rule: which shard receives a guild's events. DMs go to shard 0. */
export const shardOf = (guildId: string | null | undefined, shardCount: number): number =>
  guildId ? Number((BigInt(guildId) >> 22n) % BigInt(shardCount)) : 0

/** The guild a dispatch is about, wherever Discord puts it in that payload. */
const guildOfPayload = (t: string, d: unknown): string | undefined => {
  const data = d as { guild_id?: unknown; id?: unknown } | null
  if (typeof data?.guild_id === "string") return data.guild_id
  return t.startsWith("GUILD_") && typeof data?.id === "string" && !t.startsWith("GUILD_SCHEDULED") ? data.id : undefined
}
export interface GatewayEvent { at: number; dir: "in" | "out" | "close"; op: number; t?: string | null; code?: number }

export class FakeGateway {
  readonly sessions = new Map<string, Session>()
  /** Frames in both directions, for tests about the protocol itself. */
  readonly events: GatewayEvent[] = []
  private readonly wss: WebSocketServer
  private readyWaiters: (() => void)[] = []
  private sessionCounter = 0

  constructor(
    private readonly server: Server,
    private readonly world: World,
    private readonly allowedPrivileged: number,
    /** At least this many shards, as Discord demands of a bot in more than 2,500 guilds (4011 below it). */
    readonly requiredShards = 1,
  ) {
    this.wss = new WebSocketServer({ server })
    this.wss.on("connection", (socket, req) => this.onConnection(socket, new URL(req.url ?? "/", "ws://x")))
  }

  /**
   * Set by tests of several bot processes: a guild's interactions take turns over every open session
   * of its shard, as while two processes both hold a shard (a rolling restart's overlap).
   */
  spreadInteractions = false
  private turn = 0

  /** The most recently identified open session of the shard that owns `guildId` (or, spread, the next in turn); interactions go to exactly one. */
  liveSession(guildId?: string | null): Session | undefined {
    const open = [...this.sessions.values()].reverse().filter((s) => s.socket?.readyState === WebSocket.OPEN && s.shard[0] === shardOf(guildId, s.shard[1]))
    return this.spreadInteractions && open.length > 0 ? open[this.turn++ % open.length] : open[0]
  }

  /** Open sessions and their shards, newest first. */
  openSessions(): Array<{ readonly id: string; readonly shard: readonly [number, number] }> {
    return [...this.sessions.values()].reverse().filter((s) => s.socket?.readyState === WebSocket.OPEN).map((s) => ({ id: s.id, shard: s.shard }))
  }

  /** Resolves once `shards` distinct shards have identified (default: one, for an unsharded bot). */
  ready(shards = 1): Promise<void> {
    const identified = () => new Set([...this.sessions.values()].filter((s) => s.socket?.readyState === WebSocket.OPEN).map((s) => s.shard[0])).size >= shards
    if (identified()) return Promise.resolve()
    return new Promise((resolve) => {
      const check = () => (identified() ? resolve() : this.readyWaiters.push(check))
      this.readyWaiters.push(check)
    })
  }

  /** `intent` undefined = always delivered (READY-family and INTERACTION_CREATE need no intent). */
  dispatch(t: string, d: unknown, intent?: number, only?: Session): void {
    const guildId = guildOfPayload(t, d)
    for (const session of only ? [only] : this.sessions.values()) {
      if (intent !== undefined && (session.intents & intent) === 0) continue
      if (!only && session.shard[0] !== shardOf(guildId, session.shard[1])) continue
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
          const shard = (msg.d?.shard ?? [0, 1]) as unknown
          if (!Array.isArray(shard) || shard.length !== 2 || !shard.every(Number.isInteger) || shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) {
            return socket.close(4010, "Invalid shard")
          }
          if (shard[1] < this.requiredShards) return socket.close(4011, "Sharding required")
          session = { id: `fake-session-${++this.sessionCounter}`, intents, shard: [shard[0], shard[1]], seq: 0, socket, log: [] }
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
    const [shardId, shardCount] = session.shard
    const guilds = [...w.guilds.values()].filter((guild) => shardOf(guild.id, shardCount) === shardId)
    this.sendDispatch(session, "READY", {
      v: 10, user: { ...w.apiUser(w.bot), verified: true, mfa_enabled: false },
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id, session_type: "normal", resume_gateway_url: resumeUrl, shard: [shardId, shardCount],
      application: { id: w.applicationId, flags: 0 }, private_channels: [], presences: [], relationships: [], guild_join_requests: [],
    })
    for (const guild of guilds) this.sendDispatch(session, "GUILD_CREATE", w.guildCreate(guild))
    const waiters = this.readyWaiters
    this.readyWaiters = []
    for (const resolve of waiters) resolve()
  }

  private memberChunk(session: Session, d: { guild_id?: string; user_ids?: string | string[]; query?: string; limit?: number; nonce?: string }) {
    const guild = d.guild_id ? this.world.guilds.get(d.guild_id) : undefined
    if (!guild || shardOf(guild.id, session.shard[1]) !== session.shard[0]) return
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
