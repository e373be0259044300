/**
 * Importing a championship's results from iRacing. Each session is stored in ONE transaction,
 * keyed "ir:<subsession_id>": an interrupted import leaves every session either fully stored or
 * absent, and importing a stored session again changes nothing. The announcement of the new
 * standings is written in the same transaction; several sessions in a row fold into one post.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { Iracing, type ImportedSession, type IracingError } from "../../adapters/iracing/index.js"
import type { Database, DatabaseError } from "../../adapters/sqlite/database.js"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { hasSession, insertSession, readMembersOfCustomers, readScoring } from "../../adapters/sqlite/repositories/championship-results.js"
import { readChampionship } from "../../adapters/sqlite/repositories/championships.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"
import { wakeFollowUps, type FollowUps } from "../follow-ups.js"
import { refuse, type Refusal } from "../refusal.js"
import { readOrRefuse, writeTransaction } from "../transaction.js"

export const roundIdOfSubsession = (subsessionId: number) => `ir:${subsessionId}`

const custIdOf = (driverId: string) => Number(driverId.slice("ir:".length))

export interface SessionToStore {
  readonly guildId: string
  readonly championshipId: string
  readonly actorId: string
  readonly session: ImportedSession
  /** The championship round (event) the session ran as, when known. */
  readonly eventId: string | null
}

/** True when stored now; false when it already was. */
export const storeImportedSession = ({ guildId, championshipId, actorId, session, eventId }: SessionToStore): Effect.Effect<boolean, Refusal | DatabaseError, Database> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) =>
    writeTransaction("championships.import-session", async (trx) => {
      const roundId = roundIdOfSubsession(session.subsessionId)
      if (await hasSession(trx, guildId, championshipId, roundId)) return false
      if ((await readChampionship(trx, guildId, championshipId)) === undefined) throw refuse("That championship no longer exists.")
      const members = await readMembersOfCustomers(trx, guildId, session.results.map((r) => custIdOf(r.driverId)))
      // Unlinked drivers keep their iRacing name and id: linking later shows them as members from the next import.
      const results = session.results.map((r) => ({ ...r, memberId: members.get(custIdOf(r.driverId)) ?? null }))
      const label = session.track === "" ? `Session ${session.subsessionId}` : session.track
      await insertSession(trx, guildId, championshipId, { roundId, source: "iracing", subsessionId: session.subsessionId, eventId, label, startsAt: session.startsAt }, results, actorId, now)
      await appendAudit(trx, { guildId, actorId, action: "championships.results.import", subject: championshipId, details: { subsessionId: session.subsessionId, eventId, drivers: results.length }, at: now })
      await enqueueFollowUps(trx, [{ _tag: "StandingsPosted", guildId, championshipId }], now)
      return true
    }),
  )

export interface ImportReport {
  readonly imported: ReadonlyArray<number>
  readonly alreadyStored: ReadonlyArray<number>
  /** Sessions iRacing could not give; the rest were still imported. */
  readonly failed: ReadonlyArray<{ readonly subsessionId: number; readonly error: IracingError }>
}

const iracingSeason = (guildId: string, championshipId: string) =>
  readOrRefuse("championships.import-season", async (db) => {
    if ((await readChampionship(db, guildId, championshipId)) === undefined) throw refuse("That championship no longer exists.")
    const scoring = await readScoring(db, guildId, championshipId)
    if (scoring.iracingLeagueId === null || scoring.iracingSeasonId === null) {
      throw refuse("This championship has no iRacing season yet. Set the league and season id with /championship import first.")
    }
    return { leagueId: scoring.iracingLeagueId, seasonId: scoring.iracingSeasonId }
  })

/**
 * Imports every run session of the championship's iRacing season not stored yet. A session iRacing
 * fails to give is reported and left for the next import; the others are stored.
 */
export const importSeason = Effect.fnUntraced(function* (
  guildId: string,
  actorId: string,
  championshipId: string,
  eventOf: (launchAt: number) => string | null = () => null,
): Effect.fn.Return<ImportReport, Refusal | DatabaseError | IracingError, Database | Iracing | FollowUps> {
  const season = yield* iracingSeason(guildId, championshipId)
  const iracing = yield* Iracing
  const sessions = yield* iracing.seasonSessions(season.leagueId, season.seasonId)
  const imported: number[] = []
  const alreadyStored: number[] = []
  const failed: Array<{ subsessionId: number; error: IracingError }> = []
  const storedBefore = yield* readOrRefuse("championships.stored-sessions", async (db) => {
    const found = new Set<number>()
    for (const listed of sessions) if (await hasSession(db, guildId, championshipId, roundIdOfSubsession(listed.subsessionId))) found.add(listed.subsessionId)
    return found
  })
  const missing = sessions.filter((listed) => !storedBefore.has(listed.subsessionId))
  alreadyStored.push(...sessions.filter((listed) => storedBefore.has(listed.subsessionId)).map((listed) => listed.subsessionId))
  // A few downloads at once hide the round trips; the adapter's gate still keeps to iRacing's quota.
  const fetched = yield* Effect.forEach(missing, (listed) => Effect.either(iracing.subsessionResults(listed.subsessionId)), { concurrency: 3 })
  for (const [index, listed] of missing.entries()) {
    const session = fetched[index]!
    if (session._tag === "Left") {
      failed.push({ subsessionId: listed.subsessionId, error: session.left })
      continue
    }
    const fresh = yield* storeImportedSession({ guildId, championshipId, actorId, session: session.right, eventId: eventOf(listed.launchAt) })
    ;(fresh ? imported : alreadyStored).push(listed.subsessionId)
  }
  if (imported.length > 0) yield* wakeFollowUps
  return { imported, alreadyStored, failed }
})
