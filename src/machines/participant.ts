/**
 * The life of one member's entry in one event.
 *
 *   unregistered ──REGISTER──▶ grid | waitlist      (the entry list decides which)
 *   waitlist ──PROMOTE──▶ grid        grid ──DEMOTE──▶ waitlist (admin; back of the queue)
 *   grid | waitlist ──CHECK_IN / CHECK_OUT──▶ same state, `checkedIn` flips
 *   grid | waitlist ──WITHDRAW──▶ withdrawn   (the member)
 *   grid | waitlist ──REMOVE────▶ removed     (an admin)
 *   grid (not checked in) ──MARK_NO_SHOW──▶ noShow   (when check-in closes)
 *   withdrawn | removed | noShow ──REGISTER──▶ grid | waitlist   (a new place in the queue)
 *
 * Checked in or not is a flag rather than a state: it is the same on the grid and on the
 * waitlist, and a checked-in member keeps it when promoted.
 *
 * One participant per member per event: registering again reuses it, so the check-outs
 * used stay counted and the history tells the whole story. Every accepted event appends
 * one history entry (who, what, when, why); a refused one changes nothing.
 *
 * Kept safe to store and restore: flat, no timers, no child actors, and time arrives on
 * every event (`at`, epoch ms). Guards call the rules in src/domain/race-night/check-in.ts.
 * Members may only check in, check out and withdraw for themselves; PROMOTE, DEMOTE, REMOVE
 * and MARK_NO_SHOW come from admins or the bot, whose permission the shell has checked.
 * Capacity and queue order are not this machine's business: the entry list
 * (src/machines/race-night/entry-list.ts) decides them and sends the events here.
 */
import * as Schema from "effect/Schema"
import { type SnapshotFrom, assign, setup } from "xstate"
import { pureStepper } from "./pure-step.js"
import { type CheckInWindow, checkInRefusal, checkOutRefusal, withdrawRefusal } from "../domain/race-night/check-in.js"
import { Registration } from "../domain/race-night/registration.js"

// ---------------------------------------------------------------- data

export const PARTICIPANT_STATES = ["unregistered", "waitlist", "grid", "withdrawn", "removed", "noShow"] as const
export const ParticipantStateValue = Schema.Literal(...PARTICIPANT_STATES)
export type ParticipantStateValue = typeof ParticipantStateValue.Type

export const ParticipantAction = Schema.Literal("register", "promote", "demote", "check-in", "check-out", "withdraw", "remove", "no-show")
export type ParticipantAction = typeof ParticipantAction.Type

export const ParticipantHistoryEntry = Schema.Struct({
  at: Schema.Number,
  actorId: Schema.String,
  action: ParticipantAction,
  /** The state after this step. */
  status: ParticipantStateValue,
  reason: Schema.NullOr(Schema.String),
})
export type ParticipantHistoryEntry = typeof ParticipantHistoryEntry.Type

export const ParticipantContext = Schema.Struct({
  eventId: Schema.String,
  memberId: Schema.String,
  /** The latest registration; null only while unregistered. */
  registration: Schema.NullOr(Registration),
  registeredAt: Schema.NullOr(Schema.Number),
  /**
   * Place in the queue: lower numbers are promoted first. Given in registration order;
   * an admin moving someone to the waitlist gives them a new, last one. 0 until registered.
   */
  queueNumber: Schema.Int.pipe(Schema.nonNegative()),
  checkedIn: Schema.Boolean,
  /** Check-outs used in this event, kept across re-registrations. */
  checkouts: Schema.Int.pipe(Schema.nonNegative()),
  history: Schema.Array(ParticipantHistoryEntry),
})
export type ParticipantContext = typeof ParticipantContext.Type

/** Who did it, when, and optionally why: carried by every event. */
interface Stamp {
  readonly actorId: string
  readonly at: number
  readonly reason?: string | undefined
}

export type RegisterEvent = {
  readonly type: "REGISTER"
  /** Only used when the participant is created. */
  readonly eventId: string
  readonly memberId: string
  readonly to: "grid" | "waitlist"
  readonly registration: Registration
  readonly queueNumber: number
} & Stamp

export type ParticipantEvent =
  | RegisterEvent
  | ({ readonly type: "PROMOTE" } & Stamp)
  | ({ readonly type: "DEMOTE"; readonly queueNumber: number } & Stamp)
  | ({ readonly type: "CHECK_IN"; readonly window: CheckInWindow } & Stamp)
  | ({ readonly type: "CHECK_OUT"; readonly window: CheckInWindow; readonly checkoutLimit: number } & Stamp)
  | ({ readonly type: "WITHDRAW"; readonly window: CheckInWindow } & Stamp)
  | ({ readonly type: "REMOVE" } & Stamp)
  | ({ readonly type: "MARK_NO_SHOW" } & Stamp)

export interface ParticipantInput {
  readonly eventId: string
  readonly memberId: string
}

// ---------------------------------------------------------------- rules shared by guards and refusals

/** Members act for themselves; admins use REMOVE and the moves instead. */
const notTheMember = (context: ParticipantContext, actorId: string): string | null =>
  actorId === context.memberId ? null : `Only <@${context.memberId}> can do that for their own entry.`

const selfCheckInRefusal = (context: ParticipantContext, event: ParticipantEvent): string | null =>
  event.type === "CHECK_IN" ? (notTheMember(context, event.actorId) ?? checkInRefusal(context, event.window, event.at)) : "Not a check-in."

const selfCheckOutRefusal = (context: ParticipantContext, event: ParticipantEvent): string | null =>
  event.type === "CHECK_OUT"
    ? (notTheMember(context, event.actorId) ?? checkOutRefusal(context, event.window, event.checkoutLimit, event.at))
    : "Not a check-out."

const selfWithdrawRefusal = (context: ParticipantContext, event: ParticipantEvent): string | null =>
  event.type === "WITHDRAW" ? (notTheMember(context, event.actorId) ?? withdrawRefusal(event.window, event.at)) : "Not a withdrawal."

// ---------------------------------------------------------------- machine

const entry = (event: Stamp, action: ParticipantAction, status: ParticipantStateValue): ParticipantHistoryEntry => ({
  at: event.at,
  actorId: event.actorId,
  action,
  status,
  reason: event.reason?.trim() || null,
})

type Recorded = { readonly action: ParticipantAction; readonly status: ParticipantStateValue }
const record = (action: ParticipantAction, status: ParticipantStateValue) => ({ type: "record", params: { action, status } }) as const

/** The same from every state that accepts a registration. */
const registerTransitions = [
  { guard: "placedOnGrid", target: "grid", actions: ["register", record("register", "grid")] },
  { target: "waitlist", actions: ["register", record("register", "waitlist")] },
] as const

export const participantMachine = setup({
  types: {
    context: {} as ParticipantContext,
    events: {} as ParticipantEvent,
    input: {} as ParticipantInput,
  },
  guards: {
    placedOnGrid: ({ event }) => event.type === "REGISTER" && event.to === "grid",
    mayCheckIn: ({ context, event }) => selfCheckInRefusal(context, event) === null,
    mayCheckOut: ({ context, event }) => selfCheckOutRefusal(context, event) === null,
    mayWithdraw: ({ context, event }) => selfWithdrawRefusal(context, event) === null,
    notCheckedIn: ({ context }) => !context.checkedIn,
  },
  actions: {
    record: assign(({ context, event }, { action, status }: Recorded) => ({
      history: [...context.history, entry(event, action, status)],
    })),
    register: assign(({ event }) =>
      event.type === "REGISTER"
        ? { registration: event.registration, registeredAt: event.at, queueNumber: event.queueNumber, checkedIn: false }
        : {},
    ),
    requeue: assign(({ context, event }) => ({ queueNumber: event.type === "DEMOTE" ? event.queueNumber : context.queueNumber })),
    checkIn: assign({ checkedIn: true }),
    checkOut: assign(({ context }) => ({ checkedIn: false, checkouts: context.checkouts + 1 })),
    leave: assign({ checkedIn: false }),
  },
}).createMachine({
  id: "participant",
  initial: "unregistered",
  context: ({ input }) => ({
    eventId: input.eventId,
    memberId: input.memberId,
    registration: null,
    registeredAt: null,
    queueNumber: 0,
    checkedIn: false,
    checkouts: 0,
    history: [],
  }),
  states: {
    unregistered: { on: { REGISTER: registerTransitions } },
    waitlist: {
      on: {
        PROMOTE: { target: "grid", actions: record("promote", "grid") },
        CHECK_IN: { guard: "mayCheckIn", target: "waitlist", actions: ["checkIn", record("check-in", "waitlist")] },
        CHECK_OUT: { guard: "mayCheckOut", target: "waitlist", actions: ["checkOut", record("check-out", "waitlist")] },
        WITHDRAW: { guard: "mayWithdraw", target: "withdrawn", actions: ["leave", record("withdraw", "withdrawn")] },
        REMOVE: { target: "removed", actions: ["leave", record("remove", "removed")] },
      },
    },
    grid: {
      on: {
        DEMOTE: { target: "waitlist", actions: ["requeue", record("demote", "waitlist")] },
        CHECK_IN: { guard: "mayCheckIn", target: "grid", actions: ["checkIn", record("check-in", "grid")] },
        CHECK_OUT: { guard: "mayCheckOut", target: "grid", actions: ["checkOut", record("check-out", "grid")] },
        WITHDRAW: { guard: "mayWithdraw", target: "withdrawn", actions: ["leave", record("withdraw", "withdrawn")] },
        REMOVE: { target: "removed", actions: ["leave", record("remove", "removed")] },
        MARK_NO_SHOW: { guard: "notCheckedIn", target: "noShow", actions: record("no-show", "noShow") },
      },
    },
    withdrawn: { on: { REGISTER: registerTransitions } },
    removed: { on: { REGISTER: registerTransitions } },
    noShow: { on: { REGISTER: registerTransitions } },
  },
})

export type ParticipantSnapshot = SnapshotFrom<typeof participantMachine>

const participantSteps = pureStepper(participantMachine)

/** The state name (the machine is flat, so the value is always a plain string). */
export const participantState = (snapshot: ParticipantSnapshot): ParticipantStateValue => snapshot.value as ParticipantStateValue

export const isActive = (state: ParticipantStateValue): state is "grid" | "waitlist" => state === "grid" || state === "waitlist"

// ---------------------------------------------------------------- pure stepping

export type ParticipantResult =
  | { readonly next: ParticipantSnapshot; readonly historyEntry: ParticipantHistoryEntry }
  | { readonly refused: string }

const WHERE: Record<ParticipantStateValue, string> = {
  unregistered: "not registered",
  waitlist: "on the waitlist",
  grid: "on the grid",
  withdrawn: "withdrawn",
  removed: "removed by an admin",
  noShow: "marked as a no-show",
}

/** Why `event` is refused in `snapshot`, in words for whoever sent it. */
export const explainParticipantRefusal = (snapshot: ParticipantSnapshot, event: ParticipantEvent): string => {
  const state = participantState(snapshot)
  const { context } = snapshot
  const who = `<@${context.memberId}>`
  const notEntered = `${who} is ${WHERE[state]} in this event, so that does not apply.`
  switch (event.type) {
    case "REGISTER":
      return `${who} is already registered (${WHERE[state]}).`
    case "PROMOTE":
      return state === "grid" ? `${who} is already on the grid.` : `${who} is not on the waitlist (${WHERE[state]}).`
    case "DEMOTE":
      return state === "waitlist" ? `${who} is already on the waitlist.` : `${who} is not on the grid (${WHERE[state]}).`
    case "CHECK_IN":
      return isActive(state) ? (selfCheckInRefusal(context, event) ?? notEntered) : notEntered
    case "CHECK_OUT":
      return isActive(state) ? (selfCheckOutRefusal(context, event) ?? notEntered) : notEntered
    case "WITHDRAW":
      return isActive(state) ? (selfWithdrawRefusal(context, event) ?? notEntered) : notEntered
    case "REMOVE":
      return notEntered
    case "MARK_NO_SHOW":
      return state === "grid" ? `${who} checked in, so they are not a no-show.` : `${who} is not on the grid (${WHERE[state]}).`
  }
}

const lastEntry = (snapshot: ParticipantSnapshot): ParticipantHistoryEntry => {
  const last = snapshot.context.history[snapshot.context.history.length - 1]
  if (last === undefined) throw new Error("An accepted participant event always adds a history entry")
  return last
}

/**
 * The participant after `event`, or why it was refused. Pass `null` and a REGISTER event
 * to create one. A refused event changes nothing; an accepted one adds one history entry.
 */
export const applyParticipantEvent = (snapshot: ParticipantSnapshot | null, event: ParticipantEvent): ParticipantResult => {
  if (snapshot === null) {
    if (event.type !== "REGISTER") return { refused: "This member is not registered for this event." }
    const fresh = participantSteps.initial({ eventId: event.eventId, memberId: event.memberId })
    return applyParticipantEvent(fresh, event)
  }
  const next = participantSteps.next(snapshot, event)
  if (next.context.history.length === snapshot.context.history.length) {
    return { refused: explainParticipantRefusal(snapshot, event) }
  }
  return { next, historyEntry: lastEntry(next) }
}
