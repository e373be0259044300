import * as Schema from "effect/Schema"
import type { Kysely } from "kysely"
import type { Trigger, TriggerKind } from "../../../domain/race-night/deadlines.js"
import { RaceNightSettings } from "../../../domain/race-night/race-settings.js"
import { participantState, type ParticipantSnapshot } from "../../../machines/participant.js"
import { persistParticipant, restoreParticipant } from "../../../machines/participant-persistence.js"
import type { Restored } from "../../../machines/persisted.js"
import type { DB } from "../schema.js"

/** Every participant of an event, each restored through the machine's own decoder (or why it can't be). */
export const readParticipants = async (db: Kysely<DB>, eventId: string): Promise<ReadonlyArray<Restored<ParticipantSnapshot>>> =>
  // Queue order, said out loud: without ORDER BY, SQLite happens to follow an index and PostgreSQL whatever it likes.
  (await db.selectFrom("participants").select("machine_json").where("event_id", "=", eventId).orderBy("queue_number").orderBy("member_id").execute()).map((row) =>
    restoreParticipant(row.machine_json),
  )

/** Inserts or replaces the member's row; the state and queue columns are copied from the snapshot. */
export const saveParticipant = async (db: Kysely<DB>, guildId: string, snapshot: ParticipantSnapshot, at: number): Promise<void> => {
  const { eventId, memberId, queueNumber } = snapshot.context
  const row = { state: participantState(snapshot), queue_number: queueNumber, machine_json: JSON.stringify(persistParticipant(snapshot)), updated_at: at }
  await db
    .insertInto("participants")
    .values({ event_id: eventId, member_id: memberId, guild_id: guildId, ...row })
    .onConflict((conflict) => conflict.columns(["event_id", "member_id"]).doUpdateSet(row))
    .execute()
}

export const readFailedAttempts = async (db: Kysely<DB>, eventId: string): Promise<Record<string, number>> =>
  Object.fromEntries(
    (await db.selectFrom("registration_attempts").select(["member_id", "failed_attempts"]).where("event_id", "=", eventId).execute()).map((row) => [row.member_id, row.failed_attempts]),
  )

export const saveFailedAttempts = async (db: Kysely<DB>, eventId: string, memberId: string, failedAttempts: number): Promise<void> => {
  await db
    .insertInto("registration_attempts")
    .values({ event_id: eventId, member_id: memberId, failed_attempts: failedAttempts })
    .onConflict((conflict) => conflict.columns(["event_id", "member_id"]).doUpdateSet({ failed_attempts: failedAttempts }))
    .execute()
}

export const saveRaceSettings = async (db: Kysely<DB>, guildId: string, eventId: string, settings: RaceNightSettings): Promise<void> => {
  await db.updateTable("events").set({ race_settings_json: JSON.stringify(Schema.encodeSync(RaceNightSettings)(settings)) }).where("guild_id", "=", guildId).where("id", "=", eventId).execute()
}

export const readFiredTriggers = async (db: Kysely<DB>, eventId: string): Promise<ReadonlyArray<Trigger>> =>
  (await db.selectFrom("fired_triggers").select(["kind", "at"]).where("event_id", "=", eventId).execute()).map((row) => ({ kind: row.kind as TriggerKind, at: row.at }))

/** The fired triggers of many events in one query, by event id (the scheduler's check). */
export const readFiredTriggersOf = async (db: Kysely<DB>, eventIds: ReadonlyArray<string>): Promise<ReadonlyMap<string, ReadonlyArray<Trigger>>> => {
  const byEvent = new Map<string, Trigger[]>(eventIds.map((id) => [id, []]))
  if (eventIds.length === 0) return byEvent
  const rows = await db.selectFrom("fired_triggers").select(["event_id", "kind", "at"]).where("event_id", "in", eventIds).execute()
  for (const row of rows) byEvent.get(row.event_id)?.push({ kind: row.kind as TriggerKind, at: row.at })
  return byEvent
}

/** False when it was already recorded: the caller lost a race and must not fire it again. */
export const recordFiredTrigger = async (db: Kysely<DB>, eventId: string, trigger: Trigger, firedAt: number): Promise<boolean> => {
  const result = await db
    .insertInto("fired_triggers")
    .values({ event_id: eventId, kind: trigger.kind, at: trigger.at, fired_at: firedAt })
    .onConflict((conflict) => conflict.doNothing())
    .executeTakeFirst()
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n
}

export const readReminderDms = async (db: Kysely<DB>, guildId: string, userId: string): Promise<boolean> =>
  ((await db.selectFrom("member_preferences").select("reminder_dms").where("guild_id", "=", guildId).where("user_id", "=", userId).executeTakeFirst())?.reminder_dms ?? 1) === 1

/** Of these members, the ones who turned reminder DMs off (one query for a whole grid). */
export const readRemindersOff = async (db: Kysely<DB>, guildId: string, userIds: ReadonlyArray<string>): Promise<ReadonlySet<string>> =>
  userIds.length === 0
    ? new Set()
    : new Set(
        (await db.selectFrom("member_preferences").select("user_id").where("guild_id", "=", guildId).where("user_id", "in", userIds).where("reminder_dms", "=", 0).execute()).map(
          (row) => row.user_id,
        ),
      )

export const saveReminderDms = async (db: Kysely<DB>, guildId: string, userId: string, enabled: boolean): Promise<void> => {
  await db
    .insertInto("member_preferences")
    .values({ guild_id: guildId, user_id: userId, reminder_dms: enabled ? 1 : 0 })
    .onConflict((conflict) => conflict.columns(["guild_id", "user_id"]).doUpdateSet({ reminder_dms: enabled ? 1 : 0 }))
    .execute()
}

export const setGridMessage = async (db: Kysely<DB>, guildId: string, eventId: string, channelId: string | null, messageId: string | null): Promise<void> => {
  await db.updateTable("events").set({ grid_channel_id: channelId, grid_message_id: messageId }).where("guild_id", "=", guildId).where("id", "=", eventId).execute()
}
