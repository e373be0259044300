/**
 * Results arrive by themselves: after a championship round (an event) ends, each check asks
 * iRacing for the season's run sessions until the round's results are stored, for a day; then
 * it stops asking (a round not run on iRacing gets its results entered by hand). What has been
 * imported is read from the database, so a restart neither repeats nor forgets an import.
 */
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import { inGuild } from "../../adapters/sqlite/database.js"
import { Iracing } from "../../adapters/iracing/index.js"
import { readEndedIracingRounds, readEventsWithResults } from "../../adapters/sqlite/repositories/championship-results.js"
import { readQuery } from "../transaction.js"
import { importSeason } from "./import.js"
import { withLease } from "../work-lease.js"

export const AUTO_IMPORT_ACTOR = "pitboard:auto-import"
/** iRacing publishes results a few minutes after the race; asking sooner only spends the quota. */
export const RESULTS_GRACE_MS = 5 * 60_000
export const GIVE_UP_AFTER_MS = 24 * 3_600_000
/** A session launched this long before an event's start still belongs to it (practice first). */
const EARLY_LAUNCH_MS = 2 * 3_600_000

/** Longer than an import can take: a process that dies importing holds it back this long at most. */
const IMPORT_LEASE_MS = 10 * 60_000

export const runDueImports = Effect.gen(function* () {
  const iracing = yield* Iracing
  if (iracing.status === "off") return 0
  const now = yield* Clock.currentTimeMillis
  const ended = yield* readQuery("championships.ended-rounds", (db) => readEndedIracingRounds(db, now - GIVE_UP_AFTER_MS, now - RESULTS_GRACE_MS))
  const byChampionship = new Map<string, typeof ended>()
  for (const round of ended) {
    const key = `${round.guildId}/${round.championshipId}`
    byChampionship.set(key, [...(byChampionship.get(key) ?? []), round])
  }
  const lackingResults = (guildId: string, candidates: typeof ended) =>
    readQuery("championships.round-imported", (db) => readEventsWithResults(db, guildId, candidates.map((r) => r.eventId))).pipe(
      Effect.map((done) => candidates.filter((round) => !done.has(round.eventId))),
    )
  let imported = 0
  for (const candidates of byChampionship.values()) {
    const { guildId, championshipId } = candidates[0]!
    // One championship's failure (iRacing down, a wrong season id) must not stop the others.
    // Several processes on one PostgreSQL: one imports it at a time (its lease), and which rounds
    // still lack results is read again once it holds it, since another may have just imported them.
    const report = yield* Effect.gen(function* () {
      // A championship whose ended rounds all have results is passed by a read: no lease is written
      // for it at every check of the day after its round.
      if ((yield* lackingResults(guildId, candidates)).length === 0) return Option.none()
      return yield* withLease(`results:${guildId}/${championshipId ?? ""}`, IMPORT_LEASE_MS)(
        Effect.gen(function* () {
          const rounds = yield* lackingResults(guildId, candidates)
          if (rounds.length === 0) return Option.none()
          const eventOf = (launchAt: number) => rounds.find((r) => launchAt >= r.startsAt - EARLY_LAUNCH_MS && launchAt <= r.endsAt)?.eventId ?? null
          return yield* importSeason(guildId, AUTO_IMPORT_ACTOR, championshipId ?? "", eventOf).pipe(
            inGuild(guildId),
            Effect.tapError((error) => Effect.logWarning("automatic results import failed; trying again at the next check", { guildId, championshipId, error: error._tag })),
            Effect.option,
          )
        }),
      ).pipe(Effect.map(Option.flatten))
    }).pipe(
      // The database failing this championship's lease or check must not stop the others either.
      Effect.catchAllCause((cause) =>
        Effect.logWarning("could not check a championship's automatic results import; trying again at the next check", cause).pipe(
          Effect.annotateLogs({ guildId, championshipId }),
          Effect.as(Option.none()),
        ),
      ),
    )
    if (report._tag === "Some") imported += report.value.imported.length
  }
  return imported
})

export const ResultsImportLive = (checkEvery: Duration.DurationInput = "5 minutes") =>
  Layer.scopedDiscard(
    runDueImports.pipe(
      Effect.catchAllCause((cause) => Effect.logError("automatic results import check failed", cause)),
      Effect.repeat(Schedule.spaced(checkEvery)),
      Effect.forkScoped,
    ),
  )
