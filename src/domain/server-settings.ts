import * as Schema from "effect/Schema"

/**
 * Per-server settings kept as one JSON document. Every field is optional so a new setting never
 * needs a migration, and decoding ignores fields a newer version wrote.
 */
export const GuildSettings = Schema.Struct({
  /** Where claims, releases, trades, revocations and sync reports are announced. */
  announcementChannelId: Schema.optional(Schema.String),
  /** The iRacing league whose roster numbers are kept in step with. */
  iracingLeagueId: Schema.optional(Schema.Int.pipe(Schema.positive())),
  /** Automatic roster sync; 0 turns it off. */
  syncIntervalMinutes: Schema.optional(Schema.Int.pipe(Schema.between(0, 7 * 24 * 60))),
})
export type GuildSettings = typeof GuildSettings.Type

export const DEFAULT_SYNC_INTERVAL_MINUTES = 60
