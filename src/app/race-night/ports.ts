import { Context, type Effect } from "effect"
import type { StoredEvent } from "../../adapters/sqlite/repositories/events.js"
import type { RaceNightEffect } from "../../machines/entry-list/entry-list.js"

/**
 * What race night asks of Discord after a change is committed: give or take the driver role,
 * tell members what happened to them (DM, or a mention in the roster channel when DMs are
 * closed). The acting member's own notice is their reply, so it is skipped here.
 */
export class RaceNightNotifier extends Context.Tag("pitboard/RaceNightNotifier")<
  RaceNightNotifier,
  { readonly apply: (event: StoredEvent, actorId: string, effects: ReadonlyArray<RaceNightEffect>) => Effect.Effect<void> }
>() {}

/** Keeps each event's grid message in its roster channel up to date (debounced by the adapter). */
export class LiveGrid extends Context.Tag("pitboard/LiveGrid")<
  LiveGrid,
  { readonly refresh: (guildId: string, eventId: string) => Effect.Effect<void> }
>() {}
