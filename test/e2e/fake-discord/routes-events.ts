// Guild scheduled events (discord-platform.md §3): field rules, status transitions,
// and the CREATE_EVENTS requirement that bots have needed since 2026-02-23.
import { GatewayIntentBits } from "discord-api-types/v10"
import type { Core } from "./core.js"
import type { Issue } from "./limits.js"
import { guildOr404 } from "./routes-rest.js"
import { ApiError, formError, missingPermissions, notFound, type Ctx, type Router } from "./server.js"
import { Perm, snowflake, type EventState, type GuildState } from "./world.js"

type Obj = Record<string, any>
const EXTERNAL = 3
const TRANSITIONS: Record<number, number[]> = { 1: [2, 4], 2: [3] }
const intent = GatewayIntentBits.GuildScheduledEvents

export function eventRoutes(router: Router, core: Core) {
  const { world } = core
  const withCount = (ctx: Ctx, e: EventState) => (ctx.query.with_user_count === "true" ? { ...e.data, user_count: 0 } : e.data)
  const find = (ctx: Ctx): [GuildState, EventState] => {
    const guild = guildOr404(core, ctx.params.guild!)
    const e = guild.events.get(ctx.params.event!)
    if (!e) throw notFound(10070, "Guild Scheduled Event")
    return [guild, e]
  }
  const canModify = (guild: GuildState, e: EventState) => {
    const p = world.basePermissions(guild, world.bot.id)
    return Boolean(p & Perm.ManageEvents) || (e.createdByBot && Boolean(p & Perm.CreateEvents))
  }

  router.on("GET", "/guilds/:guild/scheduled-events", (ctx) => ({ status: 200, body: [...guildOr404(core, ctx.params.guild!).events.values()].map((e) => withCount(ctx, e)) }))
  router.on("GET", "/guilds/:guild/scheduled-events/:event", (ctx) => ({ status: 200, body: withCount(ctx, find(ctx)[1]) }))

  router.on("POST", "/guilds/:guild/scheduled-events", (ctx) => {
    const guild = guildOr404(core, ctx.params.guild!)
    if (!(world.basePermissions(guild, world.bot.id) & Perm.CreateEvents)) throw missingPermissions()
    const body: Obj = ctx.body ?? {}
    const data: Obj = {
      id: snowflake(), guild_id: guild.id, channel_id: body.channel_id ?? null, creator_id: world.bot.id, creator: world.apiUser(world.bot),
      name: body.name, description: body.description ?? null, scheduled_start_time: body.scheduled_start_time, scheduled_end_time: body.scheduled_end_time ?? null,
      privacy_level: body.privacy_level, status: 1, entity_type: body.entity_type, entity_id: null,
      entity_metadata: body.entity_type === EXTERNAL ? body.entity_metadata ?? null : null, image: null, recurrence_rule: body.recurrence_rule ?? null, user_count: 0,
    }
    validate(core, guild, data, true)
    const active = [...guild.events.values()].filter((e) => e.data.status === 1 || e.data.status === 2).length
    if (active >= 100) throw new ApiError(400, 30038, "Maximum number of uncompleted guild scheduled events reached (100)")
    const e: EventState = { data, createdByBot: true }
    guild.events.set(data.id, e)
    core.gateway.dispatch("GUILD_SCHEDULED_EVENT_CREATE", data, intent)
    return { status: 200, body: data }
  })

  router.on("PATCH", "/guilds/:guild/scheduled-events/:event", (ctx) => {
    const [guild, e] = find(ctx)
    if (!canModify(guild, e)) throw missingPermissions()
    const body: Obj = ctx.body ?? {}
    const from = Number(e.data.status)
    if (from === 3 || from === 4) throw new ApiError(400, 180000, "Cannot update a finished event")
    if (body.status !== undefined && body.status !== from && !TRANSITIONS[from]?.includes(Number(body.status))) {
      throw formError([{ path: ["status"], code: "GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION", message: `Cannot go from status ${from} to ${String(body.status)}` }])
    }
    const next: Obj = { ...e.data }
    for (const k of ["name", "description", "scheduled_start_time", "scheduled_end_time", "privacy_level", "entity_type", "status", "channel_id", "entity_metadata", "recurrence_rule"]) {
      if (body[k] !== undefined) next[k] = body[k]
    }
    if (next.entity_type !== EXTERNAL) next.entity_metadata = null
    validate(core, guild, next, false)
    e.data = next
    core.gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", next, intent)
    return { status: 200, body: next }
  })

  router.on("DELETE", "/guilds/:guild/scheduled-events/:event", (ctx) => {
    const [guild, e] = find(ctx)
    if (!canModify(guild, e)) throw missingPermissions()
    guild.events.delete(e.data.id)
    core.gateway.dispatch("GUILD_SCHEDULED_EVENT_DELETE", e.data, intent)
    return { status: 204 }
  })
}

function validate(core: Core, guild: GuildState, d: Obj, creating: boolean) {
  const issues: Issue[] = []
  const bad = (path: string[], code: string, message: string) => issues.push({ path, code, message })
  const len = (k: string, min: number, max: number, required: boolean) => {
    const v = d[k]
    if (v === null || v === undefined) { if (required) bad([k], "BASE_TYPE_REQUIRED", "This field is required"); return }
    if (typeof v !== "string" || v.length < min || v.length > max) bad([k], "BASE_TYPE_BAD_LENGTH", `Must be between ${min} and ${max} in length.`)
  }
  len("name", 1, 100, true)
  len("description", 1, 1000, false)
  if (d.privacy_level !== 2) bad(["privacy_level"], "BASE_TYPE_CHOICES", "Value must be one of (2,).")
  if (![1, 2, 3].includes(d.entity_type)) bad(["entity_type"], "BASE_TYPE_CHOICES", "Value must be one of (1, 2, 3).")
  const start = Date.parse(d.scheduled_start_time)
  if (Number.isNaN(start)) bad(["scheduled_start_time"], "DATE_TIME_TYPE_PARSE", "Could not parse the date/time")
  else if (creating && start < Date.now()) bad(["scheduled_start_time"], "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST", "Cannot schedule event in the past.")
  const end = d.scheduled_end_time === null || d.scheduled_end_time === undefined ? null : Date.parse(d.scheduled_end_time)
  if (end !== null && (Number.isNaN(end) || end <= start)) bad(["scheduled_end_time"], "GUILD_SCHEDULED_EVENT_END_BEFORE_START", "The end time must be after the start time.")
  if (d.entity_type === EXTERNAL) {
    const loc = d.entity_metadata?.location
    if (typeof loc !== "string" || loc.length < 1 || loc.length > 100) bad(["entity_metadata", "location"], "BASE_TYPE_REQUIRED", "EXTERNAL events need entity_metadata.location (1-100 chars)")
    if (end === null) bad(["scheduled_end_time"], "BASE_TYPE_REQUIRED", "EXTERNAL events need scheduled_end_time")
    if (d.channel_id !== null && d.channel_id !== undefined) bad(["channel_id"], "GUILD_SCHEDULED_EVENT_CHANNEL_NOT_ALLOWED", "EXTERNAL events take channel_id null")
  } else if (d.entity_type === 1 || d.entity_type === 2) {
    const ch = d.channel_id ? core.world.channels.get(d.channel_id) : undefined
    const wanted = d.entity_type === 1 ? 13 : 2
    if (!ch || ch.guildId !== guild.id || ch.type !== wanted) bad(["channel_id"], "GUILD_SCHEDULED_EVENT_INVALID_CHANNEL", `Needs a ${wanted === 13 ? "stage" : "voice"} channel of this guild`)
  }
  if (issues.length) throw formError(issues)
}
