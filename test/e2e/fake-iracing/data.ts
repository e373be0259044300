// What each /data endpoint answers, before the server wraps it in {link, expires}. Pure functions
// of the seeded world so the server file holds only HTTP plumbing and modes.
import { EXTRA_DRIVERS, generateStandings, type DriverFixture, type LeagueFixture } from "./fixtures.js"
import { seasonSessionsPayload, type SeasonFixture, type SubsessionFixture } from "./results.js"

export interface FakeWorld {
  leagues: Map<number, LeagueFixture>
  drivers: DriverFixture[]
  standings: ReturnType<typeof generateStandings>
  chunkSize: number
  malformed: boolean
  seasons: Map<number, SeasonFixture>
}

const subsessionOf = (world: FakeWorld, id: number): SubsessionFixture | undefined => {
  for (const season of world.seasons.values()) {
    const found = season.subsessions.find((s) => s.subsession_id === id)
    if (found) return found
  }
  return undefined
}

/** `publish` stores a JSON object on the fake S3 and returns its presigned URL; `publishChunks` a chunk set. */
export interface Publisher {
  publish: (body: unknown) => string
  publishChunks: (chunks: unknown[][]) => { base_download_url: string; chunk_file_names: string[] }
}

export type DataAnswer = { status: 200; payload: unknown } | { status: 400 | 404; payload: { error: string; note?: string } }

const ok = (payload: unknown): DataAnswer => ({ status: 200, payload })
const notFound = (): DataAnswer => ({ status: 404, payload: { error: "Not Found" } })
const badRequest = (note: string): DataAnswer => ({ status: 400, payload: { error: "Bad Request", note } })

const leagueOf = (world: FakeWorld, query: URLSearchParams) => world.leagues.get(Number(query.get("league_id")))

const allDrivers = (world: FakeWorld): DriverFixture[] => {
  const byId = new Map<number, DriverFixture>()
  for (const league of world.leagues.values()) for (const m of league.roster) byId.set(m.cust_id, { cust_id: m.cust_id, display_name: m.display_name })
  for (const d of world.drivers) byId.set(d.cust_id, d)
  return [...byId.values()]
}

const withoutCustId = (league: LeagueFixture): unknown => ({
  ...league,
  roster: league.roster.map((m, i) => {
    if (i !== 1) return m
    const { cust_id: _dropped, ...rest } = m
    return rest
  }),
})

export const answerData = (world: FakeWorld, path: string, query: URLSearchParams, s3: Publisher): DataAnswer => {
  switch (path) {
    case "/data/league/get": {
      if (!query.has("league_id")) return badRequest("league_id is required")
      const league = leagueOf(world, query)
      if (!league) return notFound()
      return ok({ link: s3.publish(world.malformed ? withoutCustId(league) : league), expires: expiry() })
    }
    case "/data/league/roster": {
      const league = leagueOf(world, query)
      if (!league) return notFound()
      // Three hops, as the real endpoint: pointer → {type, data, data_url} → roster.
      const dataUrl = s3.publish({ private_roster: false, roster: league.roster })
      const middle = { type: "league_roster", data: { subscribed: false, success: true, roster_count: league.roster.length, league_id: league.league_id }, data_url: dataUrl }
      return ok({ link: s3.publish(middle), expires: expiry() })
    }
    case "/data/member/get": {
      const ids = (query.get("cust_ids") ?? "").split(",").filter((s) => s !== "").map(Number)
      if (ids.length === 0) return badRequest("cust_ids is required")
      const known = allDrivers(world)
      // Unknown ids are dropped silently, like iRacing.
      const members = ids.flatMap((id) => known.filter((d) => d.cust_id === id)).map((d) => ({ ...d, member_since: "2020-04-10", ai: false }))
      return ok({ link: s3.publish({ success: true, cust_ids: ids, members }), expires: expiry() })
    }
    case "/data/lookup/drivers": {
      const term = (query.get("search_term") ?? "").trim().toLowerCase()
      if (term === "") return badRequest("search_term is required")
      const league = query.has("league_id") ? leagueOf(world, query) : undefined
      if (query.has("league_id") && !league) return ok({ link: s3.publish([]), expires: expiry() })
      const pool = league ? league.roster.map((m) => ({ cust_id: m.cust_id, display_name: m.display_name })) : allDrivers(world)
      const found = pool
        .filter((d) => String(d.cust_id) === term || d.display_name.toLowerCase().includes(term))
        .map((d) => ({ ...d, profile_disabled: false }))
      return ok({ link: s3.publish(found), expires: expiry() })
    }
    case "/data/stats/season_driver_standings": {
      const chunks: unknown[][] = []
      for (let i = 0; i < world.standings.length; i += world.chunkSize) chunks.push(world.standings.slice(i, i + world.chunkSize))
      const chunk_info = { chunk_size: world.chunkSize, num_chunks: chunks.length, rows: world.standings.length, ...s3.publishChunks(chunks) }
      const body = { success: true, season_id: Number(query.get("season_id")), car_class_id: Number(query.get("car_class_id")), chunk_info, last_updated: new Date().toISOString() }
      return ok({ link: s3.publish(body), expires: expiry() })
    }
    case "/data/league/season_sessions": {
      const season = world.seasons.get(Number(query.get("season_id")))
      if (!season || season.league_id !== Number(query.get("league_id"))) return notFound()
      return ok({ link: s3.publish(seasonSessionsPayload(season, query.get("results_only") === "true")), expires: expiry() })
    }
    case "/data/results/get": {
      if (!query.has("subsession_id")) return badRequest("subsession_id is required")
      const subsession = subsessionOf(world, Number(query.get("subsession_id")))
      if (!subsession) return notFound()
      return ok({ link: s3.publish(subsession), expires: expiry() })
    }
    case "/data/league/season_standings": {
      const season = world.seasons.get(Number(query.get("season_id")))
      if (!season || season.league_id !== Number(query.get("league_id"))) return notFound()
      const classId = Number(query.get("car_class_id") ?? 0)
      const rows = season.standings[classId] ?? []
      const standings = { driver_standings: rows, team_standings: season.teamStandings?.[classId] ?? [], driver_standings_csv_url: s3.publish("csv"), team_standings_csv_url: s3.publish("csv") }
      return ok({ link: s3.publish({ car_class_id: classId, success: true, season_id: season.season_id, car_id: 0, standings, league_id: season.league_id }), expires: expiry() })
    }
    default:
      return notFound()
  }
}

const expiry = () => new Date(Date.now() + 900_000).toISOString()

export const newWorld = (leagues: LeagueFixture[], options: { chunkSize: number; standingsRows: number }): FakeWorld => ({
  leagues: new Map(leagues.map((l) => [l.league_id, l])),
  drivers: [...EXTRA_DRIVERS],
  standings: generateStandings(options.standingsRows),
  chunkSize: options.chunkSize,
  malformed: false,
  seasons: new Map(),
})
