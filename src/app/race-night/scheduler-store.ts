import type { Kysely } from "kysely"
import { readUnfinishedEvents } from "../../adapters/sqlite/repositories/events.js"
import { readFiredTriggersOf } from "../../adapters/sqlite/repositories/participants.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import type { Trigger } from "../../domain/race-night/deadlines.js"
import type { RaceNightSettings } from "../../domain/race-night/race-settings.js"
import type { StoredEvent } from "../../domain/events/event.js"

export interface ScheduledEvent {
  readonly stored: StoredEvent
  readonly settings: RaceNightSettings
  readonly fired: ReadonlyArray<Trigger>
}

/** Everything one scheduler check needs, in two queries however many events are upcoming. */
export const readScheduledEvents = async (db: Kysely<DB>, now: number): Promise<ReadonlyArray<ScheduledEvent>> => {
  const events = await readUnfinishedEvents(db, now)
  const fired = await readFiredTriggersOf(db, events.map((event) => event.id))
  return events.map((stored) => ({ stored, settings: stored.raceSettings, fired: fired.get(stored.id) ?? [] }))
}
