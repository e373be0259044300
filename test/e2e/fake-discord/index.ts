// A local, protocol-faithful Discord for end-to-end tests with the real discord.js client:
//   const fake = await startFakeDiscord()
//   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.restApi } })
//   await client.login(fake.token)
import type { AddressInfo } from "node:net"
import { GatewayIntentBits } from "discord-api-types/v10"
import { deleteMessage, liveMessage, type Core, type FakeTiming, type InteractionState } from "./core.js"
import { FakeGateway, PRIVILEGED_INTENTS, type GatewayEvent } from "./gateway.js"
import * as ix from "./interactions.js"
import { interactionByToken, interactionRoutes } from "./routes-interactions.js"
import { eventRoutes } from "./routes-events.js"
import { restRoutes } from "./routes-rest.js"
import { createFakeServer, Router, type Fault, type RecordedCall } from "./server.js"
import { World, type RoleState, type GuildState, type SeedChannel, type SeedGuild, type SeedMember, type SeedUser } from "./world.js"

export type { Fault, RecordedCall, RecordedFile } from "./server.js"
export type { SeedUser, SeedGuild, SeedMember, SeedChannel, SeedRole, PermissionSeed } from "./world.js"
export type { SlashInput, AutocompleteInput, ButtonInput, SelectInput, ModalSubmitInput, OptionValue, AttachmentInput } from "./interactions.js"
export { ALL_PERMISSIONS, MEMBER_PERMISSIONS, BOT_DEFAULT_PERMISSIONS, EVERYONE_DEFAULT_PERMISSIONS, ADMIN_PERMISSIONS } from "./world.js"

type Obj = Record<string, any>

export interface FakeDiscordOptions {
  applicationId?: string
  botUserId?: string
  token?: string
  /** Default: one guild "Test League" with #general, #announcements, @everyone, Admin, the bot's role and an owner. */
  guilds?: SeedGuild[]
  /** Default 3000 (Discord's window). */
  responseDeadlineMs?: number
  /** Default 15 min. */
  tokenLifetimeMs?: number
  /** Default 10 MiB. */
  attachmentSizeLimit?: number
  /** How long an enforced nonce is remembered ("a few minutes" on Discord; default 5 min). */
  nonceWindowMs?: number
  /** Privileged intents enabled "in the developer portal"; IDENTIFY asking for others is closed with 4014. Default: all. */
  privilegedIntents?: number
  /** Listen on this port (a bot may already be knocking on it); default: any free one. */
  port?: number
  /** Shards Discord recommends (GET /gateway/bot) and demands (IDENTIFY below it is closed with 4011). Default 1. */
  shards?: number
  /** A guild's interactions take turns over every open session of its shard (several bot processes holding it). */
  spreadInteractions?: boolean
}

export interface InteractionHandle {
  id: string
  token: string
  /** The INTERACTION_CREATE `d` as sent. */
  payload: Obj
  /** Every callback and webhook call made with this interaction's id/token, in order, including rejected ones. */
  responses(): RecordedCall[]
  /** The first callback POST (whatever its status). */
  firstResponse(timeoutMs?: number): Promise<RecordedCall>
  waitForResponse(pred: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>
  /** The @original message as it stands now (after edits), or null. */
  original(): Obj | null
  followUps(): Obj[]
  /** The accepted callback type and time, or null while unacknowledged. */
  acknowledged(): { type: number; at: number } | null
  /** The gateway session it was sent on. */
  sessionId: string
}

export interface FakeDiscord {
  restApi: string
  token: string
  port: number
  applicationId: string
  /** The first seeded guild. */
  guildId: string
  bot: SeedUser
  /** Owner of the first guild (has the Admin role). */
  owner: SeedUser
  /** Channel ids of the first guild by name: fake.channels.general. */
  channels: Record<string, string>
  calls: RecordedCall[]
  /** Calls that matched no route (answered 404 code 0). */
  unexpectedCalls(): RecordedCall[]
  gatewayEvents: GatewayEvent[]
  addMember(guildId: string, seed: SeedMember): SeedUser
  addChannel(guildId: string, seed: SeedChannel): string
  channel(name: string, guildId?: string): string
  role(name: string, guildId?: string): string
  memberRoles(guildId: string, userId: string): string[] | undefined
  /** A moderator deletes a message in Discord's own UI. */
  deleteMessage(id: string): void
  /** What a human admin does in Discord's own UI: the member's roles replaced, no bot involved. */
  setMemberRoles(guildId: string, userId: string, roles: string[]): void
  /** The DM channel id for a user (created on first use, as POST /users/@me/channels would). */
  dmChannel(user: SeedUser): string
  /** Resolves once `shards` shards (default one) have identified. */
  ready(shards?: number): Promise<void>
  /** Open gateway sessions and their shards, newest first. */
  openSessions(): Array<{ readonly id: string; readonly shard: readonly [number, number] }>
  slash(input: ix.SlashInput): InteractionHandle
  autocomplete(input: ix.AutocompleteInput): InteractionHandle
  button(input: ix.ButtonInput): InteractionHandle
  select(input: ix.SelectInput): InteractionHandle
  modalSubmit(input: ix.ModalSubmitInput): InteractionHandle
  /** Raw escape hatch; `intent` filters like Discord does. */
  dispatch(t: string, d: unknown, intent?: number): void
  /** Sends op 7 RECONNECT; discord.js resumes on resume_gateway_url. */
  requestReconnect(): void
  /** Closes every gateway socket with a close code, as Discord does (4000 may be resumed; 4004 may not). */
  closeGateway(code: number): void
  /** Live, non-ephemeral messages in a channel, oldest first (interaction replies included). */
  channelMessages(channelId: string, opts?: { includeEphemeral?: boolean }): Obj[]
  dms(userId: string): Obj[]
  message(id: string): Obj | undefined
  readonly commandPuts: { global: number; guilds: Record<string, number> }
  commands(guildId?: string): Obj[]
  scheduledEvents(guildId?: string): Obj[]
  waitFor(pred: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>
  /** Makes the next `times` calls of a route fail (see `Fault`); `times: Infinity` until `clearFaults()`. */
  fail(fault: Fault): void
  clearFaults(): void
  close(): Promise<void>
}

const DEFAULT_ID = "100000000000000001"

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const botUserId = opts.botUserId ?? DEFAULT_ID
  const token = opts.token ?? `${Buffer.from(botUserId).toString("base64url")}.fake.${Math.random().toString(36).slice(2)}`
  const world = new World(opts.applicationId ?? botUserId, botUserId, token)
  const guilds: GuildState[] = (opts.guilds ?? [{}]).map((g) => world.addGuild(g))
  const timing: FakeTiming = { responseDeadlineMs: opts.responseDeadlineMs ?? 3000, tokenLifetimeMs: opts.tokenLifetimeMs ?? 15 * 60_000, attachmentSizeLimit: opts.attachmentSizeLimit ?? 10 * 1024 * 1024, nonceWindowMs: opts.nonceWindowMs ?? 5 * 60_000 }

  const calls: RecordedCall[] = []
  const byInteraction = new Map<string, RecordedCall[]>()
  const router = new Router()
  const faults: Fault[] = []
  const server = createFakeServer(world, router, {
    faults,
    onCall(call) {
      calls.push(call)
      const state = call.route?.includes(" /interactions/") ? core.interactions.get(call.params.id!)
        : call.route?.includes(" /webhooks/") ? interactionByToken(core, call.params.token!) : undefined
      if (state) {
        byInteraction.get(state.id)?.push(call)
        world.events.emit(`call:${state.id}`, call)
      }
      world.events.emit("call", call)
    },
  })
  const gateway = new FakeGateway(server, world, opts.privilegedIntents ?? PRIVILEGED_INTENTS, opts.shards ?? 1)
  gateway.spreadInteractions = opts.spreadInteractions ?? false
  const core: Core = { world, gateway, timing, interactions: new Map(), interactionsByToken: new Map(), modals: new Map() }
  let port = 0
  restRoutes(router, core, () => port)
  interactionRoutes(router, core)
  eventRoutes(router, core)

  // Node's default accept backlog is 511: a 1,000-member burst opens ~1,000 connections at once, and
  // each SYN dropped past the backlog costs the bot a 1 s retransmit that real Discord never adds.
  await new Promise<void>((resolve) => server.listen({ port: opts.port ?? 0, host: "127.0.0.1", backlog: 4096 }, resolve))
  port = (server.address() as AddressInfo).port
  world.baseUrl = `http://127.0.0.1:${port}`

  world.events.on("roleCreate", (guild: GuildState, role: RoleState) => {
    gateway.dispatch("GUILD_ROLE_CREATE", { guild_id: guild.id, role: world.apiRole(role) }, GatewayIntentBits.Guilds)
    gateway.dispatch("GUILD_ROLE_UPDATE", { guild_id: guild.id, role: world.apiRole(guild.roles.get(guild.botRoleId)!) }, GatewayIntentBits.Guilds)
  })

  // Per-interaction waiters listen on their own event: with 1,000 interactions in flight, one
  // shared "call" event would wake every waiter on every call (a million wake-ups per burst).
  const waitFor = (pred: (c: RecordedCall) => boolean, timeoutMs = 5000, source: () => RecordedCall[] = () => calls, event = "call"): Promise<RecordedCall> => {
    const hit = source().find(pred)
    if (hit) return Promise.resolve(hit)
    return new Promise((resolve, reject) => {
      const onCall = () => {
        const found = source().find(pred)
        if (found) { cleanup(); resolve(found) }
      }
      const timer = setTimeout(() => {
        cleanup()
        const recent = calls.slice(-8).map((c) => `${c.method} ${c.path} -> ${c.status}`).join("\n  ")
        reject(new Error(`fake-discord: no matching call within ${timeoutMs} ms. Last calls:\n  ${recent || "(none)"}`))
      }, timeoutMs)
      const cleanup = () => { clearTimeout(timer); world.events.off(event, onCall) }
      world.events.on(event, onCall)
    })
  }

  const live = (id: string) => { const m = world.messages.get(id); return m && !m.deleted ? m.msg : null }
  const send = (state: InteractionState): InteractionHandle => {
    const session = gateway.liveSession(state.guildId)
    if (!session) throw new Error("fake-discord: no client is connected for this guild's shard; await client.login() and fake.ready() first")
    state.dispatchedAt = Date.now()
    core.interactions.set(state.id, state)
    core.interactionsByToken.set(state.token, state)
    byInteraction.set(state.id, [])
    gateway.dispatch("INTERACTION_CREATE", state.payload, undefined, session)
    const responses = () => byInteraction.get(state.id)!
    return {
      id: state.id, token: state.token, payload: state.payload, responses,
      firstResponse: (t) => waitFor((c) => c.path.endsWith("/callback"), t, responses, `call:${state.id}`),
      waitForResponse: (pred, t) => waitFor(pred, t, responses, `call:${state.id}`),
      original: () => (state.originalId ? live(state.originalId) : null),
      followUps: () => state.followUpIds.map(live).filter((m): m is Obj => m !== null),
      acknowledged: () => state.ack,
      sessionId: session.id,
    }
  }
  const first = guilds[0]!
  const byName = <T extends { name: string; id: string }>(items: T[], name: string, what: string) => {
    const found = items.find((i) => i.name === name)
    if (!found) throw new Error(`fake-discord: no ${what} named ${name}`)
    return found.id
  }
  const messagesIn = (channelId: string, includeEphemeral = false) =>
    [...world.messages.values()].filter((m) => m.channelId === channelId && !m.deleted && (includeEphemeral || !m.ephemeral)).map((m) => m.msg)

  return {
    restApi: `http://127.0.0.1:${port}/api`, token, port, applicationId: world.applicationId, guildId: first.id, bot: world.bot,
    owner: world.users.get(first.ownerId)!,
    channels: Object.fromEntries(first.channels.map((id) => [world.channels.get(id)!.name, id])),
    calls,
    unexpectedCalls: () => calls.filter((c) => c.route === undefined),
    gatewayEvents: gateway.events,
    addMember(guildId, seed) {
      const user = world.addMember(guildId, seed)
      const guild = world.guild(guildId)
      gateway.dispatch("GUILD_MEMBER_ADD", { guild_id: guildId, ...world.apiMember(guild, guild.members.get(user.id)!) }, GatewayIntentBits.GuildMembers)
      return user
    },
    addChannel(guildId, seed) {
      const ch = world.addChannel(guildId, seed)
      gateway.dispatch("CHANNEL_CREATE", world.apiChannel(ch), GatewayIntentBits.Guilds)
      return ch.id
    },
    channel: (name, guildId = first.id) => byName(world.guild(guildId).channels.map((id) => world.channels.get(id)!), name, "channel"),
    role: (name, guildId = first.id) => byName([...world.guild(guildId).roles.values()], name, "role"),
    memberRoles: (guildId, userId) => world.guilds.get(guildId)?.members.get(userId)?.roles.slice(),
    deleteMessage: (id) => {
      const stored = liveMessage(core, id)
      if (stored === undefined) throw new Error(`fake-discord: no message ${id}`)
      deleteMessage(core, stored)
    },
    setMemberRoles: (guildId, userId, roles) => {
      const guild = world.guild(guildId)
      const member = guild.members.get(userId)
      if (member === undefined) throw new Error(`fake-discord: ${userId} is not in ${guildId}`)
      member.roles.splice(0, member.roles.length, ...roles)
      gateway.dispatch("GUILD_MEMBER_UPDATE", { guild_id: guildId, ...world.apiMember(guild, member) }, GatewayIntentBits.GuildMembers)
    },
    dmChannel: (user) => world.dmChannelFor(user.id).id,
    ready: (shards) => gateway.ready(shards),
    openSessions: () => gateway.openSessions(),
    slash: (input) => send(ix.slashInteraction(core, first.id, input)),
    autocomplete: (input) => send(ix.autocompleteInteraction(core, first.id, input)),
    button: (input) => send(ix.buttonInteraction(core, first.id, input)),
    select: (input) => send(ix.selectInteraction(core, first.id, input)),
    modalSubmit: (input) => send(ix.modalSubmitInteraction(core, first.id, input)),
    dispatch: (t, d, intent) => gateway.dispatch(t, d, intent),
    requestReconnect: () => gateway.requestReconnect(),
    closeGateway: (code) => gateway.closeSockets(code),
    channelMessages: (channelId, o) => messagesIn(channelId, o?.includeEphemeral),
    dms: (userId) => { const id = world.dmChannelByUser.get(userId); return id ? messagesIn(id) : [] },
    message: (id) => live(id) ?? undefined,
    get commandPuts() { return { global: world.commandPuts.global, guilds: { ...world.commandPuts.guilds } } },
    commands: (guildId) => (guildId ? world.guildCommands.get(guildId) ?? [] : world.globalCommands).map((c) => ({ id: c.id, version: c.version, ...c.json })),
    scheduledEvents: (guildId = first.id) => [...world.guild(guildId).events.values()].map((e) => e.data),
    waitFor: (pred, timeoutMs) => waitFor(pred, timeoutMs),
    fail: (fault) => void faults.push({ ...fault }),
    clearFaults: () => void faults.splice(0),
    async close() {
      await gateway.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
