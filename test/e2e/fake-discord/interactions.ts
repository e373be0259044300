// INTERACTION_CREATE payloads complete enough for discord.js 14 (discord-platform.md §5.4).
// Option types come from the registered command when there is one, so a test cannot send
// what a Discord client never would (unknown option, missing required, wrong type).
import { randomBytes } from "node:crypto"
import type { Core, InteractionState } from "./core.js"
import { liveMessage } from "./core.js"
import { snowflake, type SeedUser, type StoredCommand } from "./world.js"

type Obj = Record<string, any>
export interface AttachmentInput { filename: string; contentType?: string; data?: Buffer | string }
export type OptionValue = string | number | boolean | SeedUser | { user: SeedUser } | { role: string } | { channel: string } | { attachment: AttachmentInput }
export interface Invoker { user: SeedUser; guildId?: string | null; channelId?: string; locale?: string }
export interface SlashInput extends Invoker { command: string; subcommand?: string; group?: string; options?: Record<string, OptionValue>; resolved?: Obj }
export interface AutocompleteInput extends SlashInput { focused: string }
export type MessageRef = Obj | string
export interface ButtonInput extends Invoker { customId: string; message?: MessageRef }
export interface SelectInput extends Invoker { customId: string; values: string[]; componentType?: 3 | 5 | 6 | 7 | 8; message?: MessageRef }
/** string = text input / radio value, string[] = select or file ids, boolean = checkbox. */
export interface ModalSubmitInput extends Invoker { customId: string; fields: Record<string, string | string[] | boolean>; message?: MessageRef }

const OPTION = { SUB: 1, GROUP: 2, STRING: 3, INTEGER: 4, BOOLEAN: 5, USER: 6, CHANNEL: 7, ROLE: 8, MENTIONABLE: 9, NUMBER: 10, ATTACHMENT: 11 }
const isUser = (v: unknown): v is SeedUser => typeof v === "object" && v !== null && "username" in v && "id" in v

export function defaultChannel(core: Core, guildId: string | null): string {
  if (guildId === null) throw new Error("fake-discord: a DM interaction needs channelId (use fake.dmChannel(user).id)")
  const id = core.world.guild(guildId).channels.find((c) => core.world.channels.get(c)!.type === 0)
  if (!id) throw new Error(`fake-discord: guild ${guildId} has no text channel`)
  return id
}

function envelope(core: Core, type: number, inv: Invoker, firstGuild: string, data: Obj, extra: Obj = {}): InteractionState {
  const { world } = core
  const guildId = inv.guildId === undefined ? firstGuild : inv.guildId
  const channelId = inv.channelId ?? defaultChannel(core, guildId)
  const channel = world.channels.get(channelId)
  if (!channel) throw new Error(`fake-discord: unknown channel ${channelId}`)
  const id = snowflake()
  // Shaped like Discord's: base64url of "interaction:<id>:…", URL-safe without encoding.
  const token = Buffer.from(`interaction:${id}:`).toString("base64url") + randomBytes(60).toString("base64url")
  const payload: Obj = {
    id, application_id: world.applicationId, type, token, version: 1, data, locale: inv.locale ?? "en-US",
    entitlements: [], attachment_size_limit: core.timing.attachmentSizeLimit, app_permissions: String(world.channelPermissions(channel, world.bot.id)),
    channel_id: channelId, ...extra,
  }
  if (guildId) {
    const guild = world.guild(guildId)
    const member = guild.members.get(inv.user.id)
    if (!member) throw new Error(`fake-discord: ${inv.user.username} is not a member of ${guild.name}; use fake.addMember`)
    const perms = member.permissionsOverride ?? world.channelPermissions(channel, inv.user.id)
    Object.assign(payload, {
      guild_id: guildId, guild: { id: guildId, locale: guild.locale, features: [] }, guild_locale: guild.locale, context: 0,
      authorizing_integration_owners: { "0": guildId }, member: { ...world.apiMember(guild, member), permissions: String(perms) },
      channel: { ...world.apiChannel(channel), permissions: String(perms) },
    })
  } else {
    Object.assign(payload, { user: world.apiUser(inv.user), context: 1, authorizing_integration_owners: { "0": "0" }, channel: world.apiChannel(channel) })
  }
  return {
    id, token, type, payload, dispatchedAt: 0, channelId, guildId, userId: inv.user.id, commandName: type === 2 || type === 4 ? data.name : null,
    ack: null, expired: false, originalId: null, loading: false, followUpIds: [], sourceMessage: (extra.message as Obj) ?? null,
  }
}

function findCommand(core: Core, guildId: string | null, name: string): StoredCommand | undefined {
  const guildCmds = guildId ? core.world.guildCommands.get(guildId) ?? [] : []
  return [...guildCmds, ...core.world.globalCommands].find((c) => c.name === name && c.type === 1)
}

function commandData(core: Core, firstGuild: string, input: SlashInput, focused?: string): Obj {
  const guildId = input.guildId === undefined ? firstGuild : input.guildId
  const cmd = findCommand(core, guildId, input.command)
  const resolved: Obj = {}
  let defs: Obj[] | undefined = cmd ? cmd.json.options ?? [] : undefined
  const where = (n: string) => `/${[input.command, input.group, input.subcommand].filter(Boolean).join(" ")} ${n}`
  const descend = (name: string | undefined, type: number) => {
    if (!name || !defs) return
    const d = defs.find((o) => o.name === name && o.type === type)
    if (!d) throw new Error(`fake-discord: ${where(name)} is not a registered ${type === 1 ? "subcommand" : "group"}`)
    defs = d.options ?? []
  }
  descend(input.group, OPTION.GROUP)
  descend(input.subcommand, OPTION.SUB)
  const options = Object.entries(input.options ?? {}).map(([name, raw]) => {
    const def = defs?.find((o) => o.name === name)
    if (defs && !def) throw new Error(`fake-discord: ${where(name)}: no such option on the registered command`)
    const opt = encodeOption(core, guildId, name, raw, def?.type, resolved)
    return focused === name ? { ...opt, value: String(raw), type: def?.type ?? OPTION.STRING, focused: true } : opt
  })
  if (defs && focused === undefined) {
    const missing = defs.filter((d) => d.required && !(d.name in (input.options ?? {})))
    if (missing.length) throw new Error(`fake-discord: ${where(missing.map((m) => m.name).join(", "))}: required option missing`)
  }
  let nested: Obj[] = options
  if (input.subcommand) nested = [{ name: input.subcommand, type: OPTION.SUB, options }]
  if (input.group) nested = [{ name: input.group, type: OPTION.GROUP, options: nested }]
  const res = { ...resolved, ...(input.resolved ?? {}) }
  return {
    id: cmd?.id ?? snowflake(), name: input.command, type: 1, ...(guildId && cmd && core.world.guildCommands.get(guildId)?.includes(cmd) ? { guild_id: guildId } : {}),
    options: nested, ...(Object.keys(res).length ? { resolved: res } : {}),
  }
}

function encodeOption(core: Core, guildId: string | null, name: string, raw: OptionValue, declared: number | undefined, resolved: Obj): Obj {
  const { world } = core
  const type = declared ?? inferType(raw)
  const put = (bucket: string, id: string, value: Obj) => { (resolved[bucket] ??= {})[id] = value }
  const addUser = (u: SeedUser) => {
    put("users", u.id, world.apiUser(u))
    const member = guildId ? world.guild(guildId).members.get(u.id) : undefined
    if (member && guildId) put("members", u.id, { ...world.apiMember(world.guild(guildId), member, false), permissions: String(world.basePermissions(world.guild(guildId), u.id)) })
    return u.id
  }
  const idOf = (v: OptionValue, key: "user" | "role" | "channel"): string => {
    if (typeof v === "string") return v
    if (key === "user" && isUser(v)) return v.id
    const inner = (v as Obj)[key]
    return isUser(inner) ? inner.id : String(inner)
  }
  switch (type) {
    case OPTION.USER: case OPTION.MENTIONABLE: {
      const asRole = typeof raw === "object" && raw !== null && "role" in raw
      if (asRole) return encodeOption(core, guildId, name, raw, OPTION.ROLE, resolved) && { name, type, value: idOf(raw, "role") }
      const id = idOf(raw, "user")
      const user = world.users.get(id)
      if (!user) throw new Error(`fake-discord: option ${name}: unknown user ${id}`)
      return { name, type, value: addUser(user) }
    }
    case OPTION.ROLE: {
      const id = idOf(raw, "role")
      const role = guildId ? world.guild(guildId).roles.get(id) : undefined
      if (!role) throw new Error(`fake-discord: option ${name}: unknown role ${id}`)
      put("roles", id, world.apiRole(role))
      return { name, type, value: id }
    }
    case OPTION.CHANNEL: {
      const id = idOf(raw, "channel")
      const ch = world.channels.get(id)
      if (!ch) throw new Error(`fake-discord: option ${name}: unknown channel ${id}`)
      put("channels", id, { id, name: ch.name, type: ch.type, parent_id: ch.parentId, permissions: String(world.channelPermissions(ch, world.bot.id)) })
      return { name, type, value: id }
    }
    case OPTION.ATTACHMENT: {
      const a = (raw as { attachment: AttachmentInput }).attachment
      if (!a) throw new Error(`fake-discord: option ${name}: pass { attachment: { filename, data } }`)
      const id = snowflake()
      const data = Buffer.from(a.data ?? "")
      const contentType = a.contentType ?? "application/octet-stream"
      world.blobs.set(id, { id, filename: a.filename, contentType, data })
      const url = `${world.baseUrl}/attachments/${id}/${encodeURIComponent(a.filename)}`
      put("attachments", id, { id, filename: a.filename, size: data.length, url, proxy_url: url, content_type: contentType, ephemeral: true })
      return { name, type, value: id }
    }
    case OPTION.INTEGER:
      if (typeof raw !== "number" || !Number.isInteger(raw)) throw new Error(`fake-discord: option ${name} is INTEGER, got ${String(raw)}`)
      return { name, type, value: raw }
    case OPTION.NUMBER: case OPTION.BOOLEAN:
      return { name, type, value: raw }
    default:
      return { name, type: OPTION.STRING, value: String(raw) }
  }
}

function inferType(v: OptionValue): number {
  if (typeof v === "boolean") return OPTION.BOOLEAN
  if (typeof v === "number") return Number.isInteger(v) ? OPTION.INTEGER : OPTION.NUMBER
  if (typeof v === "string") return OPTION.STRING
  if (isUser(v) || "user" in v) return OPTION.USER
  if ("role" in v) return OPTION.ROLE
  if ("channel" in v) return OPTION.CHANNEL
  return OPTION.ATTACHMENT
}

export function slashInteraction(core: Core, firstGuild: string, input: SlashInput): InteractionState {
  return envelope(core, 2, input, firstGuild, commandData(core, firstGuild, input))
}
export function autocompleteInteraction(core: Core, firstGuild: string, input: AutocompleteInput): InteractionState {
  return envelope(core, 4, input, firstGuild, commandData(core, firstGuild, input, input.focused))
}

/** A stored message id or object resolves to its current state, so clicks land on what the bot last wrote. */
function resolveMessage(core: Core, ref: MessageRef | undefined, channelId: string, component: Obj): Obj {
  if (typeof ref === "string" || (ref && typeof ref.id === "string" && liveMessage(core, ref.id))) {
    const stored = liveMessage(core, typeof ref === "string" ? ref : ref.id)
    if (!stored) throw new Error(`fake-discord: no live message ${String(ref)}`)
    return stored.msg
  }
  if (ref) return ref
  const { world } = core
  const channel = world.channels.get(channelId)
  return {
    id: snowflake(), channel_id: channelId, ...(channel?.guildId ? { guild_id: channel.guildId } : {}), type: 0, content: "",
    author: world.apiUser(world.bot), timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false,
    mentions: [], mention_roles: [], attachments: [], embeds: [], pinned: false, flags: 0, components: [{ type: 1, components: [component] }],
  }
}

export function buttonInteraction(core: Core, firstGuild: string, input: ButtonInput): InteractionState {
  const channelId = input.channelId ?? (typeof input.message === "object" ? input.message.channel_id : undefined) ?? defaultChannel(core, input.guildId === undefined ? firstGuild : input.guildId)
  const message = resolveMessage(core, input.message, channelId, { type: 2, style: 1, custom_id: input.customId, label: "Button" })
  return envelope(core, 3, { ...input, channelId: message.channel_id ?? channelId }, firstGuild, { custom_id: input.customId, component_type: 2 }, { message })
}

export function selectInteraction(core: Core, firstGuild: string, input: SelectInput): InteractionState {
  const componentType = input.componentType ?? 3
  const channelId = input.channelId ?? (typeof input.message === "object" ? input.message.channel_id : undefined) ?? defaultChannel(core, input.guildId === undefined ? firstGuild : input.guildId)
  const message = resolveMessage(core, input.message, channelId, { type: componentType, custom_id: input.customId, options: componentType === 3 ? input.values.map((v) => ({ label: v, value: v })) : undefined })
  const guildId = input.guildId === undefined ? firstGuild : input.guildId
  const data: Obj = { custom_id: input.customId, component_type: componentType, values: input.values }
  if (componentType !== 3) {
    const resolved: Obj = {}
    for (const v of input.values) {
      const t = core.world.users.has(v) ? OPTION.USER : core.world.channels.has(v) ? OPTION.CHANNEL : OPTION.ROLE
      encodeOption(core, guildId, "value", v, t, resolved)
    }
    data.resolved = resolved
  }
  return envelope(core, 3, { ...input, channelId: message.channel_id ?? channelId }, firstGuild, data, { message })
}

export function modalSubmitInteraction(core: Core, firstGuild: string, input: ModalSubmitInput): InteractionState {
  const shown = core.modals.get(input.customId)
  const submitted = (inner: Obj, value: string | string[] | boolean | undefined): Obj => {
    const base = { type: inner.type, id: inner.id ?? 0, custom_id: inner.custom_id }
    if (inner.type === 23) return { ...base, value: Boolean(value) }
    if (Array.isArray(value) || [3, 5, 6, 7, 8, 19, 22].includes(inner.type)) return { ...base, values: ([] as string[]).concat((value as string | string[] | undefined) ?? []) }
    return { ...base, value: value === undefined ? "" : String(value) }
  }
  let components: Obj[]
  if (shown) {
    // Echo the layout the bot sent, as Discord does; unknown field names are a test bug.
    const known = new Set<string>()
    components = (shown.data.components as Obj[]).flatMap((top): Obj[] => {
      if (top.type === 18) { known.add(top.component.custom_id); return [{ type: 18, id: top.id ?? 0, component: submitted(top.component, input.fields[top.component.custom_id]) }] }
      if (top.type === 1) return [{ type: 1, id: top.id ?? 0, components: top.components.map((c: Obj) => { known.add(c.custom_id); return submitted(c, input.fields[c.custom_id]) }) }]
      return [{ type: top.type, id: top.id ?? 0 }]
    })
    const stray = Object.keys(input.fields).filter((k) => !known.has(k))
    if (stray.length) throw new Error(`fake-discord: modal ${input.customId} has no field(s) ${stray.join(", ")}`)
  } else {
    components = Object.entries(input.fields).map(([customId, value]) =>
      typeof value === "string" ? { type: 1, id: 0, components: [{ type: 4, id: 0, custom_id: customId, value }] }
        : { type: 18, id: 0, component: submitted({ type: typeof value === "boolean" ? 23 : 3, custom_id: customId }, value) })
  }
  // A modal opened from a component carries that component's message, as on Discord.
  const extra: Obj = {}
  const ref = input.message ?? shown?.message ?? undefined
  if (ref) extra.message = resolveMessage(core, ref, input.channelId ?? "", {})
  const channelId = input.channelId ?? extra.message?.channel_id ?? shown?.channelId
  return envelope(core, 5, { ...input, channelId }, firstGuild, { custom_id: input.customId, components }, extra)
}
