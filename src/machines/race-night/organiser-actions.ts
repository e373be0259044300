/**
 * What admins and the scheduler do to an entry list. Every admin action adds an `Audit`
 * effect (who, what, when) for the audit log, besides the participant's own history.
 *
 * Decisions worth knowing:
 * - Moving a member to a full grid is refused unless the admin names who goes to the
 *   waitlist in exchange (`replacing`): a swap, so the grid never grows past capacity.
 *   An exchange is only for a full grid; with a free place the member simply moves up.
 * - An admin may move anyone from the waitlist, jumping the queue: that is the point of
 *   the move, and the only way the queue order is bypassed.
 * - A member moved to the waitlist goes to the back of the queue. If that leaves a free
 *   place, the first in line moves up, which is refused when that would be the same
 *   member again (nobody else is waiting).
 * - Lowering the capacity moves nobody; see entry-list.ts.
 * - Closing check-in marks every grid member who did not check in as a no-show, then
 *   fills their places from the checked-in waitlist, in queue order.
 */
import * as Either from "effect/Either"
import { discordTimestamp } from "../../domain/events/time.js"
import {
  type AdminAction,
  type EntryList,
  type Outcome,
  type RaceNightEffect,
  SYSTEM_ACTOR,
  entryOf,
  fillFreePlaces,
  gridOf,
  nextQueueNumber,
  refuse,
  send,
  sendChecked,
  unchanged,
  withEffects,
} from "./entry-list.js"
import { register } from "./member-actions.js"
import type { Registration } from "../../domain/race-night/registration.js"

interface AdminRequest {
  readonly actorId: string
  readonly at: number
}

const audit = (request: AdminRequest, action: AdminAction, memberId: string | null, detail: string): RaceNightEffect => ({
  _tag: "Audit",
  actorId: request.actorId,
  at: request.at,
  action,
  memberId,
  detail,
})

const succeeded = (outcome: Outcome): boolean => !outcome.effects.some((e) => e._tag === "Refused")

/** Registers a member on their behalf, bypassing the open/role/attempt checks (not capacity). */
export const adminAdd = (list: EntryList, request: AdminRequest & { readonly memberId: string; readonly registration: Registration }): Outcome => {
  const added = register(list, request)
  if (!succeeded(added)) return added
  const place = entryOf(added.list, request.memberId)
  const where = place?.status === "grid" ? "the grid" : `#${place?.position ?? 0} on the waitlist`
  return withEffects(added, audit(request, "add", request.memberId, `added to ${where}`))
}

export const adminRemove = (list: EntryList, request: AdminRequest & { readonly memberId: string; readonly reason?: string }): Outcome => {
  const { memberId, at } = request
  const before = entryOf(list, memberId)
  const reason = request.reason?.trim() || null
  const removed = send(unchanged(list), memberId, { type: "REMOVE", actorId: request.actorId, at, reason: reason ?? undefined })
  if (Either.isLeft(removed)) return refuse(list, removed.left)
  const from = before?.status ?? "list"
  const told = withEffects(
    removed.right,
    { _tag: "Notify", memberId, notice: { kind: "removed", reason } },
    audit(request, "remove", memberId, `removed from the ${from}${reason === null ? "" : `: ${reason}`}`),
  )
  return from === "grid" ? fillFreePlaces(told, at, "removal") : told
}

const toWaitlist = (outcome: Outcome, memberId: string, request: AdminRequest): Either.Either<Outcome, string> =>
  send(outcome, memberId, { type: "DEMOTE", queueNumber: nextQueueNumber(outcome.list), actorId: request.actorId, at: request.at })

/** Told once everything has moved, so the position is where they really ended up. */
const movedToWaitlist = (outcome: Outcome, memberId: string): RaceNightEffect => ({
  _tag: "Notify",
  memberId,
  notice: { kind: "moved-to-waitlist", position: entryOf(outcome.list, memberId)?.position ?? 0 },
})

export const adminMove = (
  list: EntryList,
  request: AdminRequest & { readonly memberId: string; readonly to: "grid" | "waitlist"; readonly replacing?: string },
): Outcome => {
  const { memberId, at } = request
  if (request.to === "waitlist") {
    const moved = toWaitlist(unchanged(list), memberId, request)
    if (Either.isLeft(moved)) return refuse(list, moved.left)
    const filled = fillFreePlaces(moved.right, at, "moved-down")
    if (entryOf(filled.list, memberId)?.status === "grid") {
      return refuse(list, `Nobody else is waiting for a place, so <@${memberId}> would move straight back to the grid. Lower the capacity instead if the grid should be smaller.`)
    }
    return withEffects(filled, movedToWaitlist(filled, memberId), audit(request, "move-to-waitlist", memberId, "moved to the back of the waitlist"))
  }
  if (entryOf(list, memberId)?.status !== "waitlist") {
    return refuse(list, `<@${memberId}> is not on the waitlist, so they can't be moved to the grid.`)
  }
  const replacing = request.replacing
  if (replacing === undefined && gridOf(list).length >= list.capacity) {
    return refuse(list, `The grid is full (${gridOf(list).length} of ${list.capacity}). Choose a driver to move to the waitlist in exchange, or raise the capacity.`)
  }
  if (replacing !== undefined && gridOf(list).length < list.capacity) {
    return refuse(list, `There is a free place on the grid, so nobody needs to make room: move <@${memberId}> without an exchange.`)
  }
  if (replacing === memberId) return refuse(list, "Choose a different driver to exchange places with.")
  const swapped = replacing === undefined ? Either.right(unchanged(list)) : toWaitlist(unchanged(list), replacing, request)
  if (Either.isLeft(swapped)) return refuse(list, swapped.left)
  const promoted = sendChecked(swapped.right, memberId, { type: "PROMOTE", actorId: request.actorId, at })
  const detail = replacing === undefined ? "moved to the grid" : `moved to the grid in exchange for <@${replacing}>`
  return withEffects(
    promoted,
    ...(replacing === undefined ? [] : [movedToWaitlist(promoted, replacing)]),
    { _tag: "Promoted", memberId, from: "waitlist", cause: "admin" },
    { _tag: "Notify", memberId, notice: { kind: "promoted" } },
    audit(request, "move-to-grid", memberId, detail),
  )
}

/**
 * Raising the capacity promotes the next in line at once. Lowering it moves nobody: the
 * drivers over the new capacity keep their places until some leave.
 */
export const setCapacity = (list: EntryList, request: AdminRequest & { readonly capacity: number }): Outcome => {
  const { capacity } = request
  if (!Number.isInteger(capacity) || capacity < 1) return refuse(list, "The capacity is a whole number of drivers, at least 1.")
  const onGrid = gridOf(list).length
  const over = onGrid - capacity
  const detail =
    over > 0
      ? `capacity ${list.capacity} → ${capacity}; ${over} over, nobody moves up until the grid is below ${capacity}`
      : `capacity ${list.capacity} → ${capacity}`
  const resized = withEffects(unchanged({ ...list, capacity }), audit(request, "capacity", null, detail))
  return capacity > list.capacity ? fillFreePlaces(resized, request.at, "capacity") : resized
}

/**
 * Run by the scheduler at the check-in closing time (or at start-up, if it was missed).
 * Run after the start, it still marks the no-shows, but nobody is promoted: a race in
 * progress takes no new drivers.
 */
export const closeCheckIn = (list: EntryList, request: { readonly at: number }): Outcome => {
  const { at } = request
  if (at < list.window.closesAt) return refuse(list, `Check-in only closes ${discordTimestamp(list.window.closesAt, "R")}.`)
  const noShows = gridOf(list).filter((e) => !e.checkedIn)
  const marked = noShows.reduce(
    (outcome, e) =>
      withEffects(sendChecked(outcome, e.memberId, { type: "MARK_NO_SHOW", actorId: SYSTEM_ACTOR, at }), {
        _tag: "Notify",
        memberId: e.memberId,
        notice: { kind: "no-show" },
      }),
    unchanged(list),
  )
  return fillFreePlaces(marked, at, "no-show")
}

/** Lets a member who used up their attempts try again. */
export const resetFailedAttempts = (list: EntryList, request: AdminRequest & { readonly memberId: string }): Outcome => {
  const { [request.memberId]: _, ...rest } = list.failedAttempts
  return withEffects(
    unchanged({ ...list, failedAttempts: rest }),
    { _tag: "FailedAttemptsChanged", memberId: request.memberId, failedAttempts: 0 },
    audit(request, "reset-attempts", request.memberId, "failed registration attempts reset"),
  )
}
