import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { Kysely } from "kysely"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"
import { readEvent } from "../../adapters/sqlite/repositories/events.js"
import { readFailedAttempts, readParticipants, saveFailedAttempts, saveParticipant } from "../../adapters/sqlite/repositories/participants.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import { entryListFor, participantOf, refusalOf, type EntryList, type Outcome } from "../../machines/race-night/entry-list.js"
import type { RaceEvent } from "../../domain/race-night/race-settings.js"
import { refuse } from "../refusal.js"
import { readQuery, writeTransaction } from "../transaction.js"
import { wakeFollowUps } from "../follow-ups.js"
import { followUpsOf } from "./entry-list-follow-ups.js"
import type { StoredEvent } from "../../domain/events/event.js"

export interface LoadedEvent {
  readonly stored: StoredEvent
  readonly event: RaceEvent
  readonly list: EntryList
}

/** The event and its whole entry list, read inside the caller's transaction. */
export const loadEntryList = async (db: Kysely<DB>, guildId: string, eventId: string): Promise<LoadedEvent | undefined> => {
  const stored = await readEvent(db, guildId, eventId)
  if (stored === undefined) return undefined
  const [restored, failedAttempts] = await Promise.all([readParticipants(db, eventId), readFailedAttempts(db, eventId)])
  // A row this code wrote that no longer restores is a bug to see, not a member to drop silently.
  const participants = restored.map((participant) =>
    Either.getOrThrowWith(participant, (failure) => new Error(`a participant of event ${eventId} cannot be restored: ${failure.message}`)),
  )
  const event: RaceEvent = { id: stored.id, status: stored.status, details: stored.details, settings: stored.raceSettings }
  return { stored, event, list: entryListFor(event, participants, failedAttempts) }
}

/** Stores what an outcome changed: participants, attempt counters, and an audit line per admin action. */
export const saveOutcome = async (db: Kysely<DB>, guildId: string, outcome: Outcome, at: number): Promise<void> => {
  for (const memberId of outcome.changed) {
    const snapshot = participantOf(outcome.list, memberId)
    if (snapshot !== undefined) await saveParticipant(db, guildId, snapshot, at)
  }
  for (const effect of outcome.effects) {
    if (effect._tag === "FailedAttemptsChanged") await saveFailedAttempts(db, outcome.list.eventId, effect.memberId, effect.failedAttempts)
    if (effect._tag === "Audit") {
      await appendAudit(db, { guildId, actorId: effect.actorId, action: `event.entrants.${effect.action}`, subject: effect.memberId, details: { eventId: outcome.list.eventId, detail: effect.detail }, at: effect.at })
    }
  }
}

export interface EntryActionResult {
  readonly outcome: Outcome
  readonly loaded: LoadedEvent
}

/**
 * One member or admin action on an event's entry list: load, decide (pure), store, and write
 * what it makes happen on Discord (roles, notices, the live grid) to the outbox, all in one
 * transaction. A refused action still stores its attempt counter (that is what the counter is
 * for) and then reaches the member as a Refusal.
 */
export const runEntryAction = Effect.fnUntraced(function* (
  guildId: string,
  eventId: string,
  actorId: string,
  decide: (loaded: LoadedEvent, now: number) => Outcome,
) {
  const now = yield* Clock.currentTimeMillis
  const result = yield* writeTransaction("race-night.action", async (trx): Promise<EntryActionResult> => {
    const loaded = await loadEntryList(trx, guildId, eventId)
    if (loaded === undefined) throw refuse("This event no longer exists.")
    const outcome = decide(loaded, now)
    await saveOutcome(trx, guildId, outcome, now)
    if (refusalOf(outcome) === undefined) await enqueueFollowUps(trx, followUpsOf(loaded.stored, actorId, outcome), now)
    return { outcome, loaded }
  })
  const refusal = refusalOf(result.outcome)
  if (refusal !== undefined) return yield* Effect.fail(refuse(refusal))
  yield* wakeFollowUps
  return result
})

export const readEntryList = (guildId: string, eventId: string) =>
  readQuery("race-night.read", (k) => loadEntryList(k, guildId, eventId)).pipe(
    Effect.flatMap((loaded) => (loaded === undefined ? Effect.fail(refuse("This event no longer exists.")) : Effect.succeed(loaded))),
  )
