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
import { deleteSession, insertSession, readDriverNames } from "../../adapters/sqlite/repositories/championship-results.js"
import { readChampionship } from "../../adapters/sqlite/repositories/championships.js"
import { readLinksOf } from "../../adapters/sqlite/repositories/member-links.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import { readResultsTable, type EnteredResult } from "../../domain/championships/results-table.js"
import { iracingDriverId, namedDriverId, repeatedDriver, type DriverResult } from "../../domain/championships/results.js"
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

/**
 * Who each typed driver is, read in two queries whatever the number of lines: a mention becomes the
 * member's iRacing driver when linked (so the round joins their iRacing rounds); a name already in
 * the championship, in any case or spacing, is that driver (iRacing rounds included); any other
 * name is a driver of its own.
 */
const driversOf = async (db: Kysely<DB>, guildId: string, championshipId: string, typed: ReadonlyArray<string>) => {
  const memberIds = typed.flatMap((text) => MENTION.exec(text)?.[1] ?? [])
  const names = typed.filter((text) => !MENTION.test(text))
  const [links, stored] = await Promise.all([readLinksOf(db, guildId, [...new Set(memberIds)]), names.length === 0 ? [] : readDriverNames(db, guildId, championshipId)])
  const linkOf = new Map(links.map((link) => [link.memberId, link]))
  // Spelled as the standings key names ("max racer" is the iRacing driver "Max Racer"); the first stored wins.
  const known = new Map<string, { readonly driverId: string; readonly memberId: string | null }>()
  for (const driver of stored) if (!known.has(namedDriverId(driver.name))) known.set(namedDriverId(driver.name), driver)
  return (text: string): Pick<DriverResult, "driverId" | "memberId" | "name"> => {
    const memberId = MENTION.exec(text)?.[1]
    if (memberId !== undefined) {
      const link = linkOf.get(memberId)
      return link === undefined ? { driverId: `member:${memberId}`, memberId, name: text } : { driverId: iracingDriverId(link.custId), memberId, name: link.iracingName }
    }
    const driver = known.get(namedDriverId(text))
    return driver === undefined ? { driverId: namedDriverId(text), memberId: null, name: text } : { driverId: driver.driverId, memberId: driver.memberId, name: text }
  }
}

export interface EnteredRound {
  readonly label: string
  readonly startsAt: number
  /** The championship round (event), when the results are for one; entering again replaces them. */
  readonly eventId: string | null
  readonly text: string
}

export const enterResults = Effect.fnUntraced(function* (guildId: string, actorId: string, championshipId: string, round: EnteredRound) {
  const entered = parseResultsText(round.text)
  if (Either.isLeft(entered)) return yield* Effect.fail(refuse(entered.left))
  const now = yield* Clock.currentTimeMillis
  const roundId = `manual:${round.eventId ?? newId()}`
  const label = round.label.trim().slice(0, 100) || "Round"
  const stored = yield* writeTransaction("championships.results.enter", async (trx) => {
    if ((await readChampionship(trx, guildId, championshipId)) === undefined) throw refuse("That championship no longer exists.")
    const driverOf = await driversOf(trx, guildId, championshipId, entered.right.flatMap(({ driver, coDrivers }) => [driver, ...coDrivers]))
    // Every driver of a car (the line's driver, then its co-drivers) gets the car's result.
    const results: DriverResult[] = entered.right.flatMap(({ driver, coDrivers, ...rest }) => [driver, ...coDrivers].map((typed) => ({ ...rest, ...driverOf(typed) })))
    // Two spellings of one driver (a mention and their iRacing name) are caught only here, once resolved.
    const twice = repeatedDriver(results)
    if (twice !== undefined) throw refuse(`${twice.again.name} appears twice (at positions ${twice.first.position} and ${twice.again.position}). Each driver finishes once, in one car.`)
    const replaced = await deleteSession(trx, guildId, championshipId, roundId)
    await insertSession(trx, guildId, championshipId, { roundId, source: "manual", subsessionId: null, eventId: round.eventId, label, startsAt: round.startsAt }, results, actorId, now)
    await appendAudit(trx, { guildId, actorId, action: "championships.results.enter", subject: championshipId, details: { roundId, label, drivers: results.length, replaced }, at: now })
    await enqueueFollowUps(trx, [{ _tag: "StandingsPosted", guildId, championshipId }], now)
    return { roundId, drivers: results.length, replaced }
  })
  yield* wakeFollowUps
  return stored
})
