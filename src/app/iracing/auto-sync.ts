import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import { Iracing } from "../../adapters/iracing/index.js"
import { Database, inGuild } from "../../adapters/sqlite/database.js"
import { readAllGuildSettings } from "../../adapters/sqlite/repositories/guild-settings.js"
import { lastRunsByGuild, lastSyncRun } from "../../adapters/sqlite/repositories/sync-runs.js"
import { withLease } from "../work-lease.js"
import { AUTO_SYNC_ACTOR, intervalOf, runSync } from "./sync.js"

/**
 * Longer than a sync can take (a roster fetch bounded by the iRacing timeout, one transaction): a
 * process that dies mid-sync holds the server's sync back for at most this long.
 */
const SYNC_LEASE_MS = 10 * 60_000

/**
 * Runs each server's roster sync when its interval has passed since its last run. The "last run"
 * comes from the database, so a restart neither repeats a sync that just ran nor forgets one that
 * is overdue: an overdue sync runs at the first check after start-up.
 *
 * Several processes on one PostgreSQL all check every server: a server's sync runs in the one that
 * takes its lease ("sync:<guild id>"), which looks at the last run again once it holds it, so a
 * sync another process just finished is not run twice (iRacing allows few logins an hour).
 */
export const runDueSyncs = Effect.gen(function* () {
  const iracing = yield* Iracing
  if (iracing.status === "off") return 0
  const database = yield* Database
  const [guilds, lastRuns] = yield* database.query("sync.due", async (db) => [await readAllGuildSettings(db), await lastRunsByGuild(db)] as const)
  const now = yield* Clock.currentTimeMillis
  let ran = 0
  for (const { guildId, settings } of guilds) {
    const minutes = intervalOf(settings)
    if (minutes === 0) continue
    const last = lastRuns.get(guildId)
    if (last !== undefined && now - last < minutes * 60_000) continue
    // One server's failure (iRacing down, bad league id) is recorded and logged by runSync, and
    // must not stop the others; nor must the database failing this server's lease or last run.
    const synced = yield* withLease(`sync:${guildId}`, SYNC_LEASE_MS)(
      Effect.gen(function* () {
        const latest = yield* database.query("sync.last", (db) => lastSyncRun(db, guildId))
        const at = yield* Clock.currentTimeMillis
        if (latest !== undefined && at - latest.startedAt < minutes * 60_000) return false
        yield* runSync(guildId, "auto", AUTO_SYNC_ACTOR).pipe(Effect.ignore)
        return true
      }).pipe(inGuild(guildId)),
    ).pipe(
      Effect.catchAllCause((cause) =>
        Effect.logWarning("could not check a server's automatic sync; trying again at the next check", cause).pipe(Effect.annotateLogs({ guildId }), Effect.as(Option.none<boolean>())),
      ),
    )
    if (Option.getOrElse(synced, () => false)) ran++
  }
  return ran
})

export const AutoSyncLive = (checkEvery: Duration.DurationInput = "1 minute") =>
  Layer.scopedDiscard(
    runDueSyncs.pipe(
      Effect.catchAllCause((cause) => Effect.logError("automatic sync check failed", cause)),
      Effect.repeat(Schedule.spaced(checkEvery)),
      Effect.forkScoped,
    ),
  )
