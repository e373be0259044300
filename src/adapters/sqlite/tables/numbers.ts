import type { TradeOfferStatus } from "../../../domain/numbers/trades.js"
/** Row types for the car-number tables (migration 0002). Snowflakes are strings, instants epoch ms. */
export interface NumberClassesTable {
  guild_id: string
  id: string
  name: string
  /** Lower-cased trimmed name: class names are unique per guild regardless of case. */
  name_key: string
  min: number
  max: number
  limit_per_member: number
  reserved_json: string
  position: number
}

export type StoredClaimStatus = "claimed" | "confirmed" | "released" | "revoked"

export interface ClaimsTable {
  id: string
  guild_id: string
  class_id: string
  /** Exactly as claimed: "7", "07" and "007" are different numbers. */
  number: string
  holder_id: string
  status: StoredClaimStatus
  claimed_at: number
  confirmed_at: number | null
  ended_at: number | null
  /** The claim machine's persisted {version, value, context}, history included. */
  machine_json: string
}



export interface TradeOffersTable {
  id: string
  guild_id: string
  class_id: string
  proposer_id: string
  target_id: string
  proposer_number: string
  target_number: string
  created_at: number
  expires_at: number
  status: TradeOfferStatus
  resolved_at: number | null
}

export interface NumbersTables {
  number_classes: NumberClassesTable
  claims: ClaimsTable
  trade_offers: TradeOffersTable
}
