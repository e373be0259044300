import type { Kysely } from "kysely"
import type { DB } from "../schema.js"
import type { ChampionshipsTable } from "../tables/events.js"

export interface StoredChampionship {
  readonly id: string
  readonly name: string
  readonly description: string
  readonly archived: boolean
}

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
