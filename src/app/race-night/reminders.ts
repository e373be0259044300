/** Check-in reminders: who is reminded, and how members opt out of the DMs. */
import { readQuery } from "../transaction.js"
import * as Effect from "effect/Effect"
import type { Kysely } from "kysely"
import { Database } from "../../adapters/sqlite/database.js"
import { readReminderDms, readRemindersOff, saveReminderDms } from "../../adapters/sqlite/repositories/participants.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import type { CheckInWindow } from "../../domain/race-night/check-in.js"
import { type EntryList, gridOf } from "../../machines/race-night/entry-list.js"
import type { StoredEvent } from "../../domain/events/event.js"
import type { ReminderKind } from "../../domain/follow-up-kinds.js"


export interface Reminder {
  readonly kind: ReminderKind
  readonly event: StoredEvent
  readonly window: CheckInWindow
  /** Grid drivers who have not checked in, in grid order: mentioned in the roster channel. */
  readonly memberIds: ReadonlyArray<string>
  /** Those of them who did not turn reminder DMs off. */
  readonly dmMemberIds: ReadonlyArray<string>
}

/** Read in the trigger's transaction, so the reminder names exactly the grid the trigger saw. */
export const planReminder = async (db: Kysely<DB>, event: StoredEvent, list: EntryList, kind: ReminderKind): Promise<Reminder> => {
  const memberIds = gridOf(list)
    .filter((entry) => !entry.checkedIn)
    .map((entry) => entry.memberId)
  const optedOut = await readRemindersOff(db, event.guildId, memberIds)
  const dmMemberIds = memberIds.filter((memberId) => !optedOut.has(memberId))
  return { kind, event, window: list.window, memberIds, dmMemberIds }
}

/** `/reminders on|off`: per server, since each league is its own community. */
export const setReminderDms = Effect.fnUntraced(function* (guildId: string, userId: string, enabled: boolean) {
  // Read and write together, so two quick clicks can't report a stale "before".
  const before = yield* Effect.flatMap(Database, (database) =>
    database.transaction("reminders.save", async (trx) => {
      const previous = await readReminderDms(trx, guildId, userId)
      await saveReminderDms(trx, guildId, userId, enabled)
      return previous
    }),
  ).pipe(Effect.orDie)
  return { before, after: enabled }
})

export const reminderDmsOf = (guildId: string, userId: string) => readQuery("reminders.read", (db) => readReminderDms(db, guildId, userId))
