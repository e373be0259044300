import type { EventStatus } from "../../../domain/events/event.js"
import type { Generated } from "kysely"

/** Row types for the race-event tables (migration 0004). Snowflakes are strings, instants epoch ms. */

export interface TracksTable {
  guild_id: string
  id: string
  name: string
  layout: string
  /** Lower-cased "name|layout": the same circuit may have several layouts. */
  name_key: string
  pit_slots: number
  broadcast_slots: number
  details: string
  image_url: string | null
  created_at: number
}

export interface ChampionshipsTable {
  guild_id: string
  id: string
  name: string
  name_key: string
  description: string
  archived: number
  created_at: number
}

export interface EventDraftsTable {
  id: string
  guild_id: string
  owner_id: string
  /** The wizard machine's persisted {machine, version, value, context}. */
  state_json: string
  /** Copied out of the state so a stale panel is refused without decoding it. */
  revision: number
  title: string | null
  editing_event_id: string | null
  updated_at: number
  expires_at: number
}

export interface EventsTable {
  id: string
  guild_id: string
  status: EventStatus
  title: string
  /** The complete EventDetails as published (decoded with its Schema on read). */
  details_json: string
  starts_at: number
  ends_at: number
  track_id: string
  championship_id: string | null
  created_by: string
  created_at: number
  updated_at: number
  card_channel_id: string | null
  card_message_id: string | null
  scheduled_event_id: string | null
  /** RaceNightSettings as JSON (migration 0006); "{}" means the defaults. */
  race_settings_json: Generated<string>
  /** The live grid message in the roster channel (migration 0006). */
  grid_channel_id: string | null
  grid_message_id: string | null
  /** 'pending' until the card and the Discord scheduled event are delivered (migration 0008). */
  publication: Generated<"pending" | "complete">
}

export interface AdminPreferencesTable {
  guild_id: string
  user_id: string
  timezone: string | null
}

export interface EventsTables {
  tracks: TracksTable
  championships: ChampionshipsTable
  event_drafts: EventDraftsTable
  events: EventsTable
  admin_preferences: AdminPreferencesTable
}
