import * as Effect from "effect/Effect"
import { fillAfterEdit } from "../../../app/race-night/admin.js"
import type { StoredEvent } from "../../../domain/events/event.js"

/**
 * After `/event manage` saved an edit: a raised capacity moves the waitlist up at once. Logged,
 * never shown: the edit itself is saved whatever happens here.
 */
export const promoteAfterEdit = (event: StoredEvent, actorId: string) =>
  fillAfterEdit(event.guildId, event.id, actorId).pipe(
    Effect.asVoid,
    Effect.catchAll((error) => Effect.logWarning("could not fill the grid after an edit", { eventId: event.id, error: String(error) })),
  )
