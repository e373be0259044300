/**
 * The race-night options of a published event: how drivers identify themselves, who may
 * register, and the limits on attempts and check-outs.
 *
 * They sit beside `EventDetails` (what the creation wizard asks) rather than inside it, so
 * the wizard and its stored drafts are untouched. Every field has a default, so an event
 * stored before an option existed reads as the default instead of failing to decode.
 */
import * as Schema from "effect/Schema"
import type { EventDetails } from "../events/draft.js"

/** iRacing events identify drivers by customer id; every other sim by SteamID64. */
export const Platform = Schema.Literal("iracing", "steam")
export type Platform = typeof Platform.Type

export const DEFAULT_CHECK_IN_OPENS_BEFORE_MINUTES = 24 * 60
export const DEFAULT_CHECKOUT_LIMIT = 3
export const DEFAULT_FAILED_ATTEMPT_LIMIT = 5

export const RaceNightSettings = Schema.Struct({
  platform: Schema.optionalWith(Platform, { default: () => "iracing" as const }),
  /**
   * A role a member must already have to register (e.g. "Licensed driver"). Not the
   * event's driver role: that one is given on joining the grid and taken on leaving it.
   */
  requiredRoleId: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  /** When true, members without a claimed car number cannot register. */
  carNumberRequired: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  checkInOpensBeforeMinutes: Schema.optionalWith(Schema.Int.pipe(Schema.nonNegative()), {
    default: () => DEFAULT_CHECK_IN_OPENS_BEFORE_MINUTES,
  }),
  /** How many times each member may check out of this event. */
  checkoutLimit: Schema.optionalWith(Schema.Int.pipe(Schema.nonNegative()), { default: () => DEFAULT_CHECKOUT_LIMIT }),
  /** Refused registrations (bad form) a member may have before only an admin can add them. */
  failedAttemptLimit: Schema.optionalWith(Schema.Int.pipe(Schema.positive()), { default: () => DEFAULT_FAILED_ATTEMPT_LIMIT }),
})
export type RaceNightSettings = typeof RaceNightSettings.Type

export const DEFAULT_RACE_NIGHT_SETTINGS: RaceNightSettings = Schema.decodeUnknownSync(RaceNightSettings)({})

/** A published (or cancelled) event as race night sees it. */
export interface RaceEvent {
  readonly id: string
  readonly status: "published" | "cancelled"
  readonly details: EventDetails
  readonly settings: RaceNightSettings
}

export const MINUTE_MS = 60_000
