// Authenticated REST routes a league bot hits: gateway discovery, command registration,
// channel messages, DMs, users, guild members and role assignment.
import { GatewayIntentBits } from "discord-api-types/v10"
import { checkFileSizes, commitEdit, createMessage, deleteMessage, liveMessage, mergeEdit, validateMessage, type Core } from "./core.js"
import { checkCommands } from "./limits.js"
import { ApiError, formError, missingPermissions, notFound, type Ctx, type Router } from "./server.js"
import { Perm, snowflake, type ChannelState, type GuildState, type StoredCommand, type StoredMessage } from "./world.js"

type Obj = Record<string, any>
const TEXT_TYPES = new Set([0, 1, 2, 5, 10, 11, 12, 13])

export function restRoutes(router: Router, core: Core, port: () => number) {
  const { world } = core
  router.on("GET", "/gateway/bot", () => ({
    status: 200,
    body: { url: `ws://127.0.0.1:${port()}`, shards: core.gateway.requiredShards, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } },
  }))
  router.on("GET", "/gateway", () => ({ status: 200, body: { url: `ws://127.0.0.1:${port()}` } }), { auth: false })

  // ---- application commands (bulk overwrite keeps ids of commands that survive, like Discord) ----
  const putCommands = (ctx: Ctx, guildId: string | null) => {
    if (ctx.params.app !== world.applicationId) throw notFound(10002, "Application")
    if (guildId) guildOr404(core, guildId)
    if (!Array.isArray(ctx.body)) throw formError([{ path: [], code: "BASE_TYPE_ARRAY", message: "Must be an array" }])
    const issues = checkCommands(ctx.body)
    if (issues.length) throw formError(issues)
    const previous = guildId ? world.guildCommands.get(guildId) ?? [] : world.globalCommands
    const next: StoredCommand[] = (ctx.body as Obj[]).map((json) => {
      const type = Number(json.type ?? 1)
      const old = previous.find((c) => c.name === json.name && c.type === type)
      const same = old && JSON.stringify(old.json) === JSON.stringify(json)
      return { id: old?.id ?? snowflake(), name: String(json.name), type, version: same ? old.version : snowflake(), json }
    })
    if (guildId) {
      world.guildCommands.set(guildId, next)
      world.commandPuts.guilds[guildId] = (world.commandPuts.guilds[guildId] ?? 0) + 1
    } else {
      world.globalCommands.splice(0, world.globalCommands.length, ...next)
      world.commandPuts.global += 1
    }
    return { status: 200, body: next.map((c) => apiCommand(core, c, guildId)) }
  }
  router.on("PUT", "/applications/:app/commands", (ctx) => putCommands(ctx, null))
  router.on("PUT", "/applications/:app/guilds/:guild/commands", (ctx) => putCommands(ctx, ctx.params.guild!))
  router.on("GET", "/applications/:app/commands", () => ({ status: 200, body: world.globalCommands.map((c) => apiCommand(core, c, null)) }))
  router.on("GET", "/applications/:app/guilds/:guild/commands", (ctx) => ({
    status: 200, body: (world.guildCommands.get(guildOr404(core, ctx.params.guild!).id) ?? []).map((c) => apiCommand(core, c, ctx.params.guild!)),
  }))

  // ---- users and DMs ----
  router.on("GET", "/users/@me", () => ({ status: 200, body: world.apiUser(world.bot) }))
  router.on("GET", "/users/:user", (ctx) => {
    const user = world.users.get(ctx.params.user!)
    if (!user) throw notFound(10013, "User")
    return { status: 200, body: world.apiUser(user) }
  })
  router.on("POST", "/users/@me/channels", (ctx) => {
    const user = world.users.get(String(ctx.body?.recipient_id))
    if (!user) throw notFound(10013, "User")
    return { status: 200, body: world.apiChannel(world.dmChannelFor(user.id)) }
  })

  // ---- channels and messages ----
  router.on("GET", "/channels/:channel", (ctx) => ({ status: 200, body: world.apiChannel(visibleChannel(core, ctx.params.channel!)) }))
  router.on("POST", "/channels/:channel/messages", (ctx) => {
    const channel = visibleChannel(core, ctx.params.channel!)
    if (!TEXT_TYPES.has(channel.type)) throw new ApiError(400, 50008, "Cannot send messages in a non-text channel")
    if (channel.recipientId && world.users.get(channel.recipientId)?.dmsClosed) throw new ApiError(403, 50007, "Cannot send messages to this user")
    const perms = world.channelPermissions(channel, world.bot.id)
    if (!(perms & Perm.SendMessages)) throw missingPermissions()
    if (ctx.files.length && !(perms & Perm.AttachFiles)) throw missingPermissions()
    const body: Obj = ctx.body ?? {}
    checkFileSizes(core, ctx.files)
    validateMessage(body, "channel", ctx.files)
    if (body.nonce !== undefined && String(body.nonce).length > 25) throw formError([{ path: ["nonce"], code: "BASE_TYPE_BAD_LENGTH", message: "Must be 25 or fewer in length." }])
    // enforce_nonce: the same nonce from the same author within a few minutes returns the first message.
    if (body.enforce_nonce === true && body.nonce !== undefined) {
      const earlier = [...world.messages.values()].find(
        (m) => m.channelId === channel.id && m.msg.nonce === String(body.nonce) && Date.now() - Date.parse(m.msg.timestamp) < core.timing.nonceWindowMs,
      )
      if (earlier) return { status: 200, body: earlier.msg }
    }
    const { nonce, enforce_nonce: _enforce, ...rest } = body
    // EPHEMERAL exists only for interaction responses; Discord drops it on channel messages.
    const created = createMessage(core, { channelId: channel.id, body: { ...rest, flags: Number(body.flags ?? 0) & ~64 }, files: ctx.files })
    if (nonce !== undefined) created.msg.nonce = String(nonce)
    return { status: 200, body: created.msg }
  })
  router.on("GET", "/channels/:channel/messages", (ctx) => {
    const channel = visibleChannel(core, ctx.params.channel!)
    if (!(world.channelPermissions(channel, world.bot.id) & Perm.ReadMessageHistory)) return { status: 200, body: [] }
    const limit = Math.min(100, Math.max(1, Number(ctx.query.limit ?? 50)))
    const newestFirst = [...world.messages.values()].filter((m) => m.channelId === channel.id && !m.deleted && !m.ephemeral).reverse()
    const before = ctx.query.before
    const from = before === undefined ? 0 : newestFirst.findIndex((m) => BigInt(m.msg.id) < BigInt(before))
    return { status: 200, body: from < 0 ? [] : newestFirst.slice(from, from + limit).map((m) => m.msg) }
  })
  router.on("GET", "/channels/:channel/messages/:message", (ctx) => ({ status: 200, body: channelMessage(core, ctx).msg }))
  router.on("PATCH", "/channels/:channel/messages/:message", (ctx) => {
    const stored = channelMessage(core, ctx)
    checkFileSizes(core, ctx.files)
    const next = mergeEdit(core, stored, ctx.body ?? {}, ctx.files)
    validateMessage(next, "channel", ctx.files)
    commitEdit(core, stored, next)
    return { status: 200, body: stored.msg }
  })
  router.on("DELETE", "/channels/:channel/messages/:message", (ctx) => {
    deleteMessage(core, channelMessage(core, ctx))
    return { status: 204 }
  })

  // ---- guilds, members, roles ----
  router.on("GET", "/guilds/:guild", (ctx) => ({ status: 200, body: world.apiGuild(guildOr404(core, ctx.params.guild!)) }))
  router.on("GET", "/guilds/:guild/roles", (ctx) => ({ status: 200, body: [...guildOr404(core, ctx.params.guild!).roles.values()].map((r) => world.apiRole(r)) }))
  router.on("GET", "/guilds/:guild/channels", (ctx) => ({ status: 200, body: guildOr404(core, ctx.params.guild!).channels.map((id) => world.apiChannel(world.channels.get(id)!)) }))
  router.on("GET", "/guilds/:guild/members/:user", (ctx) => {
    const guild = guildOr404(core, ctx.params.guild!)
    const member = guild.members.get(ctx.params.user!)
    if (!member) throw notFound(10007, "Member")
    return { status: 200, body: world.apiMember(guild, member) }
  })
  const changeRole = (ctx: Ctx, add: boolean) => {
    const guild = guildOr404(core, ctx.params.guild!)
    const member = guild.members.get(ctx.params.user!)
    if (!member) throw notFound(10007, "Member")
    const role = guild.roles.get(ctx.params.role!)
    if (!role || role.id === guild.id) throw notFound(10011, "Role")
    // Discord checks MANAGE_ROLES and the hierarchy: only roles strictly below the bot's highest role.
    if (!(world.basePermissions(guild, world.bot.id) & Perm.ManageRoles)) throw missingPermissions()
    if (role.managed || role.position >= world.topRolePosition(guild, world.bot.id)) throw missingPermissions()
    const had = member.roles.includes(role.id)
    if (add && !had) member.roles.push(role.id)
    if (!add && had) member.roles.splice(member.roles.indexOf(role.id), 1)
    if (add !== had) core.gateway.dispatch("GUILD_MEMBER_UPDATE", { guild_id: guild.id, ...world.apiMember(guild, member) }, GatewayIntentBits.GuildMembers)
    return { status: 204 }
  }
  router.on("PUT", "/guilds/:guild/members/:user/roles/:role", (ctx) => changeRole(ctx, true))
  router.on("DELETE", "/guilds/:guild/members/:user/roles/:role", (ctx) => changeRole(ctx, false))
}

export function guildOr404(core: Core, id: string): GuildState {
  const g = core.world.guilds.get(id)
  if (!g) throw notFound(10004, "Guild")
  return g
}

function visibleChannel(core: Core, id: string): ChannelState {
  const channel = core.world.channels.get(id)
  if (!channel) throw notFound(10003, "Channel")
  if (!(core.world.channelPermissions(channel, core.world.bot.id) & Perm.ViewChannel)) throw new ApiError(403, 50001, "Missing Access")
  return channel
}

function channelMessage(core: Core, ctx: Ctx): StoredMessage {
  const channel = visibleChannel(core, ctx.params.channel!)
  const stored = liveMessage(core, ctx.params.message!)
  // Ephemeral messages are not reachable through channel routes, only through the interaction webhook.
  if (!stored || stored.channelId !== channel.id || stored.ephemeral) throw notFound(10008, "Message")
  return stored
}

function apiCommand(core: Core, c: StoredCommand, guildId: string | null): Obj {
  return {
    id: c.id, application_id: core.world.applicationId, version: c.version, type: c.type, name: c.name, name_localizations: null,
    description: c.json.description ?? "", description_localizations: null, default_member_permissions: c.json.default_member_permissions ?? null,
    nsfw: c.json.nsfw ?? false, contexts: c.json.contexts ?? null, integration_types: c.json.integration_types ?? [0],
    options: c.json.options ?? [], ...(guildId ? { guild_id: guildId } : { dm_permission: c.json.dm_permission ?? true }),
  }
}
