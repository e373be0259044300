import type { Kysely } from "kysely"
import { readEvent, type StoredEvent } from "../../adapters/sqlite/repositories/events.js"
import { readFiredTriggers, readRaceSettings } from "../../adapters/sqlite/repositories/participants.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import type { Trigger } from "../../domain/race-night/deadlines.js"
import type { RaceNightSettings } from "../../domain/race-night/settings.js"

/*
 * The scheduler is the one reader that looks across servers, so this query lives beside it rather
 * than in the per-guild events repository (which the race-night storage work owns).
 * TODO(owner of repositories/events.ts): move `scheduledEventKeys` there.
 */

export interface ScheduledEvent {
  readonly stored: StoredEvent
  readonly settings: RaceNightSettings
  readonly fired: ReadonlyArray<Trigger>
}

/**
 * Published events in every server that have not finished yet. An event that ended while the bot
 * was down is history: closing its check-in or reminding its drivers would only confuse them.
 */
export const scheduledEventKeys = async (db: Kysely<DB>, now: number): Promise<ReadonlyArray<{ guildId: string; eventId: string }>> =>
  (
    await db
      .selectFrom("events")
      .select(["guild_id", "id"])
      .where("status", "=", "published")
      .where("ends_at", ">", now)
      .orderBy("starts_at")
      .orderBy("id")
      .execute()
  ).map((row) => ({ guildId: row.guild_id, eventId: row.id }))

export const readScheduledEvent = async (db: Kysely<DB>, guildId: string, eventId: string): Promise<ScheduledEvent | undefined> => {
  const stored = await readEvent(db, guildId, eventId)
  if (stored === undefined) return undefined
  const [settings, fired] = await Promise.all([readRaceSettings(db, guildId, eventId), readFiredTriggers(db, eventId)])
  return { stored, settings, fired }
}
