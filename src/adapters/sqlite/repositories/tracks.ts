import type { Kysely } from "kysely"
import type { DB } from "../schema.js"
import type { TracksTable } from "../tables/events.js"

export interface StoredTrack {
  readonly id: string
  readonly name: string
  readonly layout: string
  readonly pitSlots: number
  readonly broadcastSlots: number
  readonly details: string
  readonly imageUrl: string | null
}

const toTrack = (row: TracksTable): StoredTrack => ({
  id: row.id,
  name: row.name,
  layout: row.layout,
  pitSlots: row.pit_slots,
  broadcastSlots: row.broadcast_slots,
  details: row.details,
  imageUrl: row.image_url,
})

/** "Spa-Francorchamps — Endurance", or the name alone when there is no layout. */
export const trackLabel = (track: Pick<StoredTrack, "name" | "layout">): string => (track.layout === "" ? track.name : `${track.name} — ${track.layout}`)

export const readTracks = async (db: Kysely<DB>, guildId: string): Promise<ReadonlyArray<StoredTrack>> =>
  (await db.selectFrom("tracks").selectAll().where("guild_id", "=", guildId).orderBy("name_key").execute()).map(toTrack)

export const readTrack = async (db: Kysely<DB>, guildId: string, id: string): Promise<StoredTrack | undefined> => {
  const row = await db.selectFrom("tracks").selectAll().where("guild_id", "=", guildId).where("id", "=", id).executeTakeFirst()
  return row === undefined ? undefined : toTrack(row)
}
