// League seasons for the fake: season_sessions, results/get and season_standings payloads in the
// shapes of /work/shared/reference/iracing-data-api.md §4.6 (snake_case, positions from 0, times in
// 1/10,000 s, -1 for none, "Running" for a car at the flag), with extra fields the adapter must skip.

export interface ResultRowFixture {
  /** A driver's row; absent from a team race's rows, which are cars (team_id, driver_results). */
  cust_id?: number
  team_id?: number
  driver_results?: TeamDriverRowFixture[]
  display_name: string
  finish_position: number
  finish_position_in_class: number
  starting_position: number
  starting_position_in_class: number
  car_class_id: number
  car_class_short_name: string
  car_class_name: string
  laps_complete: number
  laps_lead: number
  incidents: number
  best_lap_time: number
  best_qual_lap_time: number
  average_lap: number
  interval: number
  class_interval: number
  reason_out: string
  reason_out_id: number
  league_points: number
  drop_race: boolean
  livery: { car_number: string; car_id: number; pattern: number }
  helmet: { pattern: number }
}

/** A driver of a team's car, nested under the car's row: their own laps, incidents and best lap. */
export interface TeamDriverRowFixture {
  cust_id: number
  team_id: number
  display_name: string
  finish_position: number
  finish_position_in_class: number
  car_class_id: number
  laps_complete: number
  laps_lead: number
  incidents: number
  best_lap_time: number
  average_lap: number
  reason_out: string
  livery: { car_number: string; car_id: number; pattern: number }
  helmet: { pattern: number }
}

export interface SubsessionFixture {
  subsession_id: number
  session_id: number
  start_time: string
  track: { track_id: number; track_name: string; config_name: string | null }
  session_results: Array<{ simsession_number: number; simsession_type: number; simsession_type_name: string; simsession_name: string; results: ResultRowFixture[] }>
  [extra: string]: unknown
}

export interface StandingRowFixture {
  rownum: number
  position: number
  driver: { cust_id: number; display_name: string }
  car_number: string | null
  wins: number
  average_start: number
  average_finish: number
  base_points: number
  negative_adjustments: number
  positive_adjustments: number
  total_adjustments: number
  total_points: number
}

export interface SeasonFixture {
  league_id: number
  season_id: number
  subsessions: SubsessionFixture[]
  /** Per car_class_id; key 0 answers a request without car_class_id. */
  standings: Record<number, StandingRowFixture[]>
  /** team_standings, per car_class_id like `standings`; rows as aydsko-iracingdata models them. Empty when absent. */
  teamStandings?: Record<number, unknown[]>
}

/** A team_standings row (aydsko-iracingdata Leagues/SeasonStandingsTeamStandings.cs). */
export const teamStandingRow = (position: number, teamId: number, teamName: string, totalPoints: number, wins = 0) => ({
  rownum: position,
  position,
  team: { team_id: teamId, owner_id: 1, team_name: teamName, owner: { cust_id: 1, display_name: "Owner" } },
  car_number: "",
  wins,
  average_start: 0,
  average_finish: 0,
  base_points: totalPoints,
  negative_adjustments: 0,
  positive_adjustments: 0,
  total_adjustments: 0,
  total_points: totalPoints,
})

/** One driver's line as a test writes it; positions here are 1-based like the rest of Pitboard. */
export interface RaceLine {
  custId: number
  name: string
  classId: number
  className: string
  position: number
  classPosition: number
  laps: number
  lapsLed?: number
  incidents?: number
  bestLapMs?: number | null
  /** Behind the winner; null for a lapped car (iRacing writes -1). */
  gapMs?: number | null
  reasonOut?: string | null
  qualifyingClassPosition?: number | null
  carNumber?: string
}

const row = (line: RaceLine, qualifying: boolean): ResultRowFixture => {
  const position = qualifying ? (line.qualifyingClassPosition ?? 99) - 1 : line.position - 1
  const classPosition = qualifying ? (line.qualifyingClassPosition ?? 99) - 1 : line.classPosition - 1
  const best = line.bestLapMs === null || line.bestLapMs === undefined ? -1 : line.bestLapMs * 10
  return {
    cust_id: line.custId,
    display_name: line.name,
    finish_position: position,
    finish_position_in_class: classPosition,
    starting_position: (line.qualifyingClassPosition ?? line.position) - 1,
    starting_position_in_class: (line.qualifyingClassPosition ?? line.classPosition) - 1,
    car_class_id: line.classId,
    car_class_short_name: line.className,
    car_class_name: `${line.className} Class`,
    laps_complete: qualifying ? 3 : line.laps,
    laps_lead: qualifying ? 0 : (line.lapsLed ?? 0),
    incidents: qualifying ? 0 : (line.incidents ?? 0),
    best_lap_time: best,
    best_qual_lap_time: qualifying && line.qualifyingClassPosition != null ? 1_000_000 + classPosition * 1000 : -1,
    average_lap: best > 0 ? best + 5000 : -1,
    interval: qualifying ? 0 : line.gapMs === null || line.gapMs === undefined ? -1 : line.gapMs * 10,
    class_interval: qualifying ? 0 : line.gapMs === null || line.gapMs === undefined ? -1 : line.gapMs * 10,
    reason_out: line.reasonOut ?? "Running",
    reason_out_id: line.reasonOut == null ? 0 : 32,
    league_points: 0,
    drop_race: false,
    livery: { car_number: line.carNumber ?? String(line.custId % 100), car_id: 132, pattern: 1 },
    helmet: { pattern: 3 },
  }
}

const subsession = <L extends { position: number; qualifyingClassPosition?: number | null }>(
  subsessionId: number,
  startTime: string,
  lines: ReadonlyArray<L>,
  toRow: (line: L, qualifying: boolean) => ResultRowFixture,
  trackName: string,
  extra: Record<string, unknown>,
): SubsessionFixture => ({
  subsession_id: subsessionId,
  session_id: subsessionId - 1000,
  start_time: startTime,
  track: { track_id: 163, track_name: trackName, config_name: "Grand Prix Pits" },
  event_type_name: "Hosted",
  ...extra,
  session_results: [
    { simsession_number: -2, simsession_type: 3, simsession_type_name: "Open Practice", simsession_name: "PRACTICE", results: lines.map((l) => toRow(l, true)) },
    { simsession_number: -1, simsession_type: 4, simsession_type_name: "Lone Qualifying", simsession_name: "QUALIFY", results: lines.filter((l) => l.qualifyingClassPosition != null).map((l) => toRow(l, true)) },
    { simsession_number: 0, simsession_type: 6, simsession_type_name: "Race", simsession_name: "RACE", results: [...lines].sort((a, b) => a.position - b.position).map((l) => toRow(l, false)) },
  ],
})

export const subsessionFixture = (subsessionId: number, startTime: string, lines: ReadonlyArray<RaceLine>, trackName = "Spa-Francorchamps"): SubsessionFixture =>
  subsession(subsessionId, startTime, lines, row, trackName, { max_team_drivers: 1 })

/** One driver of a team's car as a test writes it: the laps they drove (0: registered, never drove). */
export interface TeamDriverLine {
  custId: number
  name: string
  laps: number
  incidents?: number
}

/** One team's car in a team race: the car's finish (1-based, like RaceLine) and who drove it. */
export interface TeamRaceLine extends Omit<RaceLine, "custId" | "name"> {
  teamId: number
  teamName: string
  drivers: ReadonlyArray<TeamDriverLine>
}

/**
 * A team race's row: the car (team_id and the team's display_name, no cust_id), the car's finish,
 * and its drivers nested in driver_results with their own stints. In qualifying and practice one
 * driver per car did the running, the first listed.
 */
const teamRow = (line: TeamRaceLine, qualifying: boolean): ResultRowFixture => {
  const { cust_id: _driverOnly, ...car } = row({ ...line, custId: 0, name: line.teamName }, qualifying)
  const drivers = qualifying ? line.drivers.slice(0, 1) : line.drivers
  return {
    ...car,
    team_id: line.teamId,
    livery: { ...car.livery, car_number: line.carNumber ?? String(line.teamId % 100) },
    driver_results: drivers.map((driver) => ({
      cust_id: driver.custId,
      team_id: line.teamId,
      display_name: driver.name,
      finish_position: car.finish_position,
      finish_position_in_class: car.finish_position_in_class,
      car_class_id: car.car_class_id,
      laps_complete: qualifying ? car.laps_complete : driver.laps,
      laps_lead: 0,
      incidents: qualifying ? 0 : (driver.incidents ?? 0),
      best_lap_time: driver.laps > 0 || qualifying ? car.best_lap_time : -1,
      average_lap: car.average_lap,
      reason_out: car.reason_out,
      livery: car.livery,
      helmet: { pattern: 5 },
    })),
  }
}

export const teamSubsessionFixture = (subsessionId: number, startTime: string, lines: ReadonlyArray<TeamRaceLine>, trackName = "Nürburgring"): SubsessionFixture =>
  subsession(subsessionId, startTime, lines, teamRow, trackName, { max_team_drivers: Math.max(...lines.map((l) => l.drivers.length)), driver_changes: true })

/** season_sessions' view of the season: results_only lists the run sessions only. */
export const seasonSessionsPayload = (season: SeasonFixture, resultsOnly: boolean) => ({
  success: true,
  subscribed: false,
  league_id: season.league_id,
  season_id: season.season_id,
  sessions: [
    ...season.subsessions.map((s) => ({
      session_id: s.session_id,
      subsession_id: s.subsession_id,
      private_session_id: -1,
      league_season_id: season.season_id,
      launch_at: s.start_time,
      has_results: true,
      status: 0,
      track: s.track,
      race_laps: 20,
      entry_count: s.session_results.at(-1)!.results.length,
      winner_id: s.session_results.at(-1)!.results[0]?.cust_id ?? 0,
    })),
    ...(resultsOnly ? [] : [{ session_id: 1, subsession_id: 0, launch_at: "2027-01-01T19:00:00Z", has_results: false, status: 0, track: { track_id: 1, track_name: "Future", config_name: null } }]),
  ],
})

/** A season of `rounds` races for `drivers` drivers in two classes, lines varied by round; for the bench. */
export const generateSeason = (leagueId: number, seasonId: number, drivers: number, rounds: number): SeasonFixture => ({
  league_id: leagueId,
  season_id: seasonId,
  standings: {},
  subsessions: Array.from({ length: rounds }, (_, r) => {
    const order = Array.from({ length: drivers }, (_, i) => (i * 7 + r * 13) % drivers)
    const classSeen = [0, 0]
    const lines = order.map((d, index): RaceLine => {
      const classIndex = d % 2
      classSeen[classIndex]!++
      const out = (d + r) % 17 === 0
      return {
        custId: 5_000_000 + d,
        name: `Driver ${String(d).padStart(4, "0")}`,
        classId: 4000 + classIndex,
        className: classIndex === 0 ? "GT3" : "GT4",
        position: index + 1,
        classPosition: classSeen[classIndex]!,
        laps: out ? 7 : 30,
        lapsLed: index === 0 ? 30 : 0,
        incidents: (d + r) % 5,
        bestLapMs: 120_000 + ((d * 31 + r) % 997),
        gapMs: out ? null : index * 1500,
        reasonOut: out ? "Disconnected" : null,
        qualifyingClassPosition: classSeen[classIndex]!,
      }
    })
    return subsessionFixture(90_000_000 + seasonId * 100 + r, new Date(Date.UTC(2026, 8, 1 + r * 7, 19)).toISOString(), lines)
  }),
})
