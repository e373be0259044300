// Shared state passed to every route module, plus the message store: building message
// objects the way Discord returns them and announcing them over the gateway.
import { GatewayIntentBits } from "discord-api-types/v10"
import type { FakeGateway } from "./gateway.js"
import { checkMessage, FLAG, type MessageContext } from "./limits.js"
import { ApiError, formError, type RecordedFile } from "./server.js"
import { snowflake, type StoredMessage, type World } from "./world.js"

export interface FakeTiming {
  /** Discord's 3 s initial-response window; tests shrink it to stay fast. */
  responseDeadlineMs: number
  /** Interaction token lifetime for webhooks (15 min on Discord). */
  tokenLifetimeMs: number
  /** Per-file upload cap, also sent as attachment_size_limit. */
  attachmentSizeLimit: number
  /** How long an enforced nonce is remembered. */
  nonceWindowMs: number
}

export interface InteractionState {
  id: string
  token: string
  /** 2 command, 3 component, 4 autocomplete, 5 modal submit */
  type: number
  payload: Record<string, any>
  dispatchedAt: number
  channelId: string
  guildId: string | null
  userId: string
  commandName: string | null
  ack: { type: number; at: number } | null
  /** Set once the deadline was missed: Discord has already invalidated the token. */
  expired: boolean
  originalId: string | null
  /** A type-5 "thinking" message that no edit or follow-up has replaced yet. */
  loading: boolean
  followUpIds: string[]
  sourceMessage: Record<string, any> | null
}

export interface Core {
  world: World
  gateway: FakeGateway
  timing: FakeTiming
  interactions: Map<string, InteractionState>
  /** The same interactions by token, for webhook routes: a scan per call adds up over a 1,000-member burst. */
  interactionsByToken: Map<string, InteractionState>
  /** Last modal shown per custom_id, so modalSubmit can echo its layout. */
  modals: Map<string, Record<string, any>>
}

type Obj = Record<string, any>
const MESSAGE_FIELDS = ["content", "embeds", "components", "flags", "tts", "sticker_ids", "poll"] as const

/** Validate a create/edit; throws the exact error Discord would send. */
export function validateMessage(candidate: Obj, context: MessageContext, files: RecordedFile[], prefix: (string | number)[] = []) {
  const { issues, empty } = checkMessage(candidate, context, files.length > 0)
  if (issues.length) throw formError(issues, prefix)
  if (empty) throw new ApiError(400, 50006, "Cannot send an empty message")
}

export function checkFileSizes(core: Core, files: RecordedFile[]) {
  if (files.some((f) => f.data.length > core.timing.attachmentSizeLimit)) throw new ApiError(413, 40005, "Request entity too large")
}

function attachmentsFor(core: Core, body: Obj, files: RecordedFile[], existing: Obj[]): Obj[] {
  const described = new Map<string, Obj>((Array.isArray(body.attachments) ? body.attachments : []).map((a: Obj) => [String(a.id), a]))
  const kept = Array.isArray(body.attachments) ? existing.filter((a) => described.has(String(a.id))) : existing
  const added = files.map((f, i) => {
    const index = /\[(\d+)\]/.exec(f.field)?.[1] ?? String(i)
    const meta = described.get(index) ?? {}
    const id = snowflake()
    const filename = String(meta.filename ?? f.filename)
    core.world.blobs.set(id, { id, filename, contentType: f.contentType, data: f.data })
    const url = `${core.world.baseUrl}/attachments/${id}/${encodeURIComponent(filename)}`
    return { id, filename, size: f.data.length, url, proxy_url: url, content_type: f.contentType || undefined, description: meta.description }
  })
  return [...kept, ...added]
}

const normalizeEmbeds = (embeds: unknown) => (Array.isArray(embeds) ? embeds.map((e: Obj) => ({ type: "rich", ...e })) : embeds)

export interface NewMessage { channelId: string; body: Obj; files: RecordedFile[]; interaction?: InteractionState; ephemeral?: boolean; loading?: boolean }

export function createMessage(core: Core, m: NewMessage): StoredMessage {
  const { world } = core
  const channel = world.channels.get(m.channelId)
  const ix = m.interaction
  let flags = Number(m.body.flags ?? 0) & ~FLAG.Ephemeral
  if (m.ephemeral) flags |= FLAG.Ephemeral
  if (m.loading) flags |= FLAG.Loading
  const msg: Obj = {
    id: snowflake(), channel_id: m.channelId, ...(channel?.guildId ? { guild_id: channel.guildId } : {}),
    author: world.apiUser(world.bot), content: m.body.content ?? "", timestamp: new Date().toISOString(), edited_timestamp: null,
    tts: Boolean(m.body.tts), mention_everyone: false, mentions: [], mention_roles: [], mention_channels: [], pinned: false,
    attachments: attachmentsFor(core, m.body, m.files, []), embeds: normalizeEmbeds(m.body.embeds) ?? [], components: m.body.components ?? [],
    reactions: [], flags, type: ix?.type === 2 && !ix.ack ? 20 : 0,
    ...(ix ? {
      webhook_id: world.applicationId, application_id: world.applicationId,
      interaction_metadata: { id: ix.id, type: ix.type, user: world.apiUser(world.users.get(ix.userId)!), authorizing_integration_owners: ix.payload.authorizing_integration_owners, ...(ix.commandName ? { name: ix.commandName } : {}) },
    } : {}),
  }
  const stored: StoredMessage = { msg, channelId: m.channelId, ephemeral: Boolean(m.ephemeral), deleted: false }
  world.messages.set(msg.id, stored)
  publish(core, "MESSAGE_CREATE", stored)
  return stored
}

/** The message as it would look after the PATCH; the caller validates it before commit. */
export function mergeEdit(core: Core, stored: StoredMessage, body: Obj, files: RecordedFile[]): Obj {
  const next: Obj = { ...stored.msg }
  for (const k of MESSAGE_FIELDS) if (body[k] !== undefined) next[k] = body[k] === null ? (k === "content" ? "" : k === "flags" ? 0 : []) : body[k]
  next.embeds = normalizeEmbeds(next.embeds)
  // Only SUPPRESS_EMBEDS and IS_COMPONENTS_V2 are editable; EPHEMERAL/LOADING are the message's own.
  const oldFlags = Number(stored.msg.flags)
  const asked = body.flags === undefined || body.flags === null ? oldFlags : Number(body.flags)
  next.flags = (oldFlags & (FLAG.Ephemeral | FLAG.Loading | FLAG.ComponentsV2)) | (asked & (FLAG.SuppressEmbeds | FLAG.ComponentsV2))
  if (body.attachments !== undefined || files.length) next.attachments = attachmentsFor(core, body, files, stored.msg.attachments)
  return next
}

export function commitEdit(core: Core, stored: StoredMessage, next: Obj) {
  next.flags &= ~FLAG.Loading
  next.edited_timestamp = new Date().toISOString()
  stored.msg = next
  publish(core, "MESSAGE_UPDATE", stored)
}

export function deleteMessage(core: Core, stored: StoredMessage) {
  stored.deleted = true
  if (stored.ephemeral) return
  const channel = core.world.channels.get(stored.channelId)
  core.gateway.dispatch("MESSAGE_DELETE", { id: stored.msg.id, channel_id: stored.channelId, ...(channel?.guildId ? { guild_id: channel.guildId } : {}) }, intentFor(core, stored.channelId))
}

function intentFor(core: Core, channelId: string) {
  return core.world.channels.get(channelId)?.guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages
}

/** Ephemeral messages never reach the gateway; real Discord only shows them to the invoker. */
function publish(core: Core, t: "MESSAGE_CREATE" | "MESSAGE_UPDATE", stored: StoredMessage) {
  if (stored.ephemeral) return
  core.gateway.dispatch(t, stored.msg, intentFor(core, stored.channelId))
}

export function liveMessage(core: Core, id: string): StoredMessage | undefined {
  const m = core.world.messages.get(id)
  return m && !m.deleted ? m : undefined
}
