/** What /status shows a server's managers: is the bot itself in good shape, and what did it fail to do here. */
import { resolve } from "node:path"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { readLastBackup, type LastBackup } from "../adapters/sqlite/repositories/meta.js"
import { readBacklog, readRecentGiveUps, type Backlog } from "../adapters/sqlite/repositories/outbox.js"
import { postgresSize, sizeOnDisk, type SizeOnDisk } from "../adapters/sqlite/size-on-disk.js"
import { withoutPassword } from "../adapters/postgres/engine.js"
import { BotStatus, type GatewayState } from "./bot-status.js"
import { AppConfig, databaseLocation } from "./app-config.js"
import { syncStatus, type SyncStatus } from "./iracing/sync.js"
import { PITBOARD_VERSION } from "../shared/release-version.js"
import { readQuery } from "./transaction.js"

/** "Recently" for give-ups, as the log's Warning lines and /metrics count them. */
export const RECENT_MS = 24 * 60 * 60 * 1000
/** Enough to see a pattern (the same role, the same channel) without a wall of text. */
export const GIVE_UPS_SHOWN = 3

export interface GiveUp {
  readonly kind: string
  readonly reason: string
  readonly at: number
}

export interface ServerStatus {
  readonly version: string
  readonly now: number
  readonly startedAt: number
  readonly gateway: GatewayState
  readonly database: SizeOnDisk | undefined
  readonly lastBackup: LastBackup | undefined
  /** This server's follow-ups only. */
  readonly backlog: Backlog
  readonly giveUps: ReadonlyArray<GiveUp>
  readonly sync: SyncStatus
}

export const serverStatus = Effect.fnUntraced(function* (guildId: string) {
  const config = yield* AppConfig
  const bot = yield* BotStatus
  const now = yield* Clock.currentTimeMillis
  const stored = yield* readQuery("status.read", async (db) => ({
    lastBackup: await readLastBackup(db),
    backlog: await readBacklog(db, now - RECENT_MS, guildId),
    giveUps: await readRecentGiveUps(db, guildId, GIVE_UPS_SHOWN),
    postgresSize: Option.isSome(config.databaseUrl) ? await postgresSize(db, withoutPassword(databaseLocation(config))) : undefined,
  }))
  const database = stored.postgresSize ?? (yield* Effect.promise(() => sizeOnDisk(resolve(config.databasePath))))
  return {
    version: PITBOARD_VERSION,
    now,
    startedAt: bot.startedAt,
    gateway: bot.gateway(),
    database,
    lastBackup: stored.lastBackup,
    backlog: stored.backlog,
    giveUps: stored.giveUps.map((row) => ({ kind: row.kind, reason: row.result ?? "no reason recorded", at: row.finished_at ?? now })),
    sync: yield* syncStatus(guildId),
  } satisfies ServerStatus
})
