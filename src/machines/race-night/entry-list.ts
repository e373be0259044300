/**
 * src/machines/race-night/: pure functions over participant machines, not a machine itself.
 * These files decide what happens to a whole event's entrants and send each member's change
 * to that member's participant machine. They live here, not in src/domain/race-night, because
 * they import the machine, and the domain never imports from src/machines (that would be an
 * upward import). The rules they apply (check-in windows, registration) stay in the domain.
 *
 * An event's entry list: who is on the grid, who is waiting, in what order.
 *
 * One source of truth: each member's entry *is* their participant machine
 * (src/machines/participant.ts), and every change to an entry is an event sent through
 * `applyParticipantEvent`. This file only adds what one participant cannot know on its
 * own: the capacity, the queue order, and who takes a free place. So the list and the
 * machine cannot disagree, and what the shell stores per member is simply the machine's
 * snapshot.
 *
 * The rules, in one place:
 * - Up to `capacity` members are on the grid; later ones wait in queue order (lowest
 *   queue number first = registration order). Waitlist positions are derived, never stored.
 * - Whenever a place is free, the first member in the queue who may take it
 *   (`mayTakeFreePlace`: anyone before check-in closes, only checked-in members after, nobody
 *   once the race started) is promoted at once and told.
 * - Lowering the capacity moves nobody off the grid; members over the new capacity stay,
 *   and nobody is promoted until the grid is below it again.
 * - Joining the grid gives the event's driver role; leaving it takes it (see `send`).
 *
 * Operations live in member-actions.ts and organiser-actions.ts; each returns an `Outcome`:
 * the new list, what the shell must do (`effects`), and whose stored snapshot changed.
 */
import * as Either from "effect/Either"
import {
  type ParticipantEvent,
  type ParticipantSnapshot,
  applyParticipantEvent,
  participantState,
} from "../participant.js"
import { type CheckInWindow, raceEventWindow, mayTakeFreePlace } from "../../domain/race-night/check-in.js"
import type { Registration } from "../../domain/race-night/registration.js"
import type { RaceEvent } from "../../domain/race-night/race-settings.js"
import type { MemberNotice } from "../../domain/follow-up-kinds.js"

export interface EntryList {
  readonly eventId: string
  readonly capacity: number
  readonly checkoutLimit: number
  readonly window: CheckInWindow
  /** Refused registrations per member (the seed's registration_attempts.failed_attempts). */
  readonly failedAttempts: Readonly<Record<string, number>>
  /** One per member who ever registered, whatever their state now. */
  readonly participants: ReadonlyArray<ParticipantSnapshot>
}

/** The actor recorded for what the bot does by itself (promotions, no-shows). */
export const SYSTEM_ACTOR = "pitboard"

/** The list as the shell loads it: the event, its stored participants and attempt counters. */
export const entryListFor = (
  event: RaceEvent,
  participants: ReadonlyArray<ParticipantSnapshot> = [],
  failedAttempts: Readonly<Record<string, number>> = {},
): EntryList => {
  const members = participants.map((p) => p.context.memberId)
  if (new Set(members).size !== members.length) throw new Error(`Event ${event.id} has two participants for the same member`)
  return {
    eventId: event.id,
    capacity: event.details.capacity.maxDrivers,
    checkoutLimit: event.settings.checkoutLimit,
    window: raceEventWindow(event),
    failedAttempts,
    participants,
  }
}

// ---------------------------------------------------------------- reading the list

/** A member on the grid or the waitlist, as the views and exports show them. */
export interface Entry {
  readonly memberId: string
  readonly status: "grid" | "waitlist"
  /** 1-based: grid order, or place in the waitlist queue. */
  readonly position: number
  readonly queueNumber: number
  readonly checkedIn: boolean
  readonly checkouts: number
  readonly registration: Registration
  readonly registeredAt: number
}

const entriesIn = (list: EntryList, status: "grid" | "waitlist"): ReadonlyArray<Entry> =>
  list.participants
    .filter((p) => participantState(p) === status)
    .sort((a, b) => a.context.queueNumber - b.context.queueNumber)
    .map((p, i) => {
      const c = p.context
      if (c.registration === null || c.registeredAt === null) throw new Error(`Participant ${c.memberId} is ${status} without a registration`)
      return { memberId: c.memberId, status, position: i + 1, queueNumber: c.queueNumber, checkedIn: c.checkedIn, checkouts: c.checkouts, registration: c.registration, registeredAt: c.registeredAt }
    })

export const gridOf = (list: EntryList): ReadonlyArray<Entry> => entriesIn(list, "grid")

/** In queue order: the first one is promoted next (if they may take the place). */
export const waitlistOf = (list: EntryList): ReadonlyArray<Entry> => entriesIn(list, "waitlist")

/** The member's entry while they are on the grid or waitlist. */
export const entryOf = (list: EntryList, memberId: string): Entry | undefined =>
  [...gridOf(list), ...waitlistOf(list)].find((e) => e.memberId === memberId)

export const participantOf = (list: EntryList, memberId: string): ParticipantSnapshot | undefined =>
  list.participants.find((p) => p.context.memberId === memberId)

export const freePlaces = (list: EntryList): number => Math.max(0, list.capacity - gridOf(list).length)

/** Queue numbers only grow, so a new or re-queued member always goes last. */
export const nextQueueNumber = (list: EntryList): number => 1 + Math.max(0, ...list.participants.map((p) => p.context.queueNumber))

export const failedAttemptsOf = (list: EntryList, memberId: string): number => list.failedAttempts[memberId] ?? 0

// ---------------------------------------------------------------- what the shell must do

export type PromotionCause = "withdrawal" | "removal" | "capacity" | "no-show" | "moved-down" | "admin"

/** Messages for one member (the acting member's becomes the reply; others are sent to them). */
export type Notice =
  | { readonly kind: "on-grid" }
  | { readonly kind: "waitlisted"; readonly position: number }
  | { readonly kind: "promoted" }
  | { readonly kind: "moved-to-waitlist"; readonly position: number }
  | { readonly kind: "withdrawn" }
  | { readonly kind: "removed"; readonly reason: string | null }
  | { readonly kind: "no-show" }
  | { readonly kind: "checked-in" }
  | { readonly kind: "checked-out"; readonly checkoutsLeft: number }
  | { readonly kind: "event-cancelled" }
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
// Notices are stored as the domain's MemberNotice: this stops compiling if either changes alone.
void (true satisfies Same<Notice, MemberNotice>)

export type AdminAction = "add" | "remove" | "move-to-grid" | "move-to-waitlist" | "capacity" | "reset-attempts"

export type RaceNightEffect =
  | { readonly _tag: "GiveDriverRole"; readonly memberId: string }
  | { readonly _tag: "TakeDriverRole"; readonly memberId: string }
  | { readonly _tag: "Promoted"; readonly memberId: string; readonly from: "waitlist"; readonly cause: PromotionCause }
  | { readonly _tag: "Notify"; readonly memberId: string; readonly notice: Notice }
  | { readonly _tag: "FailedAttemptsChanged"; readonly memberId: string; readonly failedAttempts: number }
  | {
      readonly _tag: "Audit"
      readonly actorId: string
      readonly at: number
      readonly action: AdminAction
      readonly memberId: string | null
      readonly detail: string
    }
  | { readonly _tag: "Refused"; readonly reason: string }

export interface Outcome {
  readonly list: EntryList
  /** In the order they happened. */
  readonly effects: ReadonlyArray<RaceNightEffect>
  /**
   * Members whose participant snapshot must be stored again. Attempt counters are not
   * participants: a change to one comes as a `FailedAttemptsChanged` effect.
   */
  readonly changed: ReadonlyArray<string>
}

/** The reason when the operation was refused (then nothing but attempt counters changed). */
export const refusalOf = (outcome: Outcome): string | undefined => {
  const refused = outcome.effects.find((e) => e._tag === "Refused")
  return refused?._tag === "Refused" ? refused.reason : undefined
}

// ---------------------------------------------------------------- building an outcome (used by the operations)

export const unchanged = (list: EntryList): Outcome => ({ list, effects: [], changed: [] })

export const refuse = (list: EntryList, reason: string, effects: ReadonlyArray<RaceNightEffect> = []): Outcome => ({
  list,
  effects: [...effects, { _tag: "Refused", reason }],
  changed: [],
})

export const withEffects = (outcome: Outcome, ...effects: ReadonlyArray<RaceNightEffect>): Outcome => ({
  ...outcome,
  effects: [...outcome.effects, ...effects],
})

/**
 * Sends one event to a member's participant (creating it on REGISTER). The driver role
 * follows the grid here and only here: entering the grid gives it, leaving takes it.
 */
export const send = (outcome: Outcome, memberId: string, event: ParticipantEvent): Either.Either<Outcome, string> => {
  const { list } = outcome
  const before = participantOf(list, memberId)
  if (before === undefined && event.type !== "REGISTER") return Either.left(`<@${memberId}> is not on this event's entry list.`)
  const result = applyParticipantEvent(before ?? null, event)
  if ("refused" in result) return Either.left(result.refused)
  const wasOnGrid = before !== undefined && participantState(before) === "grid"
  const isOnGrid = participantState(result.next) === "grid"
  const participants =
    before === undefined ? [...list.participants, result.next] : list.participants.map((p) => (p === before ? result.next : p))
  const roles: ReadonlyArray<RaceNightEffect> =
    wasOnGrid === isOnGrid ? [] : [{ _tag: isOnGrid ? "GiveDriverRole" : "TakeDriverRole", memberId }]
  return Either.right({
    list: { ...list, participants },
    effects: [...outcome.effects, ...roles],
    changed: outcome.changed.includes(memberId) ? outcome.changed : [...outcome.changed, memberId],
  })
}

/** For steps the list has already checked: a refusal here is a bug, not a member's mistake. */
export const sendChecked = (outcome: Outcome, memberId: string, event: ParticipantEvent): Outcome =>
  Either.getOrThrowWith(send(outcome, memberId, event), (reason) => new Error(`${event.type} for ${memberId} unexpectedly refused: ${reason}`))

/** Who would take the next free place now, if anyone. */
export const nextInLine = (list: EntryList, at: number): Entry | undefined =>
  waitlistOf(list).find((e) => mayTakeFreePlace(e.checkedIn, list.window, at))

/** Promotes members in queue order while there is a free place and someone may take it. */
export const fillFreePlaces = (outcome: Outcome, at: number, cause: PromotionCause): Outcome => {
  let current = outcome
  for (;;) {
    if (gridOf(current.list).length >= current.list.capacity) return current
    const next = nextInLine(current.list, at)
    if (next === undefined) return current
    current = sendChecked(current, next.memberId, { type: "PROMOTE", actorId: SYSTEM_ACTOR, at, reason: `a place came free (${cause})` })
    current = withEffects(
      current,
      { _tag: "Promoted", memberId: next.memberId, from: "waitlist", cause },
      { _tag: "Notify", memberId: next.memberId, notice: { kind: "promoted" } },
    )
  }
}
