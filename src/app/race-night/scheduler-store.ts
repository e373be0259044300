import type { Kysely } from "kysely"
import { readEvent, type StoredEvent } from "../../adapters/sqlite/repositories/events.js"
import { readFiredTriggers, readRaceSettings } from "../../adapters/sqlite/repositories/participants.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import type { Trigger } from "../../domain/race-night/deadlines.js"
import type { RaceNightSettings } from "../../domain/race-night/settings.js"

export interface ScheduledEvent {
  readonly stored: StoredEvent
  readonly settings: RaceNightSettings
  readonly fired: ReadonlyArray<Trigger>
}

export const readScheduledEvent = async (db: Kysely<DB>, guildId: string, eventId: string): Promise<ScheduledEvent | undefined> => {
  const stored = await readEvent(db, guildId, eventId)
  if (stored === undefined) return undefined
  const [settings, fired] = await Promise.all([readRaceSettings(db, guildId, eventId), readFiredTriggers(db, eventId)])
  return { stored, settings, fired }
}
