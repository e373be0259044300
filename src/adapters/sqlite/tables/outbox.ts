import type { Generated } from "kysely"

/** The outbox (migration 0008): follow-ups waiting for, or done with, delivery to Discord. */
export interface OutboxTable {
  id: Generated<number>
  guild_id: string
  /** Rows of one target are delivered one at a time, in id order. */
  target: string
  /** The follow-up's `_tag`, copied out for the status view. */
  kind: string
  payload_json: string
  coalesce_key: string | null
  state: Generated<"pending" | "delivering" | "sent" | "given-up">
  attempts: Generated<number>
  due_at: number
  created_at: number
  finished_at: number | null
  last_error: string | null
  result: string | null
  /** While `delivering`: the taker owns the row until then (migration 0012); null = expired. */
  lease_until: number | null
  /** PostgreSQL: the taker's liveness lock number (adapters/postgres/liveness.ts); null on SQLite. */
  leased_by: number | null
}

export interface OutboxTables {
  outbox: OutboxTable
}
