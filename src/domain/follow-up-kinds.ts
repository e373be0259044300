/**
 * Follow-ups as data: what a stored change makes happen on Discord ("#07 was claimed by …", a DM,
 * a role, a card to refresh), the order rows for one target keep, and which rows a newer one
 * makes redundant. Pure: the outbox repository stores these, the use cases write them
 * (`src/app/follow-ups.ts`), and the Discord adapter's worker delivers them.
 */
import * as Schema from "effect/Schema"

const Snowflake = Schema.String

export const Announcement = Schema.Union(
  Schema.TaggedStruct("NumberClaimed", { holderId: Snowflake, number: Schema.String, classLabel: Schema.String }),
  Schema.TaggedStruct("NumberAssigned", { holderId: Snowflake, number: Schema.String, classLabel: Schema.String, actorId: Snowflake }),
  Schema.TaggedStruct("NumberReleased", { holderId: Snowflake, number: Schema.String, classLabel: Schema.NullOr(Schema.String) }),
  Schema.TaggedStruct("NumberRevoked", { holderId: Snowflake, number: Schema.String, reason: Schema.String }),
  Schema.TaggedStruct("NumbersSwapped", { proposerId: Snowflake, targetId: Snowflake, proposerNumber: Schema.String, targetNumber: Schema.String }),
)
export type Announcement = typeof Announcement.Type

/** What race night tells a member about their place (the acting member reads theirs as the reply). */
export const MemberNotice = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("on-grid") }),
  Schema.Struct({ kind: Schema.Literal("waitlisted"), position: Schema.Number }),
  Schema.Struct({ kind: Schema.Literal("promoted") }),
  Schema.Struct({ kind: Schema.Literal("moved-to-waitlist"), position: Schema.Number }),
  Schema.Struct({ kind: Schema.Literal("withdrawn") }),
  Schema.Struct({ kind: Schema.Literal("removed"), reason: Schema.NullOr(Schema.String) }),
  Schema.Struct({ kind: Schema.Literal("no-show") }),
  Schema.Struct({ kind: Schema.Literal("checked-in") }),
  Schema.Struct({ kind: Schema.Literal("checked-out"), checkoutsLeft: Schema.Number }),
  Schema.Struct({ kind: Schema.Literal("event-cancelled") }),
)
export type MemberNotice = typeof MemberNotice.Type

export const ReminderKind = Schema.Literal("checkin-open", "reminder-before-close")
export type ReminderKind = typeof ReminderKind.Type

export const FollowUp = Schema.Union(
  /** A line in the server's announcement channel (when /setup set one). */
  Schema.TaggedStruct("Announce", { guildId: Snowflake, announcement: Announcement }),
  /** The summary of a sync that changed something, in the announcement channel. */
  Schema.TaggedStruct("SyncSummary", {
    guildId: Snowflake,
    /** The run in sync_runs, whose stored report the summary shows. */
    runId: Schema.Number,
    leagueId: Schema.Number,
    leagueName: Schema.String,
    rosterSize: Schema.Number,
  }),
  /** The event's driver role follows the grid. Safe to repeat. */
  Schema.TaggedStruct("DriverRole", { guildId: Snowflake, eventId: Schema.String, memberId: Snowflake, roleId: Snowflake, give: Schema.Boolean }),
  /** A DM to the member, or a mention in the event's roster channel when their DMs are closed. */
  Schema.TaggedStruct("TellMember", { guildId: Snowflake, eventId: Schema.String, memberId: Snowflake, notice: MemberNotice }),
  /** The roster-channel ping of grid drivers who have not checked in. */
  Schema.TaggedStruct("ReminderPing", { guildId: Snowflake, eventId: Schema.String, kind: ReminderKind, memberIds: Schema.Array(Snowflake) }),
  /** The same reminder as a DM, for a driver who did not turn reminder DMs off. */
  Schema.TaggedStruct("ReminderDm", { guildId: Snowflake, eventId: Schema.String, kind: ReminderKind, memberId: Snowflake }),
  /** The event card in the publish channel, posted or edited to show the stored event (CANCELLED included). */
  Schema.TaggedStruct("EventCard", { guildId: Snowflake, eventId: Schema.String }),
  /** The Discord scheduled event, created, edited or cancelled to match the stored event. */
  Schema.TaggedStruct("ScheduledEvent", { guildId: Snowflake, eventId: Schema.String }),
  /** "❌ … has been cancelled" in the publish channel. */
  Schema.TaggedStruct("CancellationNotice", { guildId: Snowflake, eventId: Schema.String }),
  /** The live grid message in the roster channel, edited to show the entry list as stored. */
  Schema.TaggedStruct("LiveGrid", { guildId: Snowflake, eventId: Schema.String }),
  /** The championship's standings as stored when sent, in the announcement channel (after results arrive). */
  Schema.TaggedStruct("StandingsPosted", { guildId: Snowflake, championshipId: Schema.String }),
  /** A DM telling a driver the stewards gave (or withdrew) a penalty. */
  Schema.TaggedStruct("PenaltyNotice", {
    guildId: Snowflake,
    memberId: Snowflake,
    championship: Schema.String,
    round: Schema.NullOr(Schema.String),
    penalty: Schema.String,
    reason: Schema.String,
    withdrawn: Schema.Boolean,
  }),
)
export type FollowUp = typeof FollowUp.Type

/**
 * Rows with the same target are delivered one at a time in the order they were written: a
 * member's role is taken after it was given, a card is posted before it is edited. Different
 * targets go side by side.
 */
export const targetOf = (followUp: FollowUp): string => {
  switch (followUp._tag) {
    case "Announce":
    case "SyncSummary":
    case "StandingsPosted":
      return `announcements:${followUp.guildId}`
    case "DriverRole":
    case "TellMember":
    case "ReminderDm":
    case "PenaltyNotice":
      return `member:${followUp.guildId}:${followUp.memberId}`
    case "ReminderPing":
      return `roster:${followUp.eventId}`
    case "EventCard":
    case "ScheduledEvent":
    case "CancellationNotice":
      return `event:${followUp.eventId}`
    case "LiveGrid":
      return `grid:${followUp.eventId}`
  }
}

/** Follow-ups that show stored state: a second pending one would only repeat the first. */
export const coalesceKeyOf = (followUp: FollowUp): string | null => {
  switch (followUp._tag) {
    case "EventCard":
    case "ScheduledEvent":
    case "LiveGrid":
      return `${followUp._tag}:${followUp.eventId}`
    case "StandingsPosted":
      // Several sessions imported in a row make one post showing all of them.
      return `${followUp._tag}:${followUp.championshipId}`
    default:
      return null
  }
}

/** Where a row stands; `given-up` carries the reason and, where an admin can act, the fix. */
export type DeliveryState = "pending" | "delivering" | "sent" | "given-up"

export interface DeliveryOutcome {
  readonly id: number
  readonly followUp: FollowUp
  readonly state: DeliveryState
  readonly attempts: number
  /** What happened, for the admin: "Card posted in #events", or why it was given up and the fix. */
  readonly result: string | null
}
