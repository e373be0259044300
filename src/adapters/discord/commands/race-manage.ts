import type { Client } from "discord.js"
import { Effect } from "effect"
import type { StoredEvent } from "../../../app/events/events.js"
import { entrantsAtCancellation, fillAfterEdit } from "../../../app/race-night/admin.js"
import { RaceNightNotifier } from "../../../app/race-night/ports.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import { SYSTEM_ACTOR } from "../../../machines/entry-list/entry-list.js"
import { tellMember } from "../race-night-notifier.js"

/**
 * After a cancellation is committed: grid members lose the driver role (they no longer race) and
 * everyone registered is told, by DM or a mention in the roster channel. Returns the panel's line.
 */
export const tellEntrantsCancelled = (client: Client, event: StoredEvent) =>
  Effect.gen(function* () {
    const { grid, waitlist } = yield* entrantsAtCancellation(event.guildId, event.id)
    const everyone = [...grid, ...waitlist]
    if (everyone.length === 0) return "Nobody had registered yet."
    const notifier = yield* RaceNightNotifier
    yield* notifier.apply(event, SYSTEM_ACTOR, grid.map((memberId) => ({ _tag: "TakeDriverRole" as const, memberId })))
    const text = `❌ **${event.details.details.title}** (${discordTimestamp(event.details.schedule.startsAt, "F")}) has been cancelled, so your registration no longer stands.`
    const told = yield* Effect.forEach(everyone, (memberId) => tellMember(client, event, memberId, text), { concurrency: 4 })
    const missed = told.filter((ok) => !ok).length
    return missed === 0
      ? `✅ The ${everyone.length} registered member${everyone.length === 1 ? " was" : "s were"} told.`
      : `⚠️ ${missed} of ${everyone.length} registered members couldn't be told (DMs closed and no access to the roster channel); tell them yourself.`
  }).pipe(Effect.catchTag("Refusal", (refusal) => Effect.succeed(`⚠️ Registered members weren't told: ${refusal.message}`)))

/**
 * After `/event manage` saved an edit: a raised capacity moves the waitlist up at once. Logged,
 * never shown: the edit itself is saved whatever happens here.
 */
export const promoteAfterEdit = (event: StoredEvent, actorId: string) =>
  fillAfterEdit(event.guildId, event.id, actorId).pipe(
    Effect.asVoid,
    Effect.catchAll((error) => Effect.logWarning("could not fill the grid after an edit", { eventId: event.id, error: String(error) })),
  )
