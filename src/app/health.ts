/** What /healthz and /readyz decide, and what /metrics reads at scrape time. */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { Database, rowByRow } from "../adapters/sqlite/database.js"
import { touchHealthCheck } from "../adapters/sqlite/repositories/meta.js"
import { readBacklog, type Backlog } from "../adapters/sqlite/repositories/outbox.js"
import { BotStatus, notReadyBecause } from "./bot-status.js"

/** A probe that waits longer than a service manager's own timeout tells it nothing. */
export const HEALTH_CHECK_TIMEOUT: Duration.DurationInput = "2 seconds"
const DAY = 24 * 60 * 60 * 1000

/**
 * Alive means the process answers and the database takes a write: every command writes, so a
 * database that only reads is as good as down. The write is one meta row, in a real transaction.
 */
export const healthProblems: Effect.Effect<ReadonlyArray<string>, never, Database> = Effect.gen(function* () {
  const database = yield* Database
  const now = yield* Clock.currentTimeMillis
  // One upsert: safe alone, so it waits for no server (rowByRow).
  const written = yield* rowByRow(database.transaction("health.check", (trx) => touchHealthCheck(trx, now))).pipe(
    Effect.timeoutFail({ duration: HEALTH_CHECK_TIMEOUT, onTimeout: () => `no answer within ${Duration.format(Duration.decode(HEALTH_CHECK_TIMEOUT))}` }),
    Effect.mapError((error) => (typeof error === "string" ? error : error.message)),
    Effect.either,
  )
  return Either.isLeft(written) ? [`the database did not take a write (${written.left})`] : []
})

export const readinessProblems: Effect.Effect<ReadonlyArray<string>, never, BotStatus> = Effect.map(BotStatus, notReadyBecause)

/** The outbox of every server, for the gauges; undefined when the database cannot be read. */
export const outboxBacklog: Effect.Effect<Backlog | undefined, never, Database> = Effect.gen(function* () {
  const database = yield* Database
  const now = yield* Clock.currentTimeMillis
  return yield* database.query("outbox.backlog", (db) => readBacklog(db, now - DAY)).pipe(Effect.orElseSucceed(() => undefined))
})
