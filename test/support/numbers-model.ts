/**
 * A whole guild's numbers in memory, driven only by the rules in src/domain/numbers (test-only).
 *
 * It is the reference the property tests run random command sequences
 * against ("no number is ever held twice", "a release frees exactly one
 * number"), and a readable summary of what each command does to the claims.
 * The real bot does the same through the database, where the unique index
 * stands in for `applyCommand` running one command at a time.
 */
import type { CarNumber } from "../../src/domain/numbers/car-number.js"
import { type Claim, decideAssign, decideClaim } from "../../src/domain/numbers/claims.js"
import { decideRelease, decideRevoke } from "../../src/domain/numbers/release.js"
import type { NumberClass } from "../../src/domain/numbers/classes.js"
import { type TradeOffer, checkTradeAcceptance, validateTradeOffer } from "../../src/domain/numbers/trades.js"

export interface ModelState {
  readonly guildId: string
  readonly classes: ReadonlyArray<NumberClass>
  /** Active claims only: released and revoked claims are gone. */
  readonly claims: ReadonlyArray<Claim>
  /** Trade offers not yet answered. */
  readonly offers: ReadonlyArray<TradeOffer>
  readonly nextId: number
  /** The model's clock (epoch ms); only `wait` moves it. */
  readonly now: number
}

export const initialModel = (guildId: string, classes: ReadonlyArray<NumberClass>, now = 0): ModelState => ({
  guildId,
  classes,
  claims: [],
  offers: [],
  nextId: 1,
  now,
})

export type Command =
  | { readonly type: "claim"; readonly memberId: string; readonly number: string; readonly isAdmin: boolean; readonly requestedClass?: string }
  | { readonly type: "assign"; readonly adminId: string; readonly memberId: string; readonly number: string; readonly requestedClass?: string }
  | { readonly type: "release"; readonly memberId: string; readonly number: string; readonly requestedClass?: string }
  | { readonly type: "revoke"; readonly adminId: string; readonly number: string; readonly reason: string; readonly requestedClass?: string }
  | { readonly type: "confirm"; readonly claimIndex: number }
  | {
      readonly type: "offerTrade"
      readonly proposerId: string
      readonly targetId: string
      readonly myNumber: string
      readonly theirNumber: string
    }
  | { readonly type: "acceptTrade"; readonly offerIndex: number; readonly actorId: string }
  | { readonly type: "wait"; readonly ms: number }

/** What changed, in terms the claim machine understands (CLAIM/ASSIGN, CONFIRM, RELEASE, REVOKE, TRANSFER). */
export type Change =
  | { readonly kind: "created"; readonly claim: Claim; readonly via: "claim" | "assign"; readonly actorId: string }
  | { readonly kind: "confirmed"; readonly claimId: string }
  | { readonly kind: "released"; readonly claimId: string; readonly actorId: string }
  | { readonly kind: "revoked"; readonly claimId: string; readonly actorId: string; readonly reason: string }
  | { readonly kind: "transferred"; readonly claimId: string; readonly toHolderId: string; readonly actorId: string }

export type Outcome =
  | { readonly ok: true; readonly changes: ReadonlyArray<Change> }
  | { readonly ok: false; readonly refusal: string }

export interface Step {
  readonly state: ModelState
  readonly outcome: Outcome
}

const refused = (state: ModelState, refusal: string): Step => ({ state, outcome: { ok: false, refusal } })

const addClaim = (
  state: ModelState,
  d: { readonly number: CarNumber; readonly class: NumberClass; readonly holderId: string },
  via: "claim" | "assign",
  actorId: string,
): Step => {
  const claim: Claim = {
    id: `c${state.nextId}`,
    guildId: state.guildId,
    classId: d.class.id,
    number: d.number,
    holderId: d.holderId,
    status: "claimed",
    claimedAt: state.now,
  }
  return {
    state: { ...state, claims: [...state.claims, claim], nextId: state.nextId + 1 },
    outcome: { ok: true, changes: [{ kind: "created", claim, via, actorId }] },
  }
}

const removeClaim = (state: ModelState, id: string): ModelState => ({ ...state, claims: state.claims.filter((c) => c.id !== id) })

export const applyCommand = (state: ModelState, cmd: Command): Step => {
  const base = { classes: state.classes, activeClaims: state.claims, now: state.now }
  switch (cmd.type) {
    case "claim": {
      const d = decideClaim({ ...base, number: cmd.number, requestedClass: cmd.requestedClass, claimantId: cmd.memberId, isAdmin: cmd.isAdmin })
      return d.ok ? addClaim(state, d, "claim", cmd.memberId) : refused(state, d.reason._tag)
    }
    case "assign": {
      const d = decideAssign({ ...base, number: cmd.number, requestedClass: cmd.requestedClass, actorIsAdmin: true, memberId: cmd.memberId })
      return d.ok ? addClaim(state, d, "assign", cmd.adminId) : refused(state, d.reason._tag)
    }
    case "release": {
      const d = decideRelease({ ...base, number: cmd.number, requestedClass: cmd.requestedClass, memberId: cmd.memberId })
      if (!d.ok) return refused(state, d.reason._tag)
      return {
        state: removeClaim(state, d.claim.id),
        outcome: { ok: true, changes: [{ kind: "released", claimId: d.claim.id, actorId: cmd.memberId }] },
      }
    }
    case "revoke": {
      const d = decideRevoke({ ...base, number: cmd.number, requestedClass: cmd.requestedClass, actorIsAdmin: true, reason: cmd.reason })
      if (!d.ok) return refused(state, d.reason._tag)
      return {
        state: removeClaim(state, d.claim.id),
        outcome: { ok: true, changes: [{ kind: "revoked", claimId: d.claim.id, actorId: cmd.adminId, reason: d.reasonText }] },
      }
    }
    case "confirm": {
      // Stands in for a roster sync that found the number set in iRacing.
      const target = state.claims.filter((c) => c.status === "claimed")[cmd.claimIndex]
      if (target === undefined) return refused(state, "NothingToConfirm")
      const claims = state.claims.map((c) => (c.id === target.id ? { ...c, status: "confirmed" as const, confirmedAt: state.now } : c))
      return { state: { ...state, claims }, outcome: { ok: true, changes: [{ kind: "confirmed", claimId: target.id }] } }
    }
    case "offerTrade": {
      const v = validateTradeOffer({ ...base, guildId: state.guildId, proposerId: cmd.proposerId, targetId: cmd.targetId, myNumber: cmd.myNumber, theirNumber: cmd.theirNumber })
      if (!v.ok) return refused(state, v.reason._tag)
      return { state: { ...state, offers: [...state.offers, v.offer] }, outcome: { ok: true, changes: [] } }
    }
    case "acceptTrade": {
      const offer = state.offers[cmd.offerIndex]
      if (offer === undefined) return refused(state, "NoSuchOffer")
      const answer = checkTradeAcceptance({ offer, actorId: cmd.actorId, currentClaims: state.claims, now: state.now })
      if (answer._tag === "NotYourOffer") return refused(state, answer._tag)
      const offers = state.offers.filter((_, i) => i !== cmd.offerIndex)
      if (answer._tag !== "Accept") return refused({ ...state, offers }, answer._tag)
      // Both halves in one step: the caller's transaction makes the swap atomic.
      const moved = new Map(answer.transfers.map((t) => [t.claimId, t.toId]))
      const claims = state.claims.map((c) => {
        const to = moved.get(c.id)
        if (to === undefined) return c
        const { confirmedAt: _dropped, ...rest } = c
        return { ...rest, holderId: to, status: "claimed" as const, claimedAt: state.now }
      })
      return {
        state: { ...state, claims, offers },
        outcome: {
          ok: true,
          changes: answer.transfers.map((t) => ({ kind: "transferred" as const, claimId: t.claimId, toHolderId: t.toId, actorId: cmd.actorId })),
        },
      }
    }
    case "wait":
      return { state: { ...state, now: state.now + Math.max(0, cmd.ms) }, outcome: { ok: true, changes: [] } }
  }
}

/** Runs commands in order, keeping every intermediate step (for invariants between steps). */
export const runCommands = (state: ModelState, commands: ReadonlyArray<Command>): Array<Step> => {
  const steps: Array<Step> = []
  let current = state
  for (const cmd of commands) {
    const step = applyCommand(current, cmd)
    steps.push(step)
    current = step.state
  }
  return steps
}
