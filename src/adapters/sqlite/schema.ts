/**
 * Row types as Kysely sees them. When a migration adds a table, add its interface to the
 * area's tables/<area>.ts (already merged into `DB` below) in the same commit as the migration.
 *
 * Snowflakes are `string`; instants are `number` (epoch ms, UTC). `Generated<>` marks columns
 * the database fills in (autoincrement ids, defaults), which makes them optional on insert.
 */
import type { Generated } from "kysely"
import type { EventsTables } from "./tables/events.js"
import type { IracingTables } from "./tables/iracing.js"
import type { NumbersTables } from "./tables/numbers.js"
import type { OutboxTables } from "./tables/outbox.js"
import type { RaceNightTables } from "./tables/race-night.js"
import type { ResultsTables } from "./tables/results.js"

/** What the column may hold: "settings" only in databases from 0.1.0, which offered it (see MODULES). */
export type GrantModule = "numbers" | "events" | "tracks" | "championships" | "stewards" | "settings"
export type GrantSubjectType = "role" | "user"

export interface GuildSettingsTable {
  guild_id: string
  settings_json: Generated<string>
  updated_at: number
}

export interface ModuleGrantsTable {
  guild_id: string
  module: GrantModule
  subject_type: GrantSubjectType
  subject_id: string
  granted_by: string
  granted_at: number
}

export interface AuditLogTable {
  id: Generated<number>
  guild_id: string
  actor_id: string
  action: string
  subject: string | null
  details_json: Generated<string>
  at: number
}

export interface CommandRegistrationsTable {
  /** "global" or "guild:<id>". */
  scope: string
  hash: string
  registered_at: number
}

/** Facts about the database file itself, one row per key (`release`: the Pitboard that last opened it). */
export interface PitboardMetaTable {
  key: string
  value: string
}

/** Background work one process at a time does (migration 0012): `name` is e.g. "sync:<guild id>". */
export interface WorkLeasesTable {
  name: string
  /** The holding process (a random id made at its start). */
  holder: string
  /** The lease lapses then unless renewed: a dead holder frees it by itself. */
  until: number
}

/** Each area keeps its tables in tables/<area>.ts; the foundation tables are listed here. */
export interface DB extends NumbersTables, IracingTables, EventsTables, RaceNightTables, OutboxTables, ResultsTables {
  guild_settings: GuildSettingsTable
  module_grants: ModuleGrantsTable
  audit_log: AuditLogTable
  command_registrations: CommandRegistrationsTable
  pitboard_meta: PitboardMetaTable
  work_leases: WorkLeasesTable
}
