/**
 * Results for a race not run on iRacing, typed into a form or uploaded as CSV. Entering a round's
 * results again replaces them (same round id), in one transaction with the audit entry and the
 * standings post.
 */
import { parse } from "csv/sync"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { Kysely } from "kysely"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { deleteSession, insertSession } from "../../adapters/sqlite/repositories/championship-results.js"
import { readChampionship } from "../../adapters/sqlite/repositories/championships.js"
import { readLink } from "../../adapters/sqlite/repositories/member-links.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import { readResultsTable, type EnteredResult } from "../../domain/championships/results-table.js"
import { iracingDriverId, namedDriverId, type DriverResult } from "../../domain/championships/results.js"
import { newId } from "../ids.js"
import { wakeFollowUps } from "../follow-ups.js"
import { refuse } from "../refusal.js"
import { writeTransaction } from "../transaction.js"

/** Commas, semicolons (European spreadsheets) or tabs (pasted from a sheet): whichever the header uses. */
const delimiterOf = (text: string) => {
  const header = text.split(/\r?\n/, 1)[0] ?? ""
  return header.includes("\t") ? "\t" : header.split(";").length > header.split(",").length ? ";" : ","
}

export const parseResultsText = (text: string): Either.Either<ReadonlyArray<EnteredResult>, string> => {
  let rows: string[][]
  try {
    rows = parse(text.replace(/^\uFEFF/, ""), { delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: true, trim: true })
  } catch (error) {
    return Either.left(`The CSV could not be read (${error instanceof Error ? error.message.slice(0, 120) : "bad format"}). Put one result per line, cells separated by commas.`)
  }
  return readResultsTable(rows)
}

const MENTION = /^<@!?(\d{17,20})>$/

/** A mention becomes the member's iRacing driver when linked (so the round joins their iRacing rounds). */
const driverOf = async (db: Kysely<DB>, guildId: string, championshipId: string, typed: string): Promise<Pick<DriverResult, "driverId" | "memberId" | "name">> => {
  const mention = MENTION.exec(typed)
  if (mention !== null) {
    const memberId = mention[1]!
    const link = await readLink(db, guildId, memberId)
    return link === undefined ? { driverId: `member:${memberId}`, memberId, name: typed } : { driverId: iracingDriverId(link.custId), memberId, name: link.iracingName }
  }
  // The same name as a driver already in the championship is that driver (iRacing rounds included).
  const known = await db
    .selectFrom("championship_results")
    .select(["driver_id", "member_id"])
    .where("guild_id", "=", guildId)
    .where("championship_id", "=", championshipId)
    .where("name", "=", typed)
    .limit(1)
    .executeTakeFirst()
  return known === undefined ? { driverId: namedDriverId(typed), memberId: null, name: typed } : { driverId: known.driver_id, memberId: known.member_id, name: typed }
}

export interface EnteredRound {
  readonly label: string
  readonly startsAt: number
  /** The championship round (event), when the results are for one; entering again replaces them. */
  readonly eventId: string | null
  readonly text: string
}

export const enterResults = Effect.fn("Championships.enterResults")(function* (guildId: string, actorId: string, championshipId: string, round: EnteredRound) {
  const entered = parseResultsText(round.text)
  if (Either.isLeft(entered)) return yield* Effect.fail(refuse(entered.left))
  const now = yield* Clock.currentTimeMillis
  const roundId = `manual:${round.eventId ?? newId()}`
  const label = round.label.trim().slice(0, 100) || "Round"
  const stored = yield* writeTransaction("championships.results.enter", async (trx) => {
    if ((await readChampionship(trx, guildId, championshipId)) === undefined) throw refuse("That championship no longer exists.")
    const results: DriverResult[] = []
    // Every driver of a car (the line's driver, then its co-drivers) gets the car's result.
    for (const { driver, coDrivers, ...rest } of entered.right) for (const typed of [driver, ...coDrivers]) results.push({ ...rest, ...(await driverOf(trx, guildId, championshipId, typed)) })
    // Two spellings of one driver (a mention and their iRacing name) are caught only here, once resolved.
    const twice = results.find((r, i) => results.findIndex((o) => o.driverId === r.driverId) !== i)
    if (twice !== undefined) throw refuse(`${twice.name} appears twice (at positions ${results.find((o) => o.driverId === twice.driverId)!.position} and ${twice.position}). Each driver finishes once, in one car.`)
    const replaced = await deleteSession(trx, guildId, championshipId, roundId)
    await insertSession(trx, guildId, championshipId, { roundId, source: "manual", subsessionId: null, eventId: round.eventId, label, startsAt: round.startsAt }, results, actorId, now)
    await appendAudit(trx, { guildId, actorId, action: "championships.results.enter", subject: championshipId, details: { roundId, label, drivers: results.length, replaced }, at: now })
    await enqueueFollowUps(trx, [{ _tag: "StandingsPosted", guildId, championshipId }], now)
    return { roundId, drivers: results.length, replaced }
  })
  yield* wakeFollowUps
  return stored
})
