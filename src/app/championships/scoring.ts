/** A championship's points system (a preset, then edits) and the iRacing season it imports from. */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { readScoring, saveScoring, type ScoringSettings } from "../../adapters/sqlite/repositories/championship-results.js"
import { readChampionship } from "../../adapters/sqlite/repositories/championships.js"
import { isPresetName, parsePointsTable, PointsSystem, PRESET_NAMES, PRESETS } from "../../domain/championships/points.js"
import { refuse } from "../refusal.js"
import { writeTransaction } from "../transaction.js"

/** What an admin may change; anything left out keeps its current value (or the preset's, when one is chosen). */
export interface PointsEdit {
  readonly preset?: string
  /** "25, 18, 15 …" */
  readonly positions?: string
  readonly beyondTable?: number
  readonly pole?: number
  readonly fastestLap?: number
  readonly mostLapsLed?: number
  readonly dropWorst?: number
  readonly minimumLaps?: number
  readonly minimumPercentOfWinner?: number
  /** A class with its own table: [class name, "10, 8, 6"]; an empty table removes it. */
  readonly classTable?: readonly [string, string]
}

const checkSystem = (candidate: PointsSystem) =>
  Either.mapLeft(Schema.validateEither(PointsSystem)(candidate), (error) => {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
    return `${issue?.path.join(".") ?? "The points system"}: ${issue?.message ?? "is not valid"}`
  })

/** The edited system, or the reason it cannot be. */
export const editPointsSystem = (current: PointsSystem, edit: PointsEdit): Either.Either<PointsSystem, string> => {
  if (edit.preset !== undefined && !isPresetName(edit.preset)) return Either.left(`There is no preset “${edit.preset.slice(0, 30)}”. Pick one of: ${PRESET_NAMES.join(", ")}.`)
  let system: PointsSystem = edit.preset !== undefined && isPresetName(edit.preset) ? PRESETS[edit.preset] : current
  if (edit.positions !== undefined) {
    const table = parsePointsTable(edit.positions)
    if (Either.isLeft(table)) return Either.left(table.left)
    system = { ...system, positions: table.right }
  }
  if (edit.classTable !== undefined) {
    const [carClass, text] = edit.classTable
    const { [carClass]: _replaced, ...others } = system.classTables
    const table = parsePointsTable(text)
    if (Either.isLeft(table)) return Either.left(table.left)
    system = { ...system, classTables: table.right.length === 0 ? others : { ...others, [carClass]: table.right } }
  }
  system = {
    ...system,
    beyondTable: edit.beyondTable ?? system.beyondTable,
    bonus: { pole: edit.pole ?? system.bonus.pole, fastestLap: edit.fastestLap ?? system.bonus.fastestLap, mostLapsLed: edit.mostLapsLed ?? system.bonus.mostLapsLed },
    dropWorst: edit.dropWorst ?? system.dropWorst,
    minimumLaps: edit.minimumLaps ?? system.minimumLaps,
    minimumPercentOfWinner: edit.minimumPercentOfWinner ?? system.minimumPercentOfWinner,
  }
  // A system changed by hand says so, so nobody takes it for the preset it started from.
  const edited = Object.keys(edit).some((key) => key !== "preset")
  return checkSystem(edited ? { ...system, name: `${system.name.replace(/, edited$/, "")}, edited` } : system)
}

const changeScoring = (operation: string, guildId: string, actorId: string, championshipId: string, change: (current: ScoringSettings) => Either.Either<ScoringSettings, string>) =>
  Effect.flatMap(Clock.currentTimeMillis, (now) =>
    writeTransaction(operation, async (trx) => {
      const championship = await readChampionship(trx, guildId, championshipId)
      if (championship === undefined) throw refuse("That championship no longer exists.")
      const before = await readScoring(trx, guildId, championshipId)
      const after = change(before)
      if (Either.isLeft(after)) throw refuse(after.left)
      await saveScoring(trx, guildId, championshipId, after.right, actorId, now)
      await appendAudit(trx, { guildId, actorId, action: operation, subject: championshipId, details: { before, after: after.right }, at: now })
      return { championship, scoring: after.right }
    }),
  )

export const setPointsSystem = (guildId: string, actorId: string, championshipId: string, edit: PointsEdit) =>
  changeScoring("championships.points", guildId, actorId, championshipId, (current) => Either.map(editPointsSystem(current.system, edit), (system) => ({ ...current, system })))

export const setIracingSeason = (guildId: string, actorId: string, championshipId: string, leagueId: number, seasonId: number) =>
  changeScoring("championships.iracing-season", guildId, actorId, championshipId, (current) =>
    Number.isInteger(leagueId) && leagueId > 0 && Number.isInteger(seasonId) && seasonId > 0
      ? Either.right({ ...current, iracingLeagueId: leagueId, iracingSeasonId: seasonId })
      : Either.left("League and season ids are whole numbers, as in the iRacing league page's address (league_id=…, season_id=…)."),
  )
