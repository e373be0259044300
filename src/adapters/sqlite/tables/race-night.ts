/** Row types for race night (migration 0006). Snowflakes are strings, instants epoch ms. */

export interface ParticipantsTable {
  event_id: string
  member_id: string
  guild_id: string
  /** Copied out of the machine state so grid and waitlist queries need not decode it. */
  state: string
  queue_number: number
  /** The participant machine's persisted {machine, version, value, context}. */
  machine_json: string
  updated_at: number
}

export interface RegistrationAttemptsTable {
  event_id: string
  member_id: string
  failed_attempts: number
}

export interface FiredTriggersTable {
  event_id: string
  kind: string
  /** The trigger's due time: a moved event has new times, which fire again. */
  at: number
  fired_at: number
}

export interface MemberPreferencesTable {
  guild_id: string
  user_id: string
  /** 1: reminders may come by DM; 0: `/reminders off`. */
  reminder_dms: number
}

export interface RaceNightTables {
  participants: ParticipantsTable
  registration_attempts: RegistrationAttemptsTable
  fired_triggers: FiredTriggersTable
  member_preferences: MemberPreferencesTable
}
