// The fake's in-memory picture of Discord: seeds, ids, permission maths and the API
// shapes discord.js reads. Routes and the gateway only ever read or mutate this.
import { EventEmitter } from "node:events"
import { PermissionFlagsBits as P } from "discord-api-types/v10"
import { invitePermissions } from "../../../src/app/invite.js"

export interface SeedUser { id: string; username: string; globalName: string | null; bot: boolean; dmsClosed: boolean }
export type PermissionSeed = bigint | "admin" | "member"
export interface SeedMember { id?: string; username: string; globalName?: string; nick?: string; roles?: string[]; permissions?: PermissionSeed; dmsClosed?: boolean; bot?: boolean }
export interface SeedRole {
  id?: string; name: string; permissions?: bigint; color?: number
  /** Place the role above the bot's own, so assigning it fails with 50013 as on Discord. */
  aboveBot?: boolean
}
export interface SeedOverwrite { id: string; type: 0 | 1; allow?: bigint; deny?: bigint }
export interface SeedChannel {
  id?: string; name: string; type?: number; parentId?: string; topic?: string
  /** false: the bot gets a member overwrite denying SEND_MESSAGES, so POSTs answer 403 50013 */
  botCanSend?: boolean
  botCanView?: boolean
  overwrites?: SeedOverwrite[]
}
export interface SeedGuild {
  id?: string; name?: string; locale?: string
  owner?: SeedMember; members?: SeedMember[]; roles?: SeedRole[]; channels?: SeedChannel[]
  /** The bot's managed role; defaults to BOT_DEFAULT_PERMISSIONS. */
  botPermissions?: bigint
  /** What @everyone grants every member, the bot included; defaults to EVERYONE_DEFAULT_PERMISSIONS. */
  everyonePermissions?: bigint
  /** false removes CREATE_EVENTS from the bot role (the post-2026-02-23 rule for event creation). */
  botCanCreateEvents?: boolean
}

export const ALL_PERMISSIONS = Object.values(P).reduce((a, b) => a | b, 0n)
export const MEMBER_PERMISSIONS = P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.AddReactions |
  P.EmbedLinks | P.AttachFiles | P.UseApplicationCommands | P.UseExternalEmojis | P.Connect | P.Speak |
  P.CreateInstantInvite | P.ChangeNickname | P.SendMessagesInThreads | P.UseExternalApps
/**
 * Exactly what the invite link asks for: if the bot needs anything more, a test fails here
 * before a league finds out in production.
 */
export const BOT_DEFAULT_PERMISSIONS = invitePermissions
/**
 * Discord adds @everyone's permissions to the bot's own, so an @everyone granting the usual member
 * set would hide a permission the invite forgot. The default server is therefore one that grants
 * nothing through @everyone (as leagues that hand out access by role do), and the bot works with
 * its invite alone. Nothing in the fake checks a member's own channel permissions; only Manage
 * Server and Administrator, which admins get from their role, reach the bot.
 */
export const EVERYONE_DEFAULT_PERMISSIONS = 0n
export const ADMIN_PERMISSIONS = P.Administrator | P.ManageGuild
export { P as Perm }

export interface RoleState { id: string; name: string; permissions: bigint; position: number; color: number; managed: boolean; botId?: string }
export interface OverwriteState { id: string; type: 0 | 1; allow: bigint; deny: bigint }
export interface ChannelState { id: string; type: number; name: string; guildId: string | null; parentId: string | null; topic: string | null; position: number; overwrites: OverwriteState[]; recipientId?: string }
export interface MemberState { userId: string; roles: string[]; nick: string | null; joinedAt: string; permissionsOverride?: bigint }
export interface EventState { data: Record<string, any>; createdByBot: boolean }
export interface GuildState { id: string; name: string; ownerId: string; locale: string; botRoleId: string; roles: Map<string, RoleState>; channels: string[]; members: Map<string, MemberState>; events: Map<string, EventState> }
export interface StoredMessage { msg: Record<string, any>; channelId: string; ephemeral: boolean; deleted: boolean }
export interface Blob { id: string; filename: string; contentType: string; data: Buffer }
export interface StoredCommand { id: string; name: string; type: number; version: string; json: Record<string, any> }

const DISCORD_EPOCH = 1420070400000n
let increment = 0n
/** Real snowflakes (timestamp-based, 19 digits today) so discord.js derives sane createdAt values. */
export const snowflake = (): string => {
  increment = (increment + 1n) & 0xfffn
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment)
}

export class World {
  readonly events = new EventEmitter()
  readonly users = new Map<string, SeedUser>()
  readonly guilds = new Map<string, GuildState>()
  readonly channels = new Map<string, ChannelState>()
  readonly messages = new Map<string, StoredMessage>()
  readonly dmChannelByUser = new Map<string, string>()
  readonly blobs = new Map<string, Blob>()
  readonly globalCommands: StoredCommand[] = []
  readonly guildCommands = new Map<string, StoredCommand[]>()
  readonly commandPuts = { global: 0, guilds: {} as Record<string, number> }
  readonly bot: SeedUser
  baseUrl = ""

  constructor(readonly applicationId: string, botUserId: string, readonly token: string) {
    this.bot = this.addUser({ id: botUserId, username: "pitboard-test", bot: true })
    this.events.setMaxListeners(0)
  }

  addUser(seed: { id?: string; username: string; globalName?: string; bot?: boolean; dmsClosed?: boolean }): SeedUser {
    const user: SeedUser = { id: seed.id ?? snowflake(), username: seed.username, globalName: seed.globalName ?? null, bot: seed.bot ?? false, dmsClosed: seed.dmsClosed ?? false }
    this.users.set(user.id, user)
    return user
  }

  addGuild(seed: SeedGuild): GuildState {
    const id = seed.id ?? snowflake()
    const roles = new Map<string, RoleState>()
    roles.set(id, { id, name: "@everyone", permissions: seed.everyonePermissions ?? EVERYONE_DEFAULT_PERMISSIONS, position: 0, color: 0, managed: false })
    const addRole = (r: SeedRole) => {
      const rid = r.id ?? snowflake()
      roles.set(rid, { id: rid, name: r.name, permissions: r.permissions ?? 0n, position: roles.size, color: r.color ?? 0, managed: false })
    }
    const seeded: SeedRole[] = [{ name: "Admin", permissions: ADMIN_PERMISSIONS }, ...(seed.roles ?? [])]
    seeded.filter((r) => !r.aboveBot).forEach(addRole)
    let botPerms = seed.botPermissions ?? BOT_DEFAULT_PERMISSIONS
    if (seed.botCanCreateEvents === false) botPerms &= ~P.CreateEvents
    // The bot's role sits above seeded roles so role assignment works, except for roles marked aboveBot.
    const botRoleId = snowflake()
    roles.set(botRoleId, { id: botRoleId, name: "Pitboard", permissions: botPerms, position: roles.size, color: 0, managed: true, botId: this.bot.id })
    seeded.filter((r) => r.aboveBot).forEach(addRole)
    const guild: GuildState = { id, name: seed.name ?? "Test League", ownerId: "", locale: seed.locale ?? "en-US", botRoleId, roles, channels: [], members: new Map(), events: new Map() }
    this.guilds.set(id, guild)
    guild.members.set(this.bot.id, { userId: this.bot.id, roles: [botRoleId], nick: null, joinedAt: new Date().toISOString() })
    const owner = this.addMember(id, seed.owner ?? { username: "league-owner", permissions: "admin" })
    guild.ownerId = owner.id
    for (const m of seed.members ?? []) this.addMember(id, m)
    for (const c of seed.channels ?? [{ name: "general" }, { name: "announcements" }]) this.addChannel(id, c)
    return guild
  }

  addChannel(guildId: string, seed: SeedChannel): ChannelState {
    const guild = this.guild(guildId)
    const overwrites: OverwriteState[] = (seed.overwrites ?? []).map((o) => ({ id: o.id, type: o.type, allow: o.allow ?? 0n, deny: o.deny ?? 0n }))
    const botDeny = (seed.botCanSend === false ? P.SendMessages : 0n) | (seed.botCanView === false ? P.ViewChannel : 0n)
    if (botDeny) overwrites.push({ id: this.bot.id, type: 1, allow: 0n, deny: botDeny })
    const ch: ChannelState = { id: seed.id ?? snowflake(), type: seed.type ?? 0, name: seed.name, guildId, parentId: seed.parentId ?? null, topic: seed.topic ?? null, position: guild.channels.length, overwrites }
    this.channels.set(ch.id, ch)
    guild.channels.push(ch.id)
    return ch
  }

  /** Emits "roleCreate" when an explicit bigint permission set needs a role of its own. */
  addMember(guildId: string, seed: SeedMember): SeedUser {
    const guild = this.guild(guildId)
    const user = (seed.id && this.users.get(seed.id)) || this.addUser(seed)
    const roles = [...(seed.roles ?? [])]
    const perms = seed.permissions ?? "member"
    if (perms === "admin") roles.push(this.roleByName(guild, "Admin").id)
    else if (typeof perms === "bigint") {
      // A role carrying the set keeps discord.js's cached GuildMember.permissions in step with the payloads.
      const name = `perms:${perms.toString(16)}`
      let role = [...guild.roles.values()].find((r) => r.name === name)
      if (!role) {
        const botRole = guild.roles.get(guild.botRoleId)!
        role = { id: snowflake(), name, permissions: perms, position: botRole.position, color: 0, managed: false }
        botRole.position += 1
        guild.roles.set(role.id, role)
        this.events.emit("roleCreate", guild, role)
      }
      roles.push(role.id)
    }
    const member: MemberState = { userId: user.id, roles, nick: seed.nick ?? null, joinedAt: new Date().toISOString() }
    if (typeof perms === "bigint") member.permissionsOverride = perms
    guild.members.set(user.id, member)
    return user
  }

  guild(id: string): GuildState {
    const g = this.guilds.get(id)
    if (!g) throw new Error(`fake-discord: no guild ${id}`)
    return g
  }
  roleByName(guild: GuildState, name: string): RoleState {
    const r = [...guild.roles.values()].find((x) => x.name === name)
    if (!r) throw new Error(`fake-discord: no role ${name} in ${guild.id}`)
    return r
  }

  basePermissions(guild: GuildState, userId: string): bigint {
    if (guild.ownerId === userId) return ALL_PERMISSIONS
    const member = guild.members.get(userId)
    let p = guild.roles.get(guild.id)!.permissions
    for (const rid of member?.roles ?? []) p |= guild.roles.get(rid)?.permissions ?? 0n
    return p & P.Administrator ? ALL_PERMISSIONS : p
  }

  /** Discord's documented order: @everyone overwrite, then role overwrites together, then the member's own. */
  channelPermissions(channel: ChannelState, userId: string): bigint {
    if (!channel.guildId) return P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.AttachFiles | P.EmbedLinks | P.MentionEveryone | P.UseExternalEmojis
    const guild = this.guild(channel.guildId)
    let p = this.basePermissions(guild, userId)
    if (p & P.Administrator) return ALL_PERMISSIONS
    const roles = new Set(guild.members.get(userId)?.roles ?? [])
    const apply = (allow: bigint, deny: bigint) => { p = (p & ~deny) | allow }
    const everyone = channel.overwrites.find((o) => o.id === guild.id)
    if (everyone) apply(everyone.allow, everyone.deny)
    let allow = 0n, deny = 0n
    for (const o of channel.overwrites) if (o.type === 0 && o.id !== guild.id && roles.has(o.id)) { allow |= o.allow; deny |= o.deny }
    apply(allow, deny)
    const own = channel.overwrites.find((o) => o.type === 1 && o.id === userId)
    if (own) apply(own.allow, own.deny)
    return p
  }

  topRolePosition(guild: GuildState, userId: string): number {
    const member = guild.members.get(userId)
    return Math.max(0, ...(member?.roles ?? []).map((r) => guild.roles.get(r)?.position ?? 0))
  }

  dmChannelFor(userId: string): ChannelState {
    const existing = this.dmChannelByUser.get(userId)
    if (existing) return this.channels.get(existing)!
    const ch: ChannelState = { id: snowflake(), type: 1, name: "", guildId: null, parentId: null, topic: null, position: 0, overwrites: [], recipientId: userId }
    this.channels.set(ch.id, ch)
    this.dmChannelByUser.set(userId, ch.id)
    return ch
  }

  // ---- API shapes ----
  apiUser(u: SeedUser): Record<string, unknown> {
    return { id: u.id, username: u.username, discriminator: "0", global_name: u.globalName, avatar: null, bot: u.bot || undefined, flags: 0, public_flags: 0 }
  }
  apiMember(guild: GuildState, m: MemberState, withUser = true): Record<string, unknown> {
    const base = { roles: [...m.roles], nick: m.nick, avatar: null, joined_at: m.joinedAt, premium_since: null, deaf: false, mute: false, flags: 0, pending: false, communication_disabled_until: null }
    return withUser ? { ...base, user: this.apiUser(this.users.get(m.userId)!) } : base
  }
  apiRole(r: RoleState): Record<string, unknown> {
    return { id: r.id, name: r.name, permissions: String(r.permissions), position: r.position, color: r.color, colors: { primary_color: r.color, secondary_color: null, tertiary_color: null }, hoist: false, managed: r.managed, mentionable: false, icon: null, unicode_emoji: null, flags: 0, ...(r.botId ? { tags: { bot_id: r.botId } } : {}) }
  }
  apiChannel(c: ChannelState): Record<string, unknown> {
    if (!c.guildId) return { id: c.id, type: 1, last_message_id: null, flags: 0, recipients: [this.apiUser(this.users.get(c.recipientId!)!)] }
    return {
      id: c.id, type: c.type, guild_id: c.guildId, name: c.name, position: c.position, parent_id: c.parentId, topic: c.topic, nsfw: false,
      rate_limit_per_user: 0, last_message_id: null, flags: 0,
      permission_overwrites: c.overwrites.map((o) => ({ id: o.id, type: o.type, allow: String(o.allow), deny: String(o.deny) })),
    }
  }
  apiGuild(g: GuildState): Record<string, unknown> {
    return {
      id: g.id, name: g.name, icon: null, splash: null, discovery_splash: null, owner_id: g.ownerId, afk_channel_id: null, afk_timeout: 300,
      verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0, mfa_level: 0, nsfw_level: 0, premium_tier: 0,
      system_channel_id: null, system_channel_flags: 0, rules_channel_id: null, public_updates_channel_id: null, vanity_url_code: null,
      description: null, banner: null, preferred_locale: g.locale, features: [], application_id: null, max_members: 500000,
      roles: [...g.roles.values()].map((r) => this.apiRole(r)), emojis: [], stickers: [], premium_progress_bar_enabled: false,
    }
  }
  guildCreate(g: GuildState): Record<string, unknown> {
    return {
      ...this.apiGuild(g), unavailable: false, large: false, joined_at: g.members.get(this.bot.id)!.joinedAt, member_count: g.members.size,
      channels: g.channels.map((id) => { const { guild_id: _, ...rest } = this.apiChannel(this.channels.get(id)!); return rest }),
      members: [...g.members.values()].map((m) => this.apiMember(g, m)),
      guild_scheduled_events: [...g.events.values()].map((e) => e.data),
      threads: [], presences: [], voice_states: [], stage_instances: [], soundboard_sounds: [],
    }
  }
}
