import {
  MessageFlags,
  MessageFlagsBitField,
  RESTJSONErrorCodes,
  type RepliableInteraction,
} from "discord.js"
import { discordErrorCode } from "./channel-access.js"

/**
 * Discord drops an interaction that has no first response within 3 s, and the member sees "The
 * application did not respond" even when their change was stored. The router therefore
 * acknowledges a slow interaction itself, and this gate makes the answer sent afterwards (by
 * reply.ts, or a refusal) land after that acknowledgement without either knowing about it.
 *
 * How the router acknowledges depends on what the member will see:
 * - a slash command, or a modal opened by one: a "thinking" message (`deferReply`), private unless
 *   the command declared a public answer, because a deferred message's visibility is fixed;
 * - a button, a select, or a modal opened from a message: `deferUpdate`, which shows nothing and
 *   leaves the message as it is until the handler updates it.
 */
export type LateAcknowledgement = { readonly kind: "reply"; readonly ephemeral: boolean } | { readonly kind: "update" }

/** Shown when a handler wanted a form but the router had already answered: a modal must be the first response. */
export const PRESS_AGAIN = "Pitboard was too slow to open the form this time. Please press the button (or run the command) again."
/** Left on a public "thinking" message whose answer turned out to be private (a refusal, usually). */
export const ANSWERED_PRIVATELY = "Pitboard answered you privately."

export interface AnswerFailure {
  readonly method: string
  readonly error: unknown
}

export interface FirstResponseGate {
  /** The router's timer: acknowledges unless a first response was already sent or started. */
  readonly acknowledgeLate: () => Promise<void>
  /** Resolves once no first response is in flight, so failures are all known. */
  readonly settled: () => Promise<void>
  readonly acknowledgedLate: () => boolean
  /** Every answer call that threw (the interaction expired, a payload was refused…). */
  readonly failures: () => ReadonlyArray<AnswerFailure>
  /** Discord no longer knows the interaction: no answer, not even an apology, can reach the member. */
  readonly interactionGone: () => boolean
}

const GONE: ReadonlyArray<number> = [RESTJSONErrorCodes.UnknownInteraction, RESTJSONErrorCodes.UnknownWebhook, RESTJSONErrorCodes.InvalidWebhookToken]
export const isInteractionGone = (error: unknown) => {
  const code = discordErrorCode(error)
  return code !== null && GONE.includes(code)
}

type Options = Record<string, any>
const asOptions = (options: unknown): Options => (typeof options === "string" ? { content: options } : ((options ?? {}) as Options))
const wantsEphemeral = (options: Options) => options.ephemeral === true || new MessageFlagsBitField(options.flags ?? 0).has(MessageFlags.Ephemeral)
/** An edit cannot change visibility, and response-only options mean nothing to a webhook call. */
const forEdit = ({ withResponse: _w, fetchReply: _f, ephemeral: _e, flags, ...rest }: Options): Options => {
  const kept = new MessageFlagsBitField(flags ?? 0).remove(MessageFlags.Ephemeral).bitfield
  return kept === 0 ? rest : { ...rest, flags: kept }
}
const forFollowUp = (options: Options, ephemeral: boolean): Options => {
  const { withResponse: _w, fetchReply: _f, ephemeral: _e, flags, ...rest } = options
  const bits = new MessageFlagsBitField(flags ?? 0)
  if (ephemeral) bits.add(MessageFlags.Ephemeral)
  return { ...rest, flags: bits.bitfield }
}
/** What `reply({ withResponse: true })` would have given back, so a handler reading the posted message still can. */
const asResponse = (options: Options, message: unknown) =>
  options.withResponse === true ? { interaction: null, resource: { type: null, message } } : message

/**
 * Wraps the interaction instance's response methods. discord.js sets `replied`/`deferred` only
 * after the HTTP call returns, so checking them cannot stop the router's timer and a handler's
 * reply from both going out; this gate decides synchronously, at call time, who sends the single
 * first response, and every later call waits for that one to settle.
 */
export const guardFirstResponse = (interaction: RepliableInteraction, late: LateAcknowledgement): FirstResponseGate => {
  const target = interaction as unknown as Record<string, (...args: any[]) => Promise<any>>
  const original = Object.fromEntries(
    ["reply", "deferReply", "editReply", "followUp", "deleteReply", "update", "deferUpdate", "showModal"]
      .filter((name) => typeof target[name] === "function")
      .map((name) => [name, target[name]!.bind(interaction)]),
  ) as Record<string, (...args: any[]) => Promise<any>>
  const call = (name: string, ...args: unknown[]) => original[name]!(...args)

  let first: "nobody" | "handler" | "router" = "nobody"
  let inFlight: Promise<unknown> = Promise.resolve()
  let routerAcknowledged: Promise<boolean> = Promise.resolve(false)
  /** The router acknowledged and the handler has not answered yet: its next answer replaces the acknowledgement. */
  let awaitingAnswer = false
  /** A handler that deferred its own new message after the router's deferUpdate: where its edits go. */
  let ownMessage: { readonly ephemeral: boolean; id?: string } | undefined
  const failures: AnswerFailure[] = []

  const recorded = <A>(method: string, send: () => Promise<A>): Promise<A> =>
    send().catch((error: unknown) => {
      failures.push({ method, error })
      throw error
    })

  const startFirst = <A>(method: string, send: () => Promise<A>): Promise<A> => {
    first = "handler"
    const sent = recorded(method, send)
    // A refused first response acknowledged nothing, so the apology (or the timer) may still go first.
    inFlight = sent.then(
      () => undefined,
      (error: unknown) => {
        if (!isInteractionGone(error)) first = "nobody"
      },
    )
    return sent
  }

  /** A handler's first-response method: sent as is, or turned into its equivalent after the router's acknowledgement. */
  const firstResponse =
    (method: string, afterRouter: (options: Options) => Promise<unknown>) =>
    (...args: unknown[]): Promise<unknown> => {
      if (first === "nobody") return startFirst(method, () => call(method, ...args))
      if (first === "handler") return recorded(method, () => call(method, ...args))
      return routerAcknowledged.then((accepted) => {
        if (!accepted) return startFirst(method, () => call(method, ...args))
        if (!awaitingAnswer && method !== "deferReply" && method !== "deferUpdate") return recorded(method, () => call(method, ...args))
        return recorded(method, () => afterRouter(asOptions(args[0])))
      })
    }

  const answered = <A>(send: () => Promise<A>) => {
    awaitingAnswer = false
    return send()
  }

  const replyAfterRouter = (options: Options): Promise<unknown> =>
    answered(async () => {
      if (late.kind === "update") return asResponse(options, await call("followUp", forFollowUp(options, wantsEphemeral(options))))
      if (!late.ephemeral && wantsEphemeral(options)) {
        // The public "thinking" message cannot become private, and the first follow-up would only
        // edit it; editing it first makes the private answer a message of its own.
        await call("editReply", { content: ANSWERED_PRIVATELY, embeds: [], components: [] })
        const message = await call("followUp", forFollowUp(options, true))
        await call("deleteReply").catch(() => undefined)
        return asResponse(options, message)
      }
      return asResponse(options, await call("editReply", forEdit(options)))
    })

  const deferAfterRouter = (method: string) => (options: Options) => {
    // Already acknowledged; a component handler that wanted a new private "thinking" message gets
    // its edits redirected to a follow-up, so they never overwrite the message the button sits on.
    if (method === "deferReply" && late.kind === "update") ownMessage = { ephemeral: wantsEphemeral(options) }
    return Promise.resolve(undefined)
  }

  /** Edits and follow-ups need an acknowledged interaction: one the router is still sending must land first. */
  const whenAcknowledged = (send: () => Promise<unknown>) => (first === "router" ? routerAcknowledged.then(send) : send())

  const editReply = (...args: unknown[]): Promise<unknown> => whenAcknowledged(() => editAfterAcknowledged(...args))
  const editAfterAcknowledged = (...args: unknown[]): Promise<unknown> => {
    const options = asOptions(args[0])
    const aimsAtOriginal = options.message === undefined || options.message === "@original"
    if (ownMessage === undefined || !aimsAtOriginal) {
      if (first === "router") awaitingAnswer = false
      return recorded("editReply", () => call("editReply", ...args))
    }
    const own = ownMessage
    if (own.id !== undefined) return recorded("editReply", () => call("editReply", { ...options, message: own.id }))
    return recorded("editReply", () =>
      answered(async () => {
        const message = (await call("followUp", forFollowUp(options, own.ephemeral))) as { id: string }
        own.id = message.id
        return message
      }),
    )
  }

  const followUp = (...args: unknown[]): Promise<unknown> => whenAcknowledged(() => followUpAfterAcknowledged(...args))
  const followUpAfterAcknowledged = (...args: unknown[]): Promise<unknown> => {
    const options = asOptions(args[0])
    if (first === "router" && awaitingAnswer && late.kind === "reply" && !late.ephemeral && wantsEphemeral(options)) {
      return recorded("followUp", () => replyAfterRouter(options))
    }
    if (first === "router") awaitingAnswer = false
    return recorded("followUp", () => call("followUp", ...args))
  }

  const patches: Record<string, (...args: any[]) => Promise<unknown>> = {
    reply: firstResponse("reply", replyAfterRouter),
    update: firstResponse("update", (options) => answered(async () => asResponse(options, await call("editReply", forEdit(options))))),
    deferReply: firstResponse("deferReply", deferAfterRouter("deferReply")),
    deferUpdate: firstResponse("deferUpdate", deferAfterRouter("deferUpdate")),
    showModal: firstResponse("showModal", () => answered(() => call("followUp", { content: PRESS_AGAIN, flags: MessageFlags.Ephemeral }))),
    editReply,
    followUp,
    deleteReply: (...args) => recorded("deleteReply", () => call("deleteReply", ...args)),
  }
  for (const [name, patched] of Object.entries(patches)) {
    if (original[name] !== undefined) Object.defineProperty(interaction, name, { value: patched, configurable: true, writable: true })
  }

  const acknowledgeLate = (): Promise<void> => {
    if (first !== "nobody") return Promise.resolve()
    first = "router"
    awaitingAnswer = true
    const send = late.kind === "reply" ? () => call("deferReply", late.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) : () => call("deferUpdate")
    routerAcknowledged = recorded("auto-defer", send).then(
      () => true,
      () => {
        awaitingAnswer = false
        return false
      },
    )
    inFlight = routerAcknowledged
    return routerAcknowledged.then(() => undefined)
  }

  return {
    acknowledgeLate,
    settled: () => inFlight.then(() => undefined),
    acknowledgedLate: () => first === "router",
    failures: () => failures,
    interactionGone: () => failures.some((failure) => isInteractionGone(failure.error)),
  }
}
