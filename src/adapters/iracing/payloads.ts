import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { IracingBadPayload } from "./errors.js"

/**
 * Only the fields Pitboard reads; extra fields are ignored, so iRacing adding one breaks nothing,
 * while a missing required one fails with its path. Optional text and flags default rather than fail.
 */
const nullableText = Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null })
const flag = Schema.optionalWith(Schema.Boolean, { default: () => false })

export const RosterMemberPayload = Schema.Struct({
  cust_id: Schema.Int,
  display_name: Schema.String,
  // A string on purpose: "01" and "1" are different numbers in iRacing.
  car_number: nullableText,
  nick_name: nullableText,
  owner: flag,
  admin: flag,
})

export const LeagueGetPayload = Schema.Struct({
  league_id: Schema.Int,
  league_name: Schema.String,
  roster: Schema.Array(RosterMemberPayload),
})

/** league/roster after its data_url hop. */
export const LeagueRosterPayload = Schema.Struct({
  roster: Schema.Array(RosterMemberPayload),
})

export const DriverPayload = Schema.Struct({ cust_id: Schema.Int, display_name: Schema.String })

export const LookupDriversPayload = Schema.Array(DriverPayload)

export const MemberGetPayload = Schema.Struct({ members: Schema.Array(DriverPayload) })

export const ChunkInfoPayload = Schema.Struct({
  base_download_url: Schema.String,
  chunk_file_names: Schema.Array(Schema.String),
})

export const TokenResponsePayload = Schema.Struct({
  access_token: Schema.String,
  expires_in: Schema.Number,
  refresh_token: Schema.optionalWith(Schema.String, { nullable: true }),
  refresh_token_expires_in: Schema.optionalWith(Schema.Number, { nullable: true }),
  // Present but null means nothing was granted (misspelled scope, inactive account).
  scope: Schema.optional(Schema.NullOr(Schema.String)),
})

/** `roster[3].cust_id` from ["roster", 3, "cust_id"]. */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out === "" ? String(key) : `${out}.${String(key)}`),
    "",
  ) || "the body"

/**
 * Decodes or fails with the first problem's path. `revealValues: false` keeps the offending value
 * out of the message: used for token responses, where the value could be a credential.
 */
export const decodePayload = <A, I>(
  schema: Schema.Schema<A, I>,
  value: unknown,
  endpoint: string,
  revealValues = true,
): Effect.Effect<A, IracingBadPayload> =>
  Schema.decodeUnknown(schema)(value).pipe(
    Effect.mapError((error) => {
      const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
      const problem =
        issue === undefined ? "is malformed" : issue._tag === "Missing" || revealValues ? issue.message : "has the wrong type"
      return new IracingBadPayload({ endpoint, path: formatPath(issue?.path ?? []), problem })
    }),
  )

const count = Schema.optionalWith(Schema.Int, { default: () => 0 })
/** iRacing writes -1 for "none" (no timed lap, no start position); kept as is for the mapper. */
const signed = Schema.optionalWith(Schema.Number, { default: () => -1 })

/** league/season_sessions: sessions not yet run have no subsession, and (with results_only) are absent. */
export const SeasonSessionsPayload = Schema.Struct({
  league_id: Schema.Int,
  season_id: Schema.Int,
  sessions: Schema.Array(
    Schema.Struct({
      session_id: Schema.Int,
      subsession_id: Schema.optionalWith(Schema.NullOr(Schema.Int), { default: () => null }),
      launch_at: Schema.String,
      has_results: flag,
      track: Schema.optionalWith(Schema.Struct({ track_name: Schema.String, config_name: nullableText }), { default: () => ({ track_name: "", config_name: null }) }),
    }),
  ),
})

/** A driver of a team's car in a team race: their own stints, under the team's row. */
const TeamDriverPayload = Schema.Struct({
  cust_id: Schema.Int,
  display_name: Schema.String,
  laps_complete: count,
  incidents: count,
})

/**
 * One row of a session's results. In a solo race a row is a driver (cust_id). In a team race a
 * row is a team's car: team_id and the team's display_name, the car's finish, and its drivers
 * nested in driver_results (no cust_id of its own).
 */
export const SessionResultRowPayload = Schema.Struct({
  cust_id: Schema.optionalWith(Schema.NullOr(Schema.Int), { default: () => null }),
  team_id: Schema.optionalWith(Schema.NullOr(Schema.Int), { default: () => null }),
  display_name: Schema.String,
  finish_position: Schema.Int,
  finish_position_in_class: Schema.Int,
  starting_position: signed,
  starting_position_in_class: signed,
  car_class_id: Schema.Int,
  car_class_short_name: nullableText,
  car_class_name: nullableText,
  laps_complete: count,
  laps_lead: count,
  incidents: count,
  best_lap_time: signed,
  best_qual_lap_time: signed,
  interval: signed,
  reason_out: Schema.optionalWith(Schema.String, { default: () => "Running" }),
  livery: Schema.optionalWith(Schema.Struct({ car_number: nullableText }), { default: () => ({ car_number: null }) }),
  driver_results: Schema.optionalWith(Schema.Array(TeamDriverPayload), { default: () => [] }),
}).pipe(
  Schema.filter((row) => row.cust_id !== null || (row.team_id !== null && row.driver_results.length > 0) || "is neither a driver (cust_id) nor a team with its drivers (team_id, driver_results)"),
)

/**
 * results/get: one entry per simsession (practice, qualifying, race); 0 is the main event. Rows stay
 * undecoded here: only the race's and qualifying's are read, and decoding practice too would double the work.
 */
export const SubsessionResultsPayload = Schema.Struct({
  subsession_id: Schema.Int,
  start_time: Schema.String,
  track: Schema.optionalWith(Schema.Struct({ track_name: Schema.String, config_name: nullableText }), { default: () => ({ track_name: "", config_name: null }) }),
  session_results: Schema.Array(
    Schema.Struct({
      simsession_number: Schema.Int,
      simsession_type_name: Schema.optionalWith(Schema.String, { default: () => "" }),
      results: Schema.Array(Schema.Unknown),
    }),
  ),
})

export const ResultRowsPayload = Schema.Array(SessionResultRowPayload)

/**
 * A row of league/season_standings' team_standings. The shape is aydsko-iracingdata's model
 * (Leagues/SeasonStandingsTeamStandings.cs, SeasonStandingsTeam.cs); the public samples seen have
 * the array empty, so it is read row by row and a row of another shape leaves teams uncompared
 * rather than failing the drivers' check.
 */
export const TeamStandingRowPayload = Schema.Struct({
  position: Schema.Int,
  team: Schema.Struct({ team_id: Schema.Int, team_name: Schema.String }),
  total_points: Schema.Number,
})

/** league/season_standings: the points iRacing itself keeps for the season. */
export const SeasonStandingsPayload = Schema.Struct({
  standings: Schema.Struct({
    team_standings: Schema.optionalWith(Schema.NullOr(Schema.Array(Schema.Unknown)), { default: () => [] }),
    driver_standings: Schema.Array(
      Schema.Struct({
        position: Schema.Int,
        driver: DriverPayload,
        wins: count,
        total_points: Schema.Number,
      }),
    ),
  }),
})
