import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import { Iracing } from "../../adapters/iracing/index.js"
import { Database } from "../../adapters/sqlite/database.js"
import { readAllGuildSettings } from "../../adapters/sqlite/repositories/guild-settings.js"
import { lastRunsByGuild } from "../../adapters/sqlite/repositories/sync-runs.js"
import { AUTO_SYNC_ACTOR, intervalOf, runSync } from "./sync.js"

/**
 * Runs each server's roster sync when its interval has passed since its last run. The "last run"
 * comes from the database, so a restart neither repeats a sync that just ran nor forgets one that
 * is overdue: an overdue sync runs at the first check after start-up.
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
    ran++
    // One server's failure (iRacing down, bad league id) is recorded and logged by runSync, and
    // must not stop the others.
    yield* runSync(guildId, "auto", AUTO_SYNC_ACTOR).pipe(Effect.ignore)
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
