/**
 * From iRacing's result sheets to championship results. iRacing counts positions from 0, times in
 * ten-thousandths of a second, writes -1 for "none" and "Running" for a car still going at the flag.
 */
import type { DriverResult } from "../../domain/championships/results.js"
import { iracingDriverId, iracingTeamEntryId } from "../../domain/championships/results.js"
import type { SeasonSessionsPayload, SessionResultRowPayload, SubsessionResultsPayload } from "./payloads.js"

type Row = typeof SessionResultRowPayload.Type
type Payload = typeof SubsessionResultsPayload.Type
type Simsession = Payload["session_results"][number]

export interface SeasonSession {
  readonly sessionId: number
  readonly subsessionId: number
  readonly launchAt: number
  readonly track: string
}

export interface ImportedSession {
  readonly subsessionId: number
  readonly startsAt: number
  readonly track: string
  /**
   * The main race; each driver keyed "ir:<cust_id>", not yet matched to members. In a team race,
   * one result per credited driver of each car, all carrying the car's finish.
   */
  readonly results: ReadonlyArray<DriverResult>
}

const trackLabel = (track: { readonly track_name: string; readonly config_name: string | null }) =>
  track.config_name === null || track.config_name === "" ? track.track_name : `${track.track_name} – ${track.config_name}`

const millis = (tenThousandths: number): number | null => (tenThousandths > 0 ? tenThousandths / 10 : null)

const className = (row: Row) => row.car_class_short_name ?? row.car_class_name ?? `Class ${row.car_class_id}`

export const toSeasonSessions = (payload: typeof SeasonSessionsPayload.Type): ReadonlyArray<SeasonSession> =>
  payload.sessions.flatMap((session) =>
    session.subsession_id === null || session.subsession_id <= 0 || !session.has_results
      ? []
      : [{ sessionId: session.session_id, subsessionId: session.subsession_id, launchAt: Date.parse(session.launch_at), track: trackLabel(session.track) }],
  )

/** The main race is simsession 0 (heats and consolations carry other numbers). */
export const mainRaceOf = (payload: Payload): Simsession | undefined => payload.session_results.find((s) => s.simsession_number === 0 && s.results.length > 0)

export const qualifyingOf = (payload: Payload): Simsession | undefined => payload.session_results.find((s) => s.simsession_number !== 0 && /qualif/i.test(s.simsession_type_name))

/** A row's car across the subsession's sessions: the team's in a team race, else the driver's. */
const isTeamRow = (row: Row): boolean => row.team_id !== null && row.driver_results.length > 0
const carKey = (row: Row): string => (isTeamRow(row) ? `team:${row.team_id}` : `driver:${row.cust_id}`)

/**
 * Who is credited with a team's car: its drivers who drove at least one lap of the race (a
 * registered driver who never took the wheel did not race). When none did (the car retired on the
 * first lap), every listed driver is, so the car still shows in the results. Each driver once.
 */
const creditedDrivers = (row: Row): ReadonlyArray<{ readonly custId: number; readonly name: string }> => {
  const drove = row.driver_results.filter((d) => d.laps_complete > 0)
  const seen = new Set<number>()
  return (drove.length > 0 ? drove : row.driver_results).flatMap((d) => {
    if (seen.has(d.cust_id)) return []
    seen.add(d.cust_id)
    return [{ custId: d.cust_id, name: d.display_name }]
  })
}

/**
 * Pole is the class's fastest in qualifying, or its first starter when the session had no qualifying.
 *
 * A team race's rows are cars with their drivers nested (see payloads.ts): every credited driver
 * gets a result carrying the car's finish, its team's name and the car as `entryId`, so the
 * domain classifies the car once and counts it once for the team (see domain/championships/results.ts).
 */
export const toImportedSession = (payload: Payload, race: { readonly results: ReadonlyArray<Row> }, qualifying: { readonly results: ReadonlyArray<Row> } | undefined): ImportedSession => {
  const poles = new Set(
    qualifying === undefined
      ? race.results.filter((r) => r.starting_position_in_class === 0).map(carKey)
      : qualifying.results.filter((r) => r.finish_position_in_class === 0 && (r.best_qual_lap_time > 0 || r.best_lap_time > 0)).map(carKey),
  )
  const carResult = (row: Row) => ({
    carClass: className(row),
    carNumber: row.livery.car_number,
    position: row.finish_position + 1,
    classPosition: row.finish_position_in_class + 1,
    startPosition: row.starting_position >= 0 ? row.starting_position + 1 : null,
    laps: row.laps_complete,
    lapsLed: row.laps_lead,
    incidents: row.incidents,
    fastestLapMs: millis(row.best_lap_time),
    // The winner's interval is 0; lapped cars get -1 (no time to compare).
    gapMs: row.interval >= 0 ? row.interval / 10 : null,
    pole: poles.has(carKey(row)),
    reasonOut: row.reason_out === "Running" ? null : row.reason_out,
  })
  const results = race.results.flatMap((row): ReadonlyArray<DriverResult> => {
    const drivers = isTeamRow(row)
      ? creditedDrivers(row).map((d) => ({ driverId: iracingDriverId(d.custId), name: d.name, team: row.display_name, entryId: iracingTeamEntryId(row.team_id!) }))
      : [{ driverId: iracingDriverId(row.cust_id!), name: row.display_name, team: null, entryId: null }]
    return drivers.map((driver) => ({ ...driver, memberId: null, ...carResult(row) }))
  })
  return { subsessionId: payload.subsession_id, startsAt: Date.parse(payload.start_time), track: trackLabel(payload.track), results }
}
