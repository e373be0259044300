// Interaction callback and interaction-webhook routes (discord-platform.md §1.1, §5.5).
// The token in the URL is the credential: these routes take no Authorization header.
import { checkFileSizes, commitEdit, createMessage, deleteMessage, liveMessage, mergeEdit, validateMessage, type Core, type InteractionState } from "./core.js"
import { checkAutocomplete, checkModal, FLAG, type Issue } from "./limits.js"
import { ApiError, formError, notFound, type Ctx, type Reply, type Router } from "./server.js"
import type { StoredMessage } from "./world.js"

type Obj = Record<string, any>
const unknownInteraction = () => new ApiError(404, 10062, "Unknown interaction")
const unknownWebhook = () => new ApiError(404, 10015, "Unknown Webhook")
/** Which callback types Discord accepts per interaction type (PONG only answers PING, which never comes over the gateway). */
const ALLOWED: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] }

export function interactionRoutes(router: Router, core: Core) {
  router.on("POST", "/interactions/:id/:token/callback", (ctx) => callback(core, ctx), { auth: false })
  router.on("GET", "/webhooks/:app/:token/messages/:message", (ctx) => withMessage(core, ctx, (m) => ({ status: 200, body: m.msg })), { auth: false })
  router.on("PATCH", "/webhooks/:app/:token/messages/:message", (ctx) => withMessage(core, ctx, (m, ix) => editWebhookMessage(core, ctx, ix, m)), { auth: false })
  router.on("DELETE", "/webhooks/:app/:token/messages/:message", (ctx) => withMessage(core, ctx, (m, ix) => {
    deleteMessage(core, m)
    if (m.msg.id === ix.originalId) ix.loading = false
    return { status: 204 }
  }), { auth: false })
  router.on("POST", "/webhooks/:app/:token", (ctx) => followUp(core, ctx), { auth: false })
}

export function interactionByToken(core: Core, token: string): InteractionState | undefined {
  return core.interactionsByToken.get(token)
}

function callback(core: Core, ctx: Ctx): Reply {
  const ix = core.interactions.get(ctx.params.id!)
  if (!ix || ix.token !== ctx.params.token) throw unknownInteraction()
  if (ix.expired) throw unknownInteraction()
  if (ix.ack) throw new ApiError(400, 40060, "Interaction has already been acknowledged.")
  // Judged on arrival, as Discord would: time this process spends reading the body under load is not the bot's.
  if (ctx.call.at - ix.dispatchedAt > core.timing.responseDeadlineMs) {
    ix.expired = true
    throw unknownInteraction()
  }
  const body: Obj = ctx.body ?? {}
  const type = Number(body.type)
  if (!ALLOWED[ix.type]!.includes(type) || (ix.type === 5 && (type === 6 || type === 7) && !ix.sourceMessage)) {
    throw formError([{ path: ["type"], code: "INTERACTION_RESPONSE_TYPE_INVALID", message: `Callback type ${type} is not valid for interaction type ${ix.type}` }])
  }
  const data: Obj = body.data ?? {}
  checkFileSizes(core, ctx.files)
  let message: StoredMessage | undefined
  switch (type) {
    case 4:
      validateMessage(data, "callback", ctx.files, ["data"])
      message = createMessage(core, { channelId: ix.channelId, body: data, files: ctx.files, interaction: ix, ephemeral: (Number(data.flags ?? 0) & FLAG.Ephemeral) !== 0 })
      ix.originalId = message.msg.id
      break
    case 5: {
      const flags = Number(data.flags ?? 0)
      if (flags & ~FLAG.Ephemeral) throw formError([{ path: ["flags"], code: "INTERACTION_DEFERRED_FLAGS_INVALID", message: "A deferred response only accepts the EPHEMERAL flag" }], ["data"])
      message = createMessage(core, { channelId: ix.channelId, body: {}, files: [], interaction: ix, ephemeral: (flags & FLAG.Ephemeral) !== 0, loading: true })
      ix.originalId = message.msg.id
      ix.loading = true
      break
    }
    case 6:
      message = sourceMessage(core, ix)
      ix.originalId = message.msg.id
      break
    case 7: {
      const stored = sourceMessage(core, ix)
      const next = mergeEdit(core, stored, data, ctx.files)
      validateMessage(next, "callback", ctx.files, ["data"])
      commitEdit(core, stored, next)
      message = stored
      ix.originalId = stored.msg.id
      break
    }
    case 8: {
      const issues = checkAutocomplete(data)
      if (issues.length) throw formError(issues, ["data"])
      break
    }
    case 9: {
      const issues: Issue[] = checkModal(data)
      if (issues.length) throw formError(issues, ["data"])
      core.modals.set(String(data.custom_id), { data, message: ix.sourceMessage, channelId: ix.channelId, guildId: ix.guildId })
      break
    }
  }
  ix.ack = { type, at: ctx.call.at }
  if (ctx.query.with_response !== "true") return { status: 204 }
  return {
    status: 200,
    body: {
      interaction: {
        id: ix.id, type: ix.type, activity_instance_id: null, response_message_id: message?.msg.id ?? null,
        response_message_loading: type === 5, response_message_ephemeral: message?.ephemeral ?? false,
      },
      ...(message ? { resource: { type, message: message.msg } } : {}),
    },
  }
}

/** Button clicks on messages the fake never stored (the default test message) become real stored messages. */
function sourceMessage(core: Core, ix: InteractionState): StoredMessage {
  const src = ix.sourceMessage!
  const existing = liveMessage(core, src.id)
  if (existing) return existing
  const stored: StoredMessage = { msg: { ...src }, channelId: src.channel_id ?? ix.channelId, ephemeral: (Number(src.flags ?? 0) & FLAG.Ephemeral) !== 0, deleted: false }
  core.world.messages.set(src.id, stored)
  return stored
}

function webhookInteraction(core: Core, ctx: Ctx): InteractionState {
  const ix = interactionByToken(core, ctx.params.token!)
  if (!ix || ctx.params.app !== core.world.applicationId) throw unknownWebhook()
  if (Date.now() - ix.dispatchedAt > core.timing.tokenLifetimeMs) throw new ApiError(401, 50027, "Invalid Webhook Token")
  // Until the interaction is acknowledged there is no webhook message to touch; after a missed deadline there never will be.
  if (!ix.ack || ix.expired) throw unknownWebhook()
  return ix
}

function withMessage(core: Core, ctx: Ctx, fn: (m: StoredMessage, ix: InteractionState) => Reply): Reply {
  const ix = webhookInteraction(core, ctx)
  const id = ctx.params.message === "@original" ? ix.originalId : ctx.params.message!
  const owned = id !== null && (id === ix.originalId || ix.followUpIds.includes(id))
  const stored = owned ? liveMessage(core, id) : undefined
  if (!stored) throw notFound(10008, "Message")
  return fn(stored, ix)
}

function editWebhookMessage(core: Core, ctx: Ctx, ix: InteractionState, stored: StoredMessage): Reply {
  const body: Obj = ctx.body ?? {}
  checkFileSizes(core, ctx.files)
  const next = mergeEdit(core, stored, body, ctx.files)
  validateMessage(next, "webhook", ctx.files)
  commitEdit(core, stored, next)
  if (stored.msg.id === ix.originalId) ix.loading = false
  return { status: 200, body: stored.msg }
}

function followUp(core: Core, ctx: Ctx): Reply {
  const ix = webhookInteraction(core, ctx)
  if (ix.ack!.type === 8 || ix.ack!.type === 9) throw unknownWebhook()
  const body: Obj = ctx.body ?? {}
  checkFileSizes(core, ctx.files)
  let stored: StoredMessage
  if (ix.loading && ix.originalId) {
    // Documented: the first follow-up after a type-5 defer replaces the "thinking" message and keeps its ephemerality.
    stored = liveMessage(core, ix.originalId)!
    const next = mergeEdit(core, stored, body, ctx.files)
    validateMessage(next, "webhook", ctx.files)
    commitEdit(core, stored, next)
    ix.loading = false
  } else {
    validateMessage(body, "webhook", ctx.files)
    stored = createMessage(core, { channelId: ix.channelId, body, files: ctx.files, interaction: ix, ephemeral: (Number(body.flags ?? 0) & FLAG.Ephemeral) !== 0 })
    ix.followUpIds.push(stored.msg.id)
  }
  return ctx.query.wait === "true" ? { status: 200, body: stored.msg } : { status: 204 }
}
