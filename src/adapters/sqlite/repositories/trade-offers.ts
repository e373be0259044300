import type { Kysely } from "kysely"
import { unsafeCarNumber } from "../../../domain/numbers/car-number.js"
import type { StoredTradeOffer, TradeOffer, TradeOfferStatus } from "../../../domain/numbers/trades.js"
import type { DB } from "../schema.js"

export const insertTradeOffer = async (db: Kysely<DB>, id: string, offer: TradeOffer): Promise<void> => {
  await db
    .insertInto("trade_offers")
    .values({
      id,
      guild_id: offer.guildId,
      class_id: offer.classId,
      proposer_id: offer.proposerId,
      target_id: offer.targetId,
      proposer_number: offer.proposerNumber,
      target_number: offer.targetNumber,
      created_at: offer.createdAt,
      expires_at: offer.expiresAt,
      status: "open",
      resolved_at: null,
    })
    .execute()
}

export const readTradeOffer = async (db: Kysely<DB>, guildId: string, id: string): Promise<StoredTradeOffer | undefined> => {
  const row = await db.selectFrom("trade_offers").selectAll().where("guild_id", "=", guildId).where("id", "=", id).executeTakeFirst()
  if (row === undefined) return undefined
  return {
    id: row.id,
    status: row.status,
    offer: {
      guildId: row.guild_id,
      classId: row.class_id,
      proposerId: row.proposer_id,
      targetId: row.target_id,
      proposerNumber: unsafeCarNumber(row.proposer_number),
      targetNumber: unsafeCarNumber(row.target_number),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    },
  }
}

/** Closes an open offer; false when it was no longer open (answered twice, or from two panels). */
export const resolveTradeOffer = async (db: Kysely<DB>, guildId: string, id: string, status: Exclude<TradeOfferStatus, "open">, at: number): Promise<boolean> => {
  const result = await db
    .updateTable("trade_offers")
    .set({ status, resolved_at: at })
    .where("guild_id", "=", guildId)
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst()
  return result.numUpdatedRows === 1n
}
