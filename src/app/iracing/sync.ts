import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { Iracing, type LeagueRoster } from "../../adapters/iracing/index.js"
import { Database } from "../../adapters/sqlite/database.js"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { readLinks, refreshLinkNames } from "../../adapters/sqlite/repositories/member-links.js"
import { readActiveClaims } from "../../adapters/sqlite/repositories/number-claims.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"
import { lastSyncRun, readSyncRun, recordSyncRun } from "../../adapters/sqlite/repositories/sync-runs.js"
import { DEFAULT_SYNC_INTERVAL_MINUTES } from "../../domain/server-settings.js"
import { isEmptyPlan, reconcile, storedSyncReport, type SyncReport, type SyncRun } from "../../domain/roster/reconcile.js"
import { wakeFollowUps } from "../follow-ups.js"
import { stepStoredClaim } from "../numbers/claim-use-cases.js"
import { readSettings } from "../numbers/setup.js"
import { refuse } from "../refusal.js"
import { writeTransaction, readQuery } from "../transaction.js"
import { explainIracing } from "./errors.js"

/** Who the claim history names when a sync confirms a claim on its own. */
export const AUTO_SYNC_ACTOR = "pitboard:auto-sync"

export interface SyncResult {
  readonly report: SyncReport
  /** Names the stored run, so report pages and the CSV can be fetched later. */
  readonly runId: number
  readonly league: Pick<LeagueRoster, "leagueId" | "leagueName">
  readonly rosterSize: number
  readonly durationMs: number
}

export const summaryOf = (report: SyncReport): Record<string, number> => ({
  confirmed: report.confirmedCount,
  newlyConfirmed: report.plan.confirm.length,
  unconfirmed: report.plan.unconfirm.length,
  toSet: report.toSet.length,
  unclaimed: report.unclaimed.length,
  heldByOthers: report.heldByOthers.length,
  duplicates: report.duplicates.length,
  linkedNotInLeague: report.linkedNotInLeague.length,
  unlinkedHolders: report.unlinkedHolders.length,
})

const record = (guildId: string, run: SyncRun) =>
  Effect.flatMap(Database, (db) => db.transaction("sync.record", (trx) => recordSyncRun(trx, guildId, run))).pipe(Effect.orDie)

/**
 * Fetches the league roster, reconciles it with the server's claims and links, and applies the
 * plan in ONE transaction: if anything fails midway, no claim changes. Every run is recorded for
 * /syncstatus, failed ones too.
 */
export const runSync = Effect.fnUntraced(function* (guildId: string, trigger: "manual" | "auto", actorId: string) {
  const settings = yield* readSettings(guildId)
  if (settings.iracingLeagueId === undefined) return yield* Effect.fail(refuse("No iRacing league is set for this server. An admin can set its id in /setup."))
  const leagueId = settings.iracingLeagueId
  const iracing = yield* Iracing
  const startedAt = yield* Clock.currentTimeMillis
  /**
   * Recorded for /syncstatus, and logged: an automatic sync has no admin watching, so the log
   * is the only place a volunteer finds why the roster stopped moving.
   */
  const failed = (error: string, kind: string, detail?: unknown) =>
    Effect.logWarning(`roster sync failed, nothing was changed: ${error}`, ...(detail === undefined ? [] : [detail])).pipe(
      Effect.annotateLogs({ guildId, leagueId, trigger, failure: kind }),
      Effect.zipRight(Clock.currentTimeMillis),
      Effect.flatMap((finishedAt) => record(guildId, { trigger, startedAt, finishedAt, outcome: "failed", summary: {}, error })),
    )

  const roster = yield* iracing.leagueRoster(leagueId).pipe(
    Effect.tapError((error) => failed(error.message, error._tag)),
    Effect.mapError(explainIracing),
  )
  const at = yield* Clock.currentTimeMillis
  const result = yield* writeTransaction("sync.apply", async (trx) => {
    const [claims, links] = await Promise.all([readActiveClaims(trx, guildId), readLinks(trx, guildId)])
    const report = reconcile(guildId, claims, links, roster.roster)
    for (const claimId of report.plan.confirm) await stepStoredClaim(trx, guildId, claimId, { type: "CONFIRM", actorId, at, reason: `seen in iRacing league ${leagueId}` }, "number.confirm")
    for (const claimId of report.plan.unconfirm) await stepStoredClaim(trx, guildId, claimId, { type: "UNCONFIRM", actorId, at, reason: `no longer shown in iRacing league ${leagueId}` }, "number.unconfirm")
    await refreshLinkNames(trx, guildId, links, new Map(roster.roster.map((entry) => [entry.custId, entry.displayName])))
    const summary = summaryOf(report)
    const runId = await recordSyncRun(trx, guildId, { trigger, startedAt, finishedAt: at, outcome: "ok", summary, error: null, report })
    await appendAudit(trx, { guildId, actorId, action: "sync.run", subject: String(leagueId), details: { trigger, runId, ...summary }, at })
    if (!isEmptyPlan(report.plan)) {
      await enqueueFollowUps(trx, [{ _tag: "SyncSummary", guildId, runId, leagueId: roster.leagueId, leagueName: roster.leagueName, rosterSize: roster.roster.length }], at)
    }
    return { report, runId }
  }).pipe(
    Effect.tapError((error) =>
      error._tag === "Refusal" ? failed(error.message, error._tag) : failed("the database refused the changes; nothing was changed", error._tag, error.cause),
    ),
  )
  const finishedAt = yield* Clock.currentTimeMillis
  const { report, runId } = result
  if (!isEmptyPlan(report.plan)) yield* wakeFollowUps
  return { report, runId, league: { leagueId: roster.leagueId, leagueName: roster.leagueName }, rosterSize: roster.roster.length, durationMs: finishedAt - startedAt } satisfies SyncResult
})

export interface SyncStatus {
  readonly leagueId: number | undefined
  readonly intervalMinutes: number
  readonly last: SyncRun | undefined
  /** When the automatic sync will next run, or undefined when it is off. */
  readonly nextAt: number | undefined
  readonly iracing: "on" | "off"
}

/** A stored report by run id, for report pages and the CSV button. */
export const storedReport = Effect.fnUntraced(function* (guildId: string, runId: number) {
  const run = yield* readQuery("sync.read", (k) => readSyncRun(k, guildId, runId))
  if (run?.report === undefined) return yield* Effect.fail(refuse("That sync report is no longer available. Run /sync again."))
  return { run, report: storedSyncReport(run.report) }
})

export const intervalOf = (settings: { readonly iracingLeagueId?: number | undefined; readonly syncIntervalMinutes?: number | undefined }) =>
  settings.iracingLeagueId === undefined ? 0 : (settings.syncIntervalMinutes ?? DEFAULT_SYNC_INTERVAL_MINUTES)

export const syncStatus = Effect.fnUntraced(function* (guildId: string) {
  const settings = yield* readSettings(guildId)
  const iracing = yield* Iracing
  const last = yield* readQuery("sync.last", (k) => lastSyncRun(k, guildId))
  const now = yield* Clock.currentTimeMillis
  const intervalMinutes = intervalOf(settings)
  const nextAt = intervalMinutes === 0 || iracing.status === "off" ? undefined : Math.max(now, (last?.startedAt ?? now) + intervalMinutes * 60_000)
  return { leagueId: settings.iracingLeagueId, intervalMinutes, last, nextAt, iracing: iracing.status } satisfies SyncStatus
})
