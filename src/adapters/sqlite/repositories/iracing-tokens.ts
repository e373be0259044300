import type { Kysely } from "kysely"
import type { DB } from "../schema.js"

/** Opaque to this module: encryption belongs to the iRacing adapter, which alone holds the key. */
export interface StoredIracingTokens {
  readonly payload: string
  readonly updatedAt: number
}

export const readIracingTokens = async (db: Kysely<DB>): Promise<StoredIracingTokens | undefined> => {
  const row = await db.selectFrom("iracing_tokens").select(["payload", "updated_at"]).where("id", "=", 1).executeTakeFirst()
  return row === undefined ? undefined : { payload: row.payload, updatedAt: Number(row.updated_at) }
}

export const writeIracingTokens = async (db: Kysely<DB>, tokens: StoredIracingTokens): Promise<void> => {
  await db
    .insertInto("iracing_tokens")
    .values({ id: 1, payload: tokens.payload, updated_at: tokens.updatedAt })
    .onConflict((oc) => oc.column("id").doUpdateSet({ payload: tokens.payload, updated_at: tokens.updatedAt }))
    .execute()
}
