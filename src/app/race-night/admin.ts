/**
 * What admins do to an event's entry list from `/event entrants`: add, remove, move, reset
 * attempts, change the capacity; and what follows an edit or a cancellation from
 * `/event manage`. Every change is one of the organiser actions, audited through its Audit
 * effects by `saveOutcome`.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { updateEventDetails } from "../../adapters/sqlite/repositories/events.js"
import { checkCapacity, checkDriversPerTeam, parseWholeNumber } from "../../domain/events/validation.js"
import { type Outcome, entryOf, fillFreePlaces, gridOf, refuse as refuseOutcome, refusalOf, unchanged, waitlistOf } from "../../machines/race-night/entry-list.js"
import { adminAdd, adminMove, adminRemove, resetFailedAttempts, setCapacity } from "../../machines/race-night/organiser-actions.js"
import { type RegistrationForm, registrationFields, validateRegistration } from "../../domain/race-night/registration.js"
import { refuse } from "../refusal.js"
import { writeTransaction } from "../transaction.js"
import { loadEntryList, readEntryList, runEntryAction, saveOutcome } from "./entries.js"
import { EVENT_CANCELLED, memberFacts, unlessCancelled } from "./member.js"
import { wakeFollowUps } from "../follow-ups.js"
import { followUpsOf } from "./entry-list-follow-ups.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"

/** What the entrants panel shows. */
export const entrantsOf = Effect.fnUntraced(function* (guildId: string, eventId: string) {
  const loaded = yield* readEntryList(guildId, eventId)
  return {
    event: loaded.stored,
    capacity: loaded.list.capacity,
    grid: gridOf(loaded.list),
    waitlist: waitlistOf(loaded.list),
    failedAttempts: loaded.list.failedAttempts,
    attemptLimit: loaded.event.settings.failedAttemptLimit,
  }
})
export type Entrants = Effect.Effect.Success<ReturnType<typeof entrantsOf>>

/** The admin fills the registration form for the member; the form rules still apply, the gates don't. */
export const addEntrant = Effect.fnUntraced(function* (guildId: string, eventId: string, actorId: string, memberId: string, form: RegistrationForm) {
  const member = yield* memberFacts(guildId, memberId, [])
  return yield* runEntryAction(
    guildId,
    eventId,
    actorId,
    unlessCancelled((loaded, at) => {
      const checked = validateRegistration(form, loaded.event, member)
      return Either.isLeft(checked) ? refuseOutcome(loaded.list, checked.left) : adminAdd(loaded.list, { actorId, at, memberId, registration: checked.right })
    }),
  )
})

export const removeEntrant = (guildId: string, eventId: string, actorId: string, memberId: string, reason: string) =>
  runEntryAction(guildId, eventId, actorId, unlessCancelled((loaded, at) => adminRemove(loaded.list, { actorId, at, memberId, reason })))

export const moveEntrant = (guildId: string, eventId: string, actorId: string, memberId: string, to: "grid" | "waitlist", replacing?: string) =>
  runEntryAction(
    guildId,
    eventId,
    actorId,
    unlessCancelled((loaded, at) => adminMove(loaded.list, { actorId, at, memberId, to, ...(replacing === undefined ? {} : { replacing }) })),
  )

export const resetAttempts = (guildId: string, eventId: string, actorId: string, memberId: string) =>
  runEntryAction(guildId, eventId, actorId, unlessCancelled((loaded, at) => resetFailedAttempts(loaded.list, { actorId, at, memberId })))

/**
 * The capacity lives in the event's details (the card shows it), so it is saved there in the
 * same transaction as the promotions it causes; the track's pit slots still cap it.
 */
export const changeCapacity = Effect.fnUntraced(function* (guildId: string, eventId: string, actorId: string, typed: string) {
  const now = yield* Clock.currentTimeMillis
  const result = yield* writeTransaction("race-night.capacity", async (trx): Promise<{ outcome: Outcome; cardFollowUpId: number }> => {
    const loaded = await loadEntryList(trx, guildId, eventId)
    if (loaded === undefined) throw refuse("This event no longer exists.")
    if (loaded.event.status === "cancelled") throw refuse(EVENT_CANCELLED)
    const { details } = loaded.stored
    const checked = Either.flatMap(parseWholeNumber(typed, "The capacity"), (maxDrivers) =>
      Either.flatMap(checkCapacity(details.track, maxDrivers, details.capacity.broadcastSlots), (capacity) =>
        Either.map(checkDriversPerTeam(details.teams === "off" ? null : details.teams.driversPerTeam, capacity.maxDrivers), () => capacity),
      ),
    )
    if (Either.isLeft(checked)) throw refuse(checked.left)
    const outcome = setCapacity(loaded.list, { actorId, at: now, capacity: checked.right.maxDrivers })
    const refusal = refusalOf(outcome)
    if (refusal !== undefined) throw refuse(refusal)
    const next = { ...details, capacity: { ...details.capacity, maxDrivers: checked.right.maxDrivers } }
    await updateEventDetails(trx, guildId, eventId, next, now)
    await saveOutcome(trx, guildId, outcome, now)
    const event = { ...loaded.stored, details: next, updatedAt: now }
    // The card shows the capacity too: redrawn by the outbox like every other change to it, in the
    // event's order and retried; the admin's panel may wait for that row (`cardFollowUpId`).
    const memberFollowUps = followUpsOf(event, actorId, outcome)
    const ids = await enqueueFollowUps(trx, [...memberFollowUps, { _tag: "EventCard", guildId, eventId }, { _tag: "LiveGrid", guildId, eventId }], now)
    return { outcome, cardFollowUpId: ids[memberFollowUps.length]! }
  })
  yield* wakeFollowUps
  return result
})

/**
 * After `/event manage` saved an edit: the edit may have raised the capacity, and the places it
 * freed are filled at once (the edit itself is audited as event.edit; a promotion needs no
 * second line). Lowering it moves nobody, so then this changes nothing.
 */
export const fillAfterEdit = (guildId: string, eventId: string, actorId: string) =>
  runEntryAction(guildId, eventId, actorId, (loaded, at) =>
    loaded.event.status === "published" ? fillFreePlaces(unchanged(loaded.list), at, "capacity") : unchanged(loaded.list),
  )

/** The registration form an admin fills for a member, prefilled with what the bot knows about them. */
export const addEntrantForm = Effect.fnUntraced(function* (guildId: string, eventId: string, memberId: string) {
  const loaded = yield* readEntryList(guildId, eventId)
  if (loaded.event.status === "cancelled") return yield* refuse(EVENT_CANCELLED)
  const entry = entryOf(loaded.list, memberId)
  if (entry !== undefined) return yield* refuse(`<@${memberId}> is already registered: ${entry.status === "grid" ? "on the grid" : `#${entry.position} on the waitlist`}.`)
  const member = yield* memberFacts(guildId, memberId, [])
  return { event: loaded.stored, fields: registrationFields(loaded.event, member) }
})
