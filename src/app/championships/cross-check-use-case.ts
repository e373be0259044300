import * as Effect from "effect/Effect"
import { Iracing } from "../../adapters/iracing/index.js"
import { readScoring } from "../../adapters/sqlite/repositories/championship-results.js"
import { crossCheck, crossCheckTeams } from "../../domain/championships/cross-check.js"
import { refuse } from "../refusal.js"
import { readQuery } from "../transaction.js"
import { championshipTable } from "./standings-use-cases.js"

/**
 * The differences between our table and iRacing's league standings for the championship's season:
 * drivers by cust_id and, where iRacing's team standings can be read, teams by team id
 * (`teams` null when they cannot).
 */
export const crossCheckWithIracing = Effect.fnUntraced(function* (guildId: string, championshipId: string) {
  const table = yield* championshipTable(guildId, championshipId)
  const scoring = yield* readQuery("championships.scoring", (db) => readScoring(db, guildId, championshipId))
  if (scoring.iracingLeagueId === null || scoring.iracingSeasonId === null) {
    return yield* Effect.fail(refuse("This championship has no iRacing season to compare with. Set it with /championship import."))
  }
  const iracing = yield* Iracing
  const theirs = yield* iracing.seasonStandings(scoring.iracingLeagueId, scoring.iracingSeasonId)
  return {
    table,
    differences: crossCheck(table.standings, theirs.drivers),
    compared: theirs.drivers.length,
    teams: theirs.teams === null ? null : { differences: crossCheckTeams(table.standings, theirs.teams), compared: theirs.teams.length },
  }
})
