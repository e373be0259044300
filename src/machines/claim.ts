/**
 * The life of one claim on a car number.
 *
 *   claimed ──CONFIRM──▶ confirmed        (seen in the iRacing roster)
 *   claimed ◀─UNCONFIRM─ confirmed        (the roster no longer shows it)
 *   claimed/confirmed ──TRANSFER──▶ claimed, new holder (iRacing must be updated again)
 *   claimed/confirmed ──RELEASE──▶ released (final; only the holder)
 *   claimed/confirmed ──REVOKE───▶ revoked  (final; needs a reason)
 *
 * Every step appends one history entry: who, what, when, why.
 *
 * The machine is kept simple enough to store and restore safely: flat (no
 * nested or parallel states), no timers (`after`), no spawned or invoked
 * actors, and guards that only call pure domain rules. Time comes in on each
 * event (`at`, epoch ms); the machine never reads a clock.
 *
 * The app layer does not run actors: it calls `applyClaimEvent` with the
 * stored snapshot and an event, and stores what comes back (the claims
 * repository saves and restores it with claim-persistence.ts).
 */
import * as Schema from "effect/Schema"
import { type SnapshotFrom, assign, setup } from "xstate"
import { pureStepper } from "./pure-step.js"
import { CarNumber } from "../domain/numbers/car-number.js"
import type { Claim } from "../domain/numbers/claims.js"
import { checkRelease, checkRevokeReason, checkTransferTarget } from "../domain/numbers/lifecycle.js"

// ---------------------------------------------------------------- data

export const ClaimStateValue = Schema.Literal("claimed", "confirmed", "released", "revoked")
export type ClaimStateValue = typeof ClaimStateValue.Type

export const HistoryAction = Schema.Literal("claim", "assign", "confirm", "unconfirm", "release", "revoke", "transfer")
export type HistoryAction = typeof HistoryAction.Type

export const HistoryEntry = Schema.Struct({
  at: Schema.Number,
  actorId: Schema.String,
  action: HistoryAction,
  /** The state the claim is in after this step. */
  status: ClaimStateValue,
  /** The holder after this step. */
  holderId: Schema.String,
  /** Set on a transfer: who held the number before. */
  previousHolderId: Schema.NullOr(Schema.String),
  reason: Schema.NullOr(Schema.String),
})
export type HistoryEntry = typeof HistoryEntry.Type

export const ClaimContext = Schema.Struct({
  claimId: Schema.String,
  guildId: Schema.String,
  classId: Schema.String,
  number: CarNumber,
  holderId: Schema.String,
  /** When the current holder's claim started (a transfer restarts it). */
  claimedAt: Schema.Number,
  /** When iRacing was last seen showing it; null while not confirmed. */
  confirmedAt: Schema.NullOr(Schema.Number),
  history: Schema.Array(HistoryEntry),
})
export type ClaimContext = typeof ClaimContext.Type

/** Who did it, when, and optionally why: carried by every event. */
interface Stamp {
  readonly actorId: string
  readonly at: number
  readonly reason?: string | undefined
}

export type ClaimEvent =
  | ({ readonly type: "CONFIRM" } & Stamp)
  | ({ readonly type: "UNCONFIRM" } & Stamp)
  | ({ readonly type: "RELEASE" } & Stamp)
  | ({ readonly type: "REVOKE"; readonly reason: string } & Stamp)
  | ({ readonly type: "TRANSFER"; readonly toHolderId: string } & Stamp)

/** What starts a claim: a member's claim or an admin's assignment. */
export interface ClaimInput extends Stamp {
  readonly via: "claim" | "assign"
  readonly claimId: string
  readonly guildId: string
  readonly classId: string
  readonly number: CarNumber
  readonly holderId: string
}

/** The event that creates a claim, for `applyClaimEvent(null, …)`. */
export type StartClaimEvent = ({ readonly type: "CLAIM" } | { readonly type: "ASSIGN" }) & Omit<ClaimInput, "via">

// ---------------------------------------------------------------- machine

const entry = (
  context: ClaimContext,
  event: Stamp,
  action: HistoryAction,
  status: ClaimStateValue,
  holderId: string = context.holderId,
): HistoryEntry => ({
  at: event.at,
  actorId: event.actorId,
  action,
  status,
  holderId,
  previousHolderId: holderId === context.holderId ? null : context.holderId,
  reason: event.reason?.trim() || null,
})

const initialContext = (input: ClaimInput): ClaimContext => ({
  claimId: input.claimId,
  guildId: input.guildId,
  classId: input.classId,
  number: input.number,
  holderId: input.holderId,
  claimedAt: input.at,
  confirmedAt: null,
  history: [
    {
      at: input.at,
      actorId: input.actorId,
      action: input.via,
      status: "claimed",
      holderId: input.holderId,
      previousHolderId: null,
      reason: input.reason?.trim() || null,
    },
  ],
})

export const claimMachine = setup({
  types: {
    context: {} as ClaimContext,
    events: {} as ClaimEvent,
    input: {} as ClaimInput,
  },
  guards: {
    actorIsHolder: ({ context, event }) => checkRelease(context.holderId, event.actorId) === null,
    hasRevokeReason: ({ event }) => event.type === "REVOKE" && checkRevokeReason(event.reason) === null,
    isValidTransfer: ({ context, event }) =>
      event.type === "TRANSFER" && checkTransferTarget(context.holderId, event.toHolderId) === null,
  },
  actions: {
    recordConfirm: assign(({ context, event }) => ({
      confirmedAt: event.at,
      history: [...context.history, entry(context, event, "confirm", "confirmed")],
    })),
    recordUnconfirm: assign(({ context, event }) => ({
      confirmedAt: null,
      history: [...context.history, entry(context, event, "unconfirm", "claimed")],
    })),
    recordRelease: assign(({ context, event }) => ({
      history: [...context.history, entry(context, event, "release", "released")],
    })),
    recordRevoke: assign(({ context, event }) => ({
      history: [...context.history, entry(context, event, "revoke", "revoked")],
    })),
    recordTransfer: assign(({ context, event }) => {
      const to = event.type === "TRANSFER" ? event.toHolderId : context.holderId
      return {
        holderId: to,
        claimedAt: event.at,
        confirmedAt: null,
        history: [...context.history, entry(context, event, "transfer", "claimed", to)],
      }
    }),
  },
}).createMachine({
  id: "claim",
  initial: "claimed",
  context: ({ input }) => initialContext(input),
  states: {
    claimed: {
      on: {
        CONFIRM: { target: "confirmed", actions: "recordConfirm" },
        RELEASE: { guard: "actorIsHolder", target: "released", actions: "recordRelease" },
        REVOKE: { guard: "hasRevokeReason", target: "revoked", actions: "recordRevoke" },
        TRANSFER: { guard: "isValidTransfer", target: "claimed", actions: "recordTransfer" },
      },
    },
    confirmed: {
      on: {
        UNCONFIRM: { target: "claimed", actions: "recordUnconfirm" },
        RELEASE: { guard: "actorIsHolder", target: "released", actions: "recordRelease" },
        REVOKE: { guard: "hasRevokeReason", target: "revoked", actions: "recordRevoke" },
        TRANSFER: { guard: "isValidTransfer", target: "claimed", actions: "recordTransfer" },
      },
    },
    released: { type: "final" },
    revoked: { type: "final" },
  },
})

export type ClaimSnapshot = SnapshotFrom<typeof claimMachine>

const claimSteps = pureStepper(claimMachine)

// ---------------------------------------------------------------- pure stepping

export type ApplyResult =
  | { readonly next: ClaimSnapshot; readonly historyEntry: HistoryEntry }
  | { readonly refused: string }

const explainRefusal = (snapshot: ClaimSnapshot, event: ClaimEvent): string => {
  const state = snapshot.value
  switch (event.type) {
    case "CONFIRM":
      return state === "confirmed" ? `#${snapshot.context.number} is already confirmed.` : "This claim cannot be confirmed now."
    case "UNCONFIRM":
      return `#${snapshot.context.number} is not confirmed yet, so there is nothing to undo.`
    case "RELEASE":
      return checkRelease(snapshot.context.holderId, event.actorId) ?? "This claim cannot be released now."
    case "REVOKE":
      return checkRevokeReason(event.reason) ?? "This claim cannot be revoked now."
    case "TRANSFER":
      return checkTransferTarget(snapshot.context.holderId, event.toHolderId) ?? "This claim cannot be transferred now."
  }
}

const lastEntry = (snapshot: ClaimSnapshot): HistoryEntry => {
  const last = snapshot.context.history[snapshot.context.history.length - 1]
  if (last === undefined) throw new Error("A claim always has at least one history entry")
  return last
}

/**
 * The next state of a claim, or why the event was refused. Pass `null` and a
 * CLAIM/ASSIGN event to start a claim. A refused event changes nothing, and a
 * successful one always adds exactly one history entry.
 */
export const applyClaimEvent = (snapshot: ClaimSnapshot | null, event: ClaimEvent | StartClaimEvent): ApplyResult => {
  if (event.type === "CLAIM" || event.type === "ASSIGN") {
    if (snapshot !== null) return { refused: `This claim already exists (#${snapshot.context.number}).` }
    const { type, ...rest } = event
    const next = claimSteps.initial({ ...rest, via: type === "CLAIM" ? "claim" : "assign" })
    return { next, historyEntry: lastEntry(next) }
  }
  if (snapshot === null) return { refused: "There is no claim to change; claim the number first." }
  if (snapshot.status === "done") {
    return { refused: `This claim was ${snapshot.value}; it can't change any more. Claim the number again instead.` }
  }
  const next = claimSteps.next(snapshot, event)
  if (next.context.history.length === snapshot.context.history.length) {
    return { refused: explainRefusal(snapshot, event) }
  }
  return { next, historyEntry: lastEntry(next) }
}

/** The claim as the rest of the domain sees it, or null once released or revoked. */
export const toActiveClaim = (snapshot: ClaimSnapshot): Claim | null => {
  const value = snapshot.value
  if (value !== "claimed" && value !== "confirmed") return null
  const c = snapshot.context
  return {
    id: c.claimId,
    guildId: c.guildId,
    classId: c.classId,
    number: c.number,
    holderId: c.holderId,
    status: value,
    claimedAt: c.claimedAt,
    ...(c.confirmedAt === null ? {} : { confirmedAt: c.confirmedAt }),
  }
}
