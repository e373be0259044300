import type { EventDetails } from "./draft.js"
import type { RaceNightSettings } from "../race-night/race-settings.js"

export type EventStatus = "published" | "cancelled"

/** A published (or cancelled) race event, with where Discord shows it. */
export interface StoredEvent {
  readonly id: string
  readonly guildId: string
  readonly status: EventStatus
  readonly details: EventDetails
  readonly createdBy: string
  readonly createdAt: number
  readonly updatedAt: number
  readonly cardChannelId: string | null
  readonly cardMessageId: string | null
  readonly scheduledEventId: string | null
  /** Race-night settings (platform, limits, required role); the defaults when none were set. */
  readonly raceSettings: RaceNightSettings
  /** The live grid message in the roster channel, once posted. */
  readonly gridChannelId: string | null
  readonly gridMessageId: string | null
  /** 'pending' while its card and Discord scheduled event are still being delivered. */
  readonly publication: "pending" | "complete"
}
