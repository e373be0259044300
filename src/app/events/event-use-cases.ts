/** Published events: reading them for lists and autocomplete, recording where they were posted, cancelling. */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { deleteEditDraftsFor } from "../../adapters/sqlite/repositories/event-drafts.js"
import {
  readEvent,
  readUpcomingEvents,
  searchUpcomingEvents,
  setEventStatus,
} from "../../adapters/sqlite/repositories/events.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"
import { gridOf, waitlistOf } from "../../machines/race-night/entry-list.js"
import { wakeFollowUps } from "../follow-ups.js"
import { type FollowUp } from "../../domain/follow-up-kinds.js"
import { loadEntryList } from "../race-night/entries.js"
import { refuse } from "../refusal.js"
import { writeTransaction, readQuery } from "../transaction.js"


export const EVENTS_PAGE_SIZE = 8

/** `/event list`: published events that haven't finished, soonest first. */
export const upcomingEvents = Effect.fnUntraced(function* (guildId: string, page: number) {
  const now = yield* Clock.currentTimeMillis
  const result = yield* readQuery("events.upcoming", (db) => readUpcomingEvents(db, guildId, now, { limit: EVENTS_PAGE_SIZE, offset: page * EVENTS_PAGE_SIZE }))
  return { ...result, now }
})

/** Autocomplete for `/event manage event:`: upcoming events whose title contains what was typed. */
export const eventChoices = Effect.fnUntraced(function* (guildId: string, typed: string) {
  const now = yield* Clock.currentTimeMillis
  const events = yield* readQuery("events.search", (db) => searchUpcomingEvents(db, guildId, now, typed.trim(), 25))
  return events.map((event) => ({ event, now }))
})

/**
 * The event an option names: the id autocomplete put there, or a title typed in full when the
 * admin didn't pick from the list.
 */
export const findEvent = Effect.fnUntraced(function* (guildId: string, idOrTitle: string) {
  const byId = yield* readQuery("events.read", (db) => readEvent(db, guildId, idOrTitle))
  if (byId !== undefined) return byId
  const now = yield* Clock.currentTimeMillis
  const typed = idOrTitle.trim()
  const matches = yield* readQuery("events.search", (db) => searchUpcomingEvents(db, guildId, now, typed, 25))
  const exact = matches.filter((event) => event.details.details.title.toLowerCase() === typed.toLowerCase())
  const found = exact.length === 1 ? exact[0] : matches.length === 1 ? matches[0] : undefined
  if (found !== undefined) return found
  if (matches.length === 0) return yield* refuse(`No upcoming event matches “${typed.slice(0, 80)}”. Pick one from the list as you type, or see /event list.`)
  return yield* refuse(`${matches.length} upcoming events match “${typed.slice(0, 80)}”. Pick one from the list as you type.`)
})

export const readEventById = (guildId: string, eventId: string) =>
  Effect.flatMap(readQuery("events.read", (db) => readEvent(db, guildId, eventId)), (event) =>
    event === undefined ? Effect.fail(refuse("That event doesn't exist any more. See /event list.")) : Effect.succeed(event),
  )

/**
 * Marks the event cancelled (and drops open edits of it), and in the same transaction writes what
 * that makes happen on Discord: the card says CANCELLED, the Discord event is cancelled, the
 * publish channel is told, grid members lose the driver role, everyone registered is told.
 */
export const cancelEvent = Effect.fnUntraced(function* (guildId: string, actorId: string, eventId: string) {
  const now = yield* Clock.currentTimeMillis
  const cancelled = yield* writeTransaction("events.cancel", async (trx) => {
    const loaded = await loadEntryList(trx, guildId, eventId)
    if (loaded === undefined) throw refuse("That event doesn't exist any more. See /event list.")
    const event = loaded.stored
    if (event.status === "cancelled") throw refuse(`**${event.details.details.title}** is already cancelled.`)
    await setEventStatus(trx, guildId, eventId, "cancelled", now)
    await deleteEditDraftsFor(trx, guildId, eventId)
    await appendAudit(trx, { guildId, actorId, action: "event.cancel", subject: eventId, details: { title: event.details.details.title, startsAt: event.details.schedule.startsAt }, at: now })
    const grid = gridOf(loaded.list).map((entry) => entry.memberId)
    const registered = [...grid, ...waitlistOf(loaded.list).map((entry) => entry.memberId)]
    const ids = { guildId, eventId }
    const followUps: ReadonlyArray<FollowUp> = [
      { _tag: "EventCard", ...ids },
      { _tag: "ScheduledEvent", ...ids },
      { _tag: "CancellationNotice", ...ids },
      { _tag: "LiveGrid", ...ids },
      ...grid.map((memberId): FollowUp => ({ _tag: "DriverRole", ...ids, memberId, roleId: event.details.rolesAndChannels.driverRoleId, give: false })),
      ...registered.map((memberId): FollowUp => ({ _tag: "TellMember", ...ids, memberId, notice: { kind: "event-cancelled" } })),
    ]
    const followUpIds = await enqueueFollowUps(trx, followUps, now)
    return { event: { ...event, status: "cancelled" as const, updatedAt: now }, followUpIds, registered: registered.length }
  })
  yield* wakeFollowUps
  return cancelled
})
