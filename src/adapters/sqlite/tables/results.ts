/** Championship results and standings (migration 0010). */
export interface ChampionshipSettingsTable {
  guild_id: string
  championship_id: string
  /** A PointsSystem, Schema-encoded. */
  points_json: string
  iracing_league_id: number | null
  iracing_season_id: number | null
  updated_by: string
  updated_at: number
}

export interface ChampionshipSessionsTable {
  guild_id: string
  championship_id: string
  /** "ir:<subsession_id>" or "manual:<id>": the key that makes a second import of a session a no-op. */
  round_id: string
  source: "iracing" | "manual"
  subsession_id: number | null
  event_id: string | null
  label: string
  starts_at: number
  imported_by: string
  imported_at: number
}

export interface ChampionshipResultsTable {
  guild_id: string
  championship_id: string
  round_id: string
  driver_id: string
  name: string
  member_id: string | null
  car_class: string
  team: string | null
  /** The car shared in a team race ("ir-team:<team_id>"), null for a car driven alone (migration 0011). */
  entry_id: string | null
  car_number: string | null
  position: number
  class_position: number
  start_position: number | null
  laps: number
  laps_led: number
  incidents: number
  fastest_lap_ms: number | null
  gap_ms: number | null
  pole: number
  reason_out: string | null
}

export interface ChampionshipPenaltiesTable {
  guild_id: string
  championship_id: string
  id: string
  kind: "time" | "points"
  round_id: string | null
  driver_id: string
  /** Seconds for a time penalty, points for a points penalty. */
  amount: number
  reason: string
  steward_id: string
  at: number
}

export interface ResultsTables {
  championship_settings: ChampionshipSettingsTable
  championship_sessions: ChampionshipSessionsTable
  championship_results: ChampionshipResultsTable
  championship_penalties: ChampionshipPenaltiesTable
}
