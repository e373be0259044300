import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { Database, type DatabaseService } from "../sqlite/database.js"
import { makeIracingClient, type IracingClient } from "./client.js"
import { loadIracingSettings, type IracingConfigProblem, type IracingCredentials, type IracingSettings } from "./config.js"
import { IracingDisabled, type IracingError } from "./errors.js"
import type { TheirTeamRow } from "../../domain/championships/cross-check.js"
import { IracingBadPayload } from "./errors.js"
import { decodePayload, LeagueGetPayload, LookupDriversPayload, MemberGetPayload, ResultRowsPayload, SeasonSessionsPayload, SeasonStandingsPayload, SubsessionResultsPayload, TeamStandingRowPayload } from "./payloads.js"
import { repeatedDriver } from "../../domain/championships/results.js"
import { mainRaceOf, qualifyingOf, toImportedSession, toSeasonSessions, type ImportedSession, type SeasonSession } from "./season-results.js"

export interface RosterEntry {
  readonly custId: number
  readonly displayName: string
  /** Exactly as iRacing has it: "01" and "1" differ. null when the member has no number. */
  readonly carNumber: string | null
  readonly nickName: string | null
  readonly admin: boolean
  readonly owner: boolean
}

export interface LeagueRoster {
  readonly leagueId: number
  readonly leagueName: string
  readonly roster: ReadonlyArray<RosterEntry>
}

export interface DriverRef {
  readonly custId: number
  readonly displayName: string
}

export interface IracingService {
  /** "off" when the credentials are not configured; every call then fails with IracingDisabled. */
  readonly status: "off" | "on"
  readonly leagueRoster: (leagueId: number) => Effect.Effect<LeagueRoster, IracingError>
  /** Partial names or a cust_id; `leagueId` narrows the search to that league's roster. */
  readonly lookupDrivers: (searchTerm: string, leagueId?: number) => Effect.Effect<ReadonlyArray<DriverRef>, IracingError>
  /** None when iRacing does not know the id (it drops unknown ids silently). */
  readonly member: (custId: number) => Effect.Effect<Option.Option<DriverRef>, IracingError>
  /** The season's sessions that have results, oldest first. */
  readonly seasonSessions: (leagueId: number, seasonId: number) => Effect.Effect<ReadonlyArray<SeasonSession>, IracingError>
  /** The main race of one subsession; fails with IracingBadPayload when it has none. */
  readonly subsessionResults: (subsessionId: number) => Effect.Effect<ImportedSession, IracingError>
  readonly seasonStandings: (leagueId: number, seasonId: number, carClassId?: number) => Effect.Effect<IracingSeasonStandings, IracingError>
}

/** iRacing's own league standings for a season: its drivers', and its teams' when it can be read. */
export interface IracingSeasonStandings {
  readonly drivers: ReadonlyArray<IracingStandingRow>
  /** null when iRacing's team_standings rows are not of the shape known (see payloads.ts); empty when it keeps none. */
  readonly teams: ReadonlyArray<TheirTeamRow> | null
}

/** A row of iRacing's own league standings, for checking ours against. */
export interface IracingStandingRow {
  readonly custId: number
  readonly displayName: string
  readonly position: number
  readonly wins: number
  readonly points: number
}

export class Iracing extends Context.Tag("pitboard/Iracing")<Iracing, IracingService>() {}

const disabled: IracingService = {
  status: "off",
  leagueRoster: () => Effect.fail(new IracingDisabled()),
  lookupDrivers: () => Effect.fail(new IracingDisabled()),
  member: () => Effect.fail(new IracingDisabled()),
  seasonSessions: () => Effect.fail(new IracingDisabled()),
  subsessionResults: () => Effect.fail(new IracingDisabled()),
  seasonStandings: () => Effect.fail(new IracingDisabled()),
}

const toDriver = (d: { readonly cust_id: number; readonly display_name: string }): DriverRef => ({
  custId: d.cust_id,
  displayName: d.display_name,
})

const fromClient = (client: IracingClient): IracingService => ({
  status: "on",
  leagueRoster: Effect.fnUntraced(function* (leagueId: number) {
    // league/get carries the full roster one hop sooner than league/roster.
    const league = yield* client.get("/data/league/get", { league_id: leagueId }, LeagueGetPayload)
    return {
      leagueId: league.league_id,
      leagueName: league.league_name,
      roster: league.roster.map((m) => ({
        custId: m.cust_id,
        displayName: m.display_name,
        carNumber: m.car_number,
        nickName: m.nick_name,
        admin: m.admin,
        owner: m.owner,
      })),
    }
  }),
  lookupDrivers: Effect.fnUntraced(function* (searchTerm: string, leagueId?: number) {
    // iRacing answers 400 to an empty term; nothing can match it anyway.
    if (searchTerm.trim() === "") return []
    const params = { search_term: searchTerm.trim(), league_id: leagueId }
    return (yield* client.get("/data/lookup/drivers", params, LookupDriversPayload)).map(toDriver)
  }),
  member: Effect.fnUntraced(function* (custId: number) {
    const { members } = yield* client.get("/data/member/get", { cust_ids: [custId] }, MemberGetPayload)
    return Option.map(Option.fromNullable(members.find((m) => m.cust_id === custId)), toDriver)
  }),
  seasonSessions: Effect.fnUntraced(function* (leagueId: number, seasonId: number) {
    const payload = yield* client.get("/data/league/season_sessions", { league_id: leagueId, season_id: seasonId, results_only: true }, SeasonSessionsPayload)
    return [...toSeasonSessions(payload)].sort((a, b) => a.launchAt - b.launchAt || a.subsessionId - b.subsessionId)
  }),
  subsessionResults: Effect.fnUntraced(function* (subsessionId: number) {
    const endpoint = "/data/results/get"
    const payload = yield* client.get(endpoint, { subsession_id: subsessionId }, SubsessionResultsPayload)
    const race = mainRaceOf(payload)
    if (race === undefined) return yield* Effect.fail(new IracingBadPayload({ endpoint, path: "session_results", problem: "has no main race (simsession 0) with results" }))
    const rows = (session: (typeof payload.session_results)[number]) =>
      decodePayload(ResultRowsPayload, session.results, endpoint).pipe(
        Effect.mapError((error) => new IracingBadPayload({ endpoint, path: `session_results[${payload.session_results.indexOf(session)}].results${error.path}`, problem: error.problem })),
      )
    const qualifying = qualifyingOf(payload)
    const session = toImportedSession(payload, { results: yield* rows(race) }, qualifying === undefined ? undefined : { results: yield* rows(qualifying) })
    // A driver in two cars would break the round's primary key when stored: refused here, naming them, so the rest of the season still imports.
    const twice = repeatedDriver(session.results)?.again
    if (twice !== undefined) return yield* Effect.fail(new IracingBadPayload({ endpoint, path: "session_results.results", problem: `lists ${twice.name} (${twice.driverId}) in two cars` }))
    return session
  }),
  seasonStandings: Effect.fnUntraced(function* (leagueId: number, seasonId: number, carClassId?: number) {
    const params = { league_id: leagueId, season_id: seasonId, car_class_id: carClassId }
    const { standings } = yield* client.get("/data/league/season_standings", params, SeasonStandingsPayload)
    const drivers = standings.driver_standings.map((row) => ({ custId: row.driver.cust_id, displayName: row.driver.display_name, position: row.position, wins: row.wins, points: row.total_points }))
    const teamRows = decodeTeamStandings(standings.team_standings ?? [])
    // Their shape is known only from client libraries, not from a real league's payload: when it differs, say so in the log.
    if (Either.isLeft(teamRows)) yield* Effect.logWarning(`iRacing's team standings are not in the shape Pitboard reads; teams are not compared: ${teamRows.left.message.slice(0, 300)}`)
    const teams = Either.isLeft(teamRows) ? null : teamRows.right.map((row) => ({ teamId: row.team.team_id, name: row.team.team_name, position: row.position, points: row.total_points }))
    return { drivers, teams }
  }),
})

const decodeTeamStandings = Schema.decodeUnknownEither(Schema.Array(TeamStandingRowPayload))

/** The service for `settings`; the HTTP agent and token owner live as long as the scope. */
export const makeIracing = (settings: IracingSettings, db: DatabaseService): Effect.Effect<IracingService, never, Scope.Scope> =>
  Option.match(settings.credentials, {
    onNone: () => Effect.succeed(disabled),
    onSome: (credentials: IracingCredentials) => Effect.map(makeIracingClient(settings, credentials, db), fromClient),
  })

/** For tests and callers that build settings themselves (see `defaultIracingSettings`). */
export const IracingFromSettings = (settings: IracingSettings): Layer.Layer<Iracing, never, Database> =>
  Layer.scoped(Iracing, Effect.flatMap(Database, (db) => makeIracing(settings, db)))

/** Reads IRACING_* from the current ConfigProvider; a partial credential set fails with one line. */
export const IracingLive: Layer.Layer<Iracing, IracingConfigProblem, Database> = Layer.scoped(
  Iracing,
  Effect.flatMap(Effect.zip(loadIracingSettings, Database), ([settings, db]) => makeIracing(settings, db)),
)
