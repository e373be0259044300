import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { DEFAULT_RACE_NIGHT_SETTINGS, RaceNightSettings } from "../../../domain/race-night/race-settings.js"
import { sql, type Kysely, type Selectable } from "kysely"
import { endsAt, EventDetails } from "../../../domain/events/draft.js"
import type { DB } from "../schema.js"
import type { EventsTable } from "../tables/events.js"
import type { EventStatus, StoredEvent } from "../../../domain/events/event.js"

const decodeDetails = Schema.decodeUnknownSync(Schema.parseJson(EventDetails))
const raceSettingsJson = Schema.decodeUnknownEither(Schema.parseJson(RaceNightSettings))
// Every field has a default, so "{}" (or an unreadable value) means the defaults.
const decodeRaceSettings = (json: string): RaceNightSettings => Either.getOrElse(raceSettingsJson(json), () => DEFAULT_RACE_NIGHT_SETTINGS)
const encodeDetails = (details: EventDetails): string => JSON.stringify(Schema.encodeSync(EventDetails)(details))

// Stored rows were encoded by this code; one that doesn't decode is a bug worth a loud failure, not a guess.
const toEvent = (row: Selectable<EventsTable>): StoredEvent => ({
  id: row.id,
  guildId: row.guild_id,
  status: row.status,
  details: decodeDetails(row.details_json),
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  cardChannelId: row.card_channel_id,
  cardMessageId: row.card_message_id,
  scheduledEventId: row.scheduled_event_id,
  raceSettings: decodeRaceSettings(row.race_settings_json),
  gridChannelId: row.grid_channel_id,
  gridMessageId: row.grid_message_id,
  publication: row.publication,
})

/** The columns copied out of the details so lists and indexes need not decode them. */
const detailColumns = (details: EventDetails) => ({
  title: details.details.title,
  details_json: encodeDetails(details),
  starts_at: details.schedule.startsAt,
  ends_at: endsAt(details.schedule),
  track_id: details.track.id,
  championship_id: details.championship?.id ?? null,
})

export const insertEvent = async (
  db: Kysely<DB>,
  event: { id: string; guildId: string; details: EventDetails; createdBy: string; at: number; publication?: "pending" | "complete" },
): Promise<void> => {
  await db
    .insertInto("events")
    .values({
      id: event.id,
      guild_id: event.guildId,
      status: "published",
      ...detailColumns(event.details),
      created_by: event.createdBy,
      created_at: event.at,
      updated_at: event.at,
      publication: event.publication ?? "complete",
    })
    .execute()
}

export const updateEventDetails = async (db: Kysely<DB>, guildId: string, id: string, details: EventDetails, at: number): Promise<void> => {
  await db.updateTable("events").set({ ...detailColumns(details), updated_at: at }).where("guild_id", "=", guildId).where("id", "=", id).execute()
}

export const readEvent = async (db: Kysely<DB>, guildId: string, id: string): Promise<StoredEvent | undefined> => {
  const row = await db.selectFrom("events").selectAll().where("guild_id", "=", guildId).where("id", "=", id).executeTakeFirst()
  return row === undefined ? undefined : toEvent(row)
}

/** Published events that have not finished yet, soonest first. */
export const readUpcomingEvents = async (
  db: Kysely<DB>,
  guildId: string,
  now: number,
  page: { readonly limit: number; readonly offset: number },
): Promise<{ events: ReadonlyArray<StoredEvent>; total: number }> => {
  const base = db.selectFrom("events").where("guild_id", "=", guildId).where("status", "=", "published").where("ends_at", ">", now)
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy("starts_at").orderBy("id").limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
  ])
  return { events: rows.map(toEvent), total: Number(count.total) }
}

// LIKE with its wildcards escaped means "contains" on both engines (SQLite's instr() is not PostgreSQL's).
const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (wildcard) => `\\${wildcard}`)}%`

/** Upcoming published events whose title contains `typed` (ignoring ASCII case), soonest first. */
export const searchUpcomingEvents = async (db: Kysely<DB>, guildId: string, now: number, typed: string, limit: number): Promise<ReadonlyArray<StoredEvent>> =>
  (
    await db
      .selectFrom("events")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("status", "=", "published")
      .where("ends_at", ">", now)
      .where(sql<boolean>`lower(title) LIKE ${containing(typed.toLowerCase())} ESCAPE '\\'`)
      .orderBy("starts_at")
      .limit(limit)
      .execute()
  ).map(toEvent)

/** Where the card is, once Discord has it. */
export const setEventCard = async (db: Kysely<DB>, guildId: string, id: string, card: { readonly channelId: string; readonly messageId: string } | null): Promise<void> => {
  await db.updateTable("events").set({ card_channel_id: card?.channelId ?? null, card_message_id: card?.messageId ?? null }).where("guild_id", "=", guildId).where("id", "=", id).execute()
}

export const setScheduledEventId = async (db: Kysely<DB>, guildId: string, id: string, scheduledEventId: string | null): Promise<void> => {
  await db.updateTable("events").set({ scheduled_event_id: scheduledEventId }).where("guild_id", "=", guildId).where("id", "=", id).execute()
}

export const setPublicationState = async (db: Kysely<DB>, guildId: string, id: string, publication: "pending" | "complete"): Promise<void> => {
  await db.updateTable("events").set({ publication }).where("guild_id", "=", guildId).where("id", "=", id).execute()
}


export const setEventStatus = async (db: Kysely<DB>, guildId: string, id: string, status: EventStatus, at: number): Promise<void> => {
  await db.updateTable("events").set({ status, updated_at: at }).where("guild_id", "=", guildId).where("id", "=", id).execute()
}

/**
 * Published events in every server that have not finished yet: the race-night scheduler is the one
 * reader that looks across servers. An event that ended while the bot was down is history.
 */
export const readUnfinishedEvents = async (db: Kysely<DB>, now: number): Promise<ReadonlyArray<StoredEvent>> =>
  (await db.selectFrom("events").selectAll().where("status", "=", "published").where("ends_at", ">", now).orderBy("starts_at").orderBy("id").execute()).map(toEvent)
