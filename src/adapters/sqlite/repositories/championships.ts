import type { StoredChampionship } from "../../../domain/events/championship-rules.js"
import type { Kysely } from "kysely"
import type { DB } from "../schema.js"
import type { ChampionshipsTable } from "../tables/events.js"

const toChampionship = (row: ChampionshipsTable): StoredChampionship => ({ id: row.id, name: row.name, description: row.description, archived: row.archived === 1 })

export const readChampionships = async (db: Kysely<DB>, guildId: string, includeArchived = false): Promise<ReadonlyArray<StoredChampionship>> => {
  let query = db.selectFrom("championships").selectAll().where("guild_id", "=", guildId)
  if (!includeArchived) query = query.where("archived", "=", 0)
  return (await query.orderBy("archived").orderBy("name_key").execute()).map(toChampionship)
}

export const readChampionship = async (db: Kysely<DB>, guildId: string, id: string): Promise<StoredChampionship | undefined> => {
  const row = await db.selectFrom("championships").selectAll().where("guild_id", "=", guildId).where("id", "=", id).executeTakeFirst()
  return row === undefined ? undefined : toChampionship(row)
}

export interface ChampionshipValues {
  readonly name: string
  readonly nameKey: string
  readonly description: string
}

export const insertChampionship = async (db: Kysely<DB>, guildId: string, id: string, values: ChampionshipValues, now: number): Promise<StoredChampionship> => {
  await db
    .insertInto("championships")
    .values({ guild_id: guildId, id, name: values.name, name_key: values.nameKey, description: values.description, archived: 0, created_at: now })
    .execute()
  return { id, name: values.name, description: values.description, archived: false }
}

export const updateChampionship = async (db: Kysely<DB>, guildId: string, id: string, values: ChampionshipValues): Promise<void> => {
  await db
    .updateTable("championships")
    .set({ name: values.name, name_key: values.nameKey, description: values.description })
    .where("guild_id", "=", guildId)
    .where("id", "=", id)
    .execute()
}

export const setChampionshipArchived = async (db: Kysely<DB>, guildId: string, id: string, archived: boolean): Promise<void> => {
  await db.updateTable("championships").set({ archived: archived ? 1 : 0 }).where("guild_id", "=", guildId).where("id", "=", id).execute()
}

export const readChampionshipByKey = async (db: Kysely<DB>, guildId: string, nameKey: string): Promise<StoredChampionship | undefined> => {
  const row = await db.selectFrom("championships").selectAll().where("guild_id", "=", guildId).where("name_key", "=", nameKey).executeTakeFirst()
  return row === undefined ? undefined : toChampionship(row)
}

export interface ChampionshipEvent {
  readonly id: string
  readonly title: string
  readonly status: "published" | "cancelled"
  readonly startsAt: number
  readonly endsAt: number
  readonly trackId: string
  readonly championshipId: string
}

/** The events of some or all of a guild's championships, in start order: each one is a round. */
export const readChampionshipEvents = async (db: Kysely<DB>, guildId: string, championshipId?: string): Promise<ReadonlyArray<ChampionshipEvent>> => {
  let query = db
    .selectFrom("events")
    .select(["id", "title", "status", "starts_at", "ends_at", "track_id", "championship_id"])
    .where("guild_id", "=", guildId)
    .where("championship_id", "is not", null)
  if (championshipId !== undefined) query = query.where("championship_id", "=", championshipId)
  return (await query.orderBy("starts_at").orderBy("id").execute()).map((row) => ({
    id: row.id,
    title: row.title,
    status: row.status,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    trackId: row.track_id,
    championshipId: row.championship_id ?? "",
  }))
}
