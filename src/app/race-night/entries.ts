import { Clock, Effect } from "effect"
import type { Kysely } from "kysely"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { readEvent, type StoredEvent } from "../../adapters/sqlite/repositories/events.js"
import { readFailedAttempts, readParticipants, saveFailedAttempts, saveParticipant } from "../../adapters/sqlite/repositories/participants.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import { entryListFor, participantOf, refusalOf, type EntryList, type Outcome } from "../../machines/entry-list/entry-list.js"
import type { RaceEvent } from "../../domain/race-night/settings.js"
import { refuse } from "../refusal.js"
import { readQuery, writeTransaction } from "../transaction.js"
import { LiveGrid, RaceNightNotifier } from "./ports.js"

export interface LoadedEvent {
  readonly stored: StoredEvent
  readonly event: RaceEvent
  readonly list: EntryList
}

/** The event and its whole entry list, read inside the caller's transaction. */
export const loadEntryList = async (db: Kysely<DB>, guildId: string, eventId: string): Promise<LoadedEvent | undefined> => {
  const stored = await readEvent(db, guildId, eventId)
  if (stored === undefined) return undefined
  const [participants, failedAttempts] = await Promise.all([readParticipants(db, eventId), readFailedAttempts(db, eventId)])
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
 * One member or admin action on an event's entry list: load, decide (pure), store, all in one
 * transaction; then, once committed, hand the effects to Discord and refresh the live grid. A
 * refused action still stores its attempt counter (that is what the counter is for) and then
 * reaches the member as a Refusal.
 */
export const runEntryAction = Effect.fn("RaceNight.action")(function* (
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
    return { outcome, loaded }
  })
  const refusal = refusalOf(result.outcome)
  if (refusal !== undefined) return yield* Effect.fail(refuse(refusal))
  yield* Effect.flatMap(RaceNightNotifier, (notifier) => notifier.apply(result.loaded.stored, actorId, result.outcome.effects))
  yield* Effect.flatMap(LiveGrid, (grid) => grid.refresh(guildId, eventId))
  return result
})

export const readEntryList = (guildId: string, eventId: string) =>
  readQuery("race-night.read", (k) => loadEntryList(k, guildId, eventId)).pipe(
    Effect.flatMap((loaded) => (loaded === undefined ? Effect.fail(refuse("This event no longer exists.")) : Effect.succeed(loaded))),
  )
