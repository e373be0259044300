/** Reading a championship's standings, and handing them out as CSV or JSON. */
import * as Effect from "effect/Effect"
import type { Kysely } from "kysely"
import { readPenalties, readRounds, readScoring } from "../../adapters/sqlite/repositories/championship-results.js"
import { readChampionship } from "../../adapters/sqlite/repositories/championships.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import type { Penalty } from "../../domain/championships/penalties.js"
import type { PointsSystem } from "../../domain/championships/points.js"
import type { RoundResults } from "../../domain/championships/results.js"
import { computeStandings, type Standings } from "../../domain/championships/standings.js"
import type { StoredChampionship } from "../../domain/events/championship-rules.js"
import { spreadsheetCsv } from "../csv.js"
import { refuse } from "../refusal.js"
import { readOrRefuse } from "../transaction.js"

export interface ChampionshipTable {
  readonly championship: StoredChampionship
  readonly system: PointsSystem
  readonly rounds: ReadonlyArray<RoundResults>
  readonly penalties: ReadonlyArray<Penalty>
  readonly standings: Standings
}

/** For deliverers and use cases that already hold a connection; undefined when the championship is gone. */
export const loadTable = async (db: Kysely<DB>, guildId: string, championshipId: string): Promise<ChampionshipTable | undefined> => {
  const championship = await readChampionship(db, guildId, championshipId)
  if (championship === undefined) return undefined
  const [scoring, rounds, penalties] = await Promise.all([readScoring(db, guildId, championshipId), readRounds(db, guildId, championshipId), readPenalties(db, guildId, championshipId)])
  return { championship, system: scoring.system, rounds, penalties, standings: computeStandings({ rounds, penalties, system: scoring.system }) }
}

export const championshipTable = (guildId: string, championshipId: string) =>
  readOrRefuse("championships.standings", async (db) => {
    const table = await loadTable(db, guildId, championshipId)
    if (table === undefined) throw refuse("That championship no longer exists.")
    return table
  })

/** One row per driver and class: position, name, total, then each round's points ("" when absent, "(12)" when dropped). */
const standingsRows = (table: ChampionshipTable) =>
  table.standings.classes.flatMap((ofClass) =>
    ofClass.drivers.map((driver) => ({
      class: ofClass.carClass,
      position: driver.position,
      driver: driver.name,
      driver_id: driver.driverId,
      member_id: driver.memberId ?? "",
      team: driver.team ?? "",
      car_number: driver.carNumber ?? "",
      wins: driver.wins,
      penalty_points: driver.penaltyPoints,
      total: driver.total,
      ...Object.fromEntries(
        driver.rounds.map((round, i) => [`round_${i + 1}`, round.points === null ? "" : round.dropped ? `(${round.points})` : String(round.points)]),
      ),
    })),
  )

/** One line per team and class, keyed as the standings count them (an iRacing team id survives a rename). */
const teamStandingsRows = (table: ChampionshipTable) =>
  table.standings.classes.flatMap((ofClass) =>
    ofClass.teams.map((team) => ({ class: ofClass.carClass, position: team.position, team: team.team, team_id: team.teamId, wins: team.wins, total: team.total })),
  )

/**
 * The standings as files to attach: JSON in one file (drivers and teams per class); CSV as the
 * drivers' table, and the teams' table beside it when any class has teams (a spreadsheet holds
 * one table a file).
 */
export const exportStandings = (guildId: string, championshipId: string, format: "csv" | "json") =>
  Effect.map(championshipTable(guildId, championshipId), (table): ReadonlyArray<{ readonly name: string; readonly data: Buffer }> => {
    const stem = fileStem(table.championship.name)
    if (format === "json") {
      const body = { championship: table.championship.name, pointsSystem: table.system, rounds: table.standings.rounds, classes: table.standings.classes, penalties: table.penalties }
      return [{ name: `${stem}-standings.json`, data: Buffer.from(JSON.stringify(body, null, 2), "utf8") }]
    }
    const columns = ["class", "position", "driver", "driver_id", "member_id", "team", "car_number", "wins", "penalty_points", "total", ...table.standings.rounds.map((_, i) => `round_${i + 1}`)]
    const drivers = { name: `${stem}-standings.csv`, data: spreadsheetCsv(standingsRows(table), columns as never) }
    const teams = teamStandingsRows(table)
    return teams.length === 0 ? [drivers] : [drivers, { name: `${stem}-team-standings.csv`, data: spreadsheetCsv(teams, ["class", "position", "team", "team_id", "wins", "total"]) }]
  })

const fileStem = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "championship"
