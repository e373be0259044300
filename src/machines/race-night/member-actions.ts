/**
 * What a member does on race night: register, withdraw, check in, check out.
 * Each returns an `Outcome` (see entry-list.ts); a refusal carries its reason in words.
 */
import * as Either from "effect/Either"
import { participantState } from "../participant.js"
import { checkInState, checkoutsLeft } from "../../domain/race-night/check-in.js"
import {
  type EntryList,
  type Outcome,
  entryOf,
  failedAttemptsOf,
  fillFreePlaces,
  freePlaces,
  nextInLine,
  nextQueueNumber,
  participantOf,
  refuse,
  send,
  unchanged,
  withEffects,
} from "./entry-list.js"
import { type Member, type Registration, type RegistrationForm, checkRegistrationOpen, validateRegistration } from "../../domain/race-night/registration.js"
import type { RaceEvent } from "../../domain/race-night/race-settings.js"

const NOT_ENTERED = "You are not on this event's entry list. Register first."

const alreadyRegistered = (list: EntryList, memberId: string): string | null => {
  const entry = entryOf(list, memberId)
  if (entry === undefined) return null
  return entry.status === "grid"
    ? "You are already registered, with a place on the grid."
    : `You are already registered: #${entry.position} on the waitlist.`
}

/**
 * Puts a member with a checked registration on the grid when there is a free place and
 * nobody is queueing for it, otherwise at the back of the waitlist. Used for members and
 * (through `adminAdd`) for admins, so it checks only what no one may bypass.
 */
export const register = (
  list: EntryList,
  request: { readonly memberId: string; readonly actorId: string; readonly at: number; readonly registration: Registration },
): Outcome => {
  const { memberId, at } = request
  const already = alreadyRegistered(list, memberId)
  if (already !== null) return refuse(list, already)
  if (checkInState(list.window, at) === "started") return refuse(list, "The race has started; nobody can join it now.")
  const toGrid = freePlaces(list) > 0 && nextInLine(list, at) === undefined
  const joined = send(unchanged(list), memberId, {
    type: "REGISTER",
    eventId: list.eventId,
    memberId,
    to: toGrid ? "grid" : "waitlist",
    registration: request.registration,
    queueNumber: nextQueueNumber(list),
    actorId: request.actorId,
    at,
  })
  if (Either.isLeft(joined)) return refuse(list, joined.left)
  const position = entryOf(joined.right.list, memberId)?.position ?? 0
  return withEffects(joined.right, {
    _tag: "Notify",
    memberId,
    notice: toGrid ? { kind: "on-grid" } : { kind: "waitlisted", position },
  })
}

/**
 * The Register button's modal, submitted. Checks, in order: may the member register at
 * all (not counted), are they already in or removed (not counted), is the form usable
 * (a "no" counts one failed attempt), then registers them.
 */
export const submitRegistration = (
  list: EntryList,
  request: { readonly event: RaceEvent; readonly member: Member; readonly form: RegistrationForm; readonly at: number },
): Outcome => {
  const { event, member, at } = request
  const memberId = member.memberId
  const failed = failedAttemptsOf(list, memberId)
  const closed = checkRegistrationOpen(event, at, { member, failedAttempts: failed })
  if (closed !== null) return refuse(list, closed.message)
  const already = alreadyRegistered(list, memberId)
  if (already !== null) return refuse(list, already)
  const previous = participantOf(list, memberId)
  if (previous !== undefined && participantState(previous) === "removed") {
    return refuse(list, "An admin removed you from this event, so you can't register again yourself. Ask an admin.")
  }
  const checked = validateRegistration(request.form, event, member)
  if (Either.isRight(checked)) return register(list, { memberId, actorId: memberId, at, registration: checked.right })
  const failedAttempts = failed + 1
  const left = event.settings.failedAttemptLimit - failedAttempts
  const counted = { ...list, failedAttempts: { ...list.failedAttempts, [memberId]: failedAttempts } }
  const hint = left > 0 ? ` (${left} attempt${left === 1 ? "" : "s"} left)` : " That was your last attempt; ask an admin to add you."
  return refuse(counted, `${checked.left}${hint}`, [{ _tag: "FailedAttemptsChanged", memberId, failedAttempts }])
}

/** The member gives up their place (or their spot in the queue); the next in line moves up. */
export const withdraw = (list: EntryList, request: { readonly memberId: string; readonly at: number }): Outcome => {
  const { memberId, at } = request
  const before = entryOf(list, memberId)
  if (before === undefined) return refuse(list, NOT_ENTERED)
  const left = send(unchanged(list), memberId, { type: "WITHDRAW", window: list.window, actorId: memberId, at })
  if (Either.isLeft(left)) return refuse(list, left.left)
  const told = withEffects(left.right, { _tag: "Notify", memberId, notice: { kind: "withdrawn" } })
  return before.status === "grid" ? fillFreePlaces(told, at, "withdrawal") : told
}

export const checkIn = (list: EntryList, request: { readonly memberId: string; readonly at: number }): Outcome => {
  const { memberId, at } = request
  if (entryOf(list, memberId) === undefined) return refuse(list, NOT_ENTERED)
  const done = send(unchanged(list), memberId, { type: "CHECK_IN", window: list.window, actorId: memberId, at })
  if (Either.isLeft(done)) return refuse(list, done.left)
  return withEffects(done.right, { _tag: "Notify", memberId, notice: { kind: "checked-in" } })
}

export const checkOut = (list: EntryList, request: { readonly memberId: string; readonly at: number }): Outcome => {
  const { memberId, at } = request
  if (entryOf(list, memberId) === undefined) return refuse(list, NOT_ENTERED)
  const done = send(unchanged(list), memberId, { type: "CHECK_OUT", window: list.window, checkoutLimit: list.checkoutLimit, actorId: memberId, at })
  if (Either.isLeft(done)) return refuse(list, done.left)
  const after = entryOf(done.right.list, memberId)
  const remaining = after === undefined ? 0 : checkoutsLeft(after, list.checkoutLimit)
  return withEffects(done.right, { _tag: "Notify", memberId, notice: { kind: "checked-out", checkoutsLeft: remaining } })
}
