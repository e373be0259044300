import type { Generated } from "kysely"

/** Row types for the iracing tables (migration files under ../migrations). Snowflakes are strings, instants epoch ms. */

/**
 * The bot's one iRacing token pair, kept so a restart does not spend a full login (iRacing
 * allows about 12 an hour). `payload` is AES-256-GCM ciphertext; the key is derived from the
 * client secret, so the file alone does not give the tokens away.
 */
export interface IracingTokensTable {
  /** Always 1: one token owner per bot. */
  id: number
  payload: string
  updated_at: number
}

/** A Discord member's iRacing identity in one server (migration 0005). */
export interface MemberLinksTable {
  guild_id: string
  member_id: string
  cust_id: number
  /** The display name iRacing reported when linking, refreshed by each sync. */
  iracing_name: string
  linked_by: string
  linked_at: number
}

export interface SyncRunsTable {
  id: Generated<number>
  guild_id: string
  trigger: "manual" | "auto"
  started_at: number
  finished_at: number
  outcome: "ok" | "failed"
  /** Counts of each kind of finding. */
  summary_json: string
  /** The whole report of a successful run, so its pages and CSV can be served later. */
  report_json: string | null
  error: string | null
}

export interface IracingTables {
  iracing_tokens: IracingTokensTable
  member_links: MemberLinksTable
  sync_runs: SyncRunsTable
}
