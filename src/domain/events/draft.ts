/**
 * The event being built by the `/event create` wizard.
 *
 * Each wizard step stores exactly one answer, under the step's own name, so "which steps
 * are done" is simply "which keys are present". A finished draft (every answer present)
 * is an `EventDetails`: the same shape with nothing optional, which is what gets published
 * and what `/event manage` edits.
 *
 * The shapes here only describe structure (they decode stored drafts, which are untrusted).
 * The rules with user-facing reasons live in validation.ts, time.ts and steps.ts.
 */
import * as Schema from "effect/Schema"

/** The wizard's steps, in the order the panel walks through them. */
export const WIZARD_STEPS = [
  "details",
  "timezone",
  "schedule",
  "vehicles",
  "track",
  "capacity",
  "teams",
  "rolesAndChannels",
  "rules",
  "championship",
] as const
export type WizardStep = (typeof WIZARD_STEPS)[number]

export const isWizardStep = (value: unknown): value is WizardStep =>
  typeof value === "string" && (WIZARD_STEPS as ReadonlyArray<string>).includes(value)

export const STEP_LABELS: Record<WizardStep, string> = {
  details: "Title and description",
  timezone: "Time zone",
  schedule: "Date, start time and duration",
  vehicles: "Vehicles",
  track: "Track",
  capacity: "Capacity and broadcast slots",
  teams: "Teams",
  rolesAndChannels: "Roles and channels",
  rules: "Rules",
  championship: "Championship",
}

export const Details = Schema.Struct({ title: Schema.String, description: Schema.String })
export type Details = typeof Details.Type

/**
 * `local` is what the admin typed, tidied ("2026-12-05 20:00"), and `timezone` the zone it
 * was read in. Both are kept so a later change of time zone can re-read the same wall-clock
 * time, and so the review can tell when the two no longer match.
 */
export const Schedule = Schema.Struct({
  local: Schema.String,
  timezone: Schema.String,
  startsAt: Schema.Number,
  durationMinutes: Schema.Int,
  note: Schema.optionalWith(Schema.String, { exact: true }),
})
export type Schedule = typeof Schedule.Type

/** A copy of the guild's track as it was when chosen; `broadcastSlots` is the track's default. */
export const Track = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  pitSlots: Schema.Int,
  broadcastSlots: Schema.Int,
})
export type Track = typeof Track.Type

export const Capacity = Schema.Struct({ maxDrivers: Schema.Int, broadcastSlots: Schema.Int })
export type Capacity = typeof Capacity.Type

/** `"off"` for a solo event; otherwise how many drivers share each team. */
export const Teams = Schema.Union(Schema.Literal("off"), Schema.Struct({ driversPerTeam: Schema.Int }))
export type Teams = typeof Teams.Type

/** Without a roster channel the roster goes to the publish channel; the steward role is optional. */
export const RolesAndChannels = Schema.Struct({
  driverRoleId: Schema.String,
  stewardRoleId: Schema.NullOr(Schema.String),
  publishChannelId: Schema.String,
  rosterChannelId: Schema.NullOr(Schema.String),
})
export type RolesAndChannels = typeof RolesAndChannels.Type

export const Rules = Schema.Struct({
  specialRules: Schema.String,
  regulationUrl: Schema.NullOr(Schema.String),
  liveriesUrl: Schema.NullOr(Schema.String),
  checkInClosesMinutes: Schema.Int,
  briefing: Schema.Boolean,
})
export type Rules = typeof Rules.Type

/** `null` means the admin chose "no championship" (which still counts as answering the step). */
export const Championship = Schema.NullOr(Schema.Struct({ id: Schema.String, name: Schema.String }))
export type Championship = typeof Championship.Type

/** A complete event: what is published, stored, and edited again through `/event manage`. */
export const EventDetails = Schema.Struct({
  details: Details,
  timezone: Schema.String,
  schedule: Schedule,
  vehicles: Schema.Array(Schema.String),
  track: Track,
  capacity: Capacity,
  teams: Teams,
  rolesAndChannels: RolesAndChannels,
  rules: Rules,
  championship: Championship,
})
export type EventDetails = typeof EventDetails.Type

/** The same answers, each missing until its step has been submitted. */
export const EventDraft = Schema.partialWith(EventDetails, { exact: true })
export type EventDraft = typeof EventDraft.Type

export const answeredSteps = (draft: EventDraft): ReadonlyArray<WizardStep> =>
  WIZARD_STEPS.filter((step) => draft[step] !== undefined)

export const firstUnansweredStep = (draft: EventDraft): WizardStep | undefined =>
  WIZARD_STEPS.find((step) => draft[step] === undefined)

export const endsAt = (schedule: Schedule): number => schedule.startsAt + schedule.durationMinutes * 60_000

/** Drafts nobody has touched for this long are dropped (configurable by the shell). */
export const DEFAULT_DRAFT_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000

/** A draft's lifetime restarts with every accepted step, so only abandoned drafts expire. */
export const draftExpiresAt = (now: number, lifetimeMs: number): number => now + lifetimeMs

export const isDraftExpired = (expiresAt: number, now: number): boolean => now >= expiresAt
