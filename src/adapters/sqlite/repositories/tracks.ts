import type { StoredTrack } from "../../../domain/events/track-rules.js"
import type { Kysely } from "kysely"
import type { DB } from "../schema.js"
import type { TracksTable } from "../tables/events.js"

const toTrack = (row: TracksTable): StoredTrack => ({
  id: row.id,
  name: row.name,
  layout: row.layout,
  pitSlots: row.pit_slots,
  broadcastSlots: row.broadcast_slots,
  details: row.details,
  imageUrl: row.image_url,
})

export const readTracks = async (db: Kysely<DB>, guildId: string): Promise<ReadonlyArray<StoredTrack>> =>
  (await db.selectFrom("tracks").selectAll().where("guild_id", "=", guildId).orderBy("name_key").execute()).map(toTrack)

export const readTrack = async (db: Kysely<DB>, guildId: string, id: string): Promise<StoredTrack | undefined> => {
  const row = await db.selectFrom("tracks").selectAll().where("guild_id", "=", guildId).where("id", "=", id).executeTakeFirst()
  return row === undefined ? undefined : toTrack(row)
}

/** The track's values as written; `nameKey` is the domain's "name|layout" key. */
export interface TrackValues {
  readonly name: string
  readonly layout: string
  readonly nameKey: string
  readonly pitSlots: number
  readonly broadcastSlots: number
  readonly details: string
  readonly imageUrl: string | null
}

const toRow = (values: TrackValues) => ({
  name: values.name,
  layout: values.layout,
  name_key: values.nameKey,
  pit_slots: values.pitSlots,
  broadcast_slots: values.broadcastSlots,
  details: values.details,
  image_url: values.imageUrl,
})

export const insertTrack = async (db: Kysely<DB>, guildId: string, id: string, values: TrackValues, now: number): Promise<StoredTrack> => {
  await db.insertInto("tracks").values({ guild_id: guildId, id, ...toRow(values), created_at: now }).execute()
  return { id, name: values.name, layout: values.layout, pitSlots: values.pitSlots, broadcastSlots: values.broadcastSlots, details: values.details, imageUrl: values.imageUrl }
}

export const updateTrack = async (db: Kysely<DB>, guildId: string, id: string, values: TrackValues): Promise<void> => {
  await db.updateTable("tracks").set(toRow(values)).where("guild_id", "=", guildId).where("id", "=", id).execute()
}

export const deleteTrack = async (db: Kysely<DB>, guildId: string, id: string): Promise<void> => {
  await db.deleteFrom("tracks").where("guild_id", "=", guildId).where("id", "=", id).execute()
}

export const readTrackByKey = async (db: Kysely<DB>, guildId: string, nameKey: string): Promise<StoredTrack | undefined> => {
  const row = await db.selectFrom("tracks").selectAll().where("guild_id", "=", guildId).where("name_key", "=", nameKey).executeTakeFirst()
  return row === undefined ? undefined : toTrack(row)
}

export const readTrackPage = async (db: Kysely<DB>, guildId: string, offset: number, limit: number): Promise<{ tracks: ReadonlyArray<StoredTrack>; total: number }> => {
  const [rows, count] = await Promise.all([
    db.selectFrom("tracks").selectAll().where("guild_id", "=", guildId).orderBy("name_key").orderBy("id").limit(limit).offset(offset).execute(),
    db.selectFrom("tracks").select((eb) => eb.fn.countAll<number>().as("total")).where("guild_id", "=", guildId).executeTakeFirstOrThrow(),
  ])
  return { tracks: rows.map(toTrack), total: Number(count.total) }
}

export interface EventUsingTrack {
  readonly id: string
  readonly title: string
  readonly status: "published" | "cancelled"
  readonly startsAt: number
  readonly endsAt: number
}

/** Every event that names the track, soonest first; the caller decides which of them matter. */
export const readEventsOnTrack = async (db: Kysely<DB>, guildId: string, trackId: string): Promise<ReadonlyArray<EventUsingTrack>> =>
  (
    await db
      .selectFrom("events")
      .select(["id", "title", "status", "starts_at", "ends_at"])
      .where("guild_id", "=", guildId)
      .where("track_id", "=", trackId)
      .orderBy("starts_at")
      .execute()
  ).map((row) => ({ id: row.id, title: row.title, status: row.status, startsAt: row.starts_at, endsAt: row.ends_at }))
