// The championship use cases as the bot runs them, minus Discord: a real SQLite file, the real
// iRacing adapter (pointed at the fake when given), follow-ups written but not sent.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { IracingSettings } from "../../src/adapters/iracing/config.js"
import { defaultIracingSettings } from "../../src/adapters/iracing/config.js"
import { IracingFromSettings } from "../../src/adapters/iracing/service.js"
import { DatabaseLive } from "../../src/adapters/sqlite/database.js"
import { insertChampionship } from "../../src/adapters/sqlite/repositories/championships.js"
import { FollowUpsUndelivered } from "../../src/app/follow-ups.js"
import { readQuery } from "../../src/app/transaction.js"

export const GUILD = "900000000000000001"
export const ADMIN = "800000000000000001"

export const championshipRuntime = (path: string, iracing: IracingSettings = defaultIracingSettings) => {
  const database = DatabaseLive(path)
  return ManagedRuntime.make(Layer.mergeAll(database, IracingFromSettings(iracing).pipe(Layer.provide(database)), FollowUpsUndelivered, Logger.minimumLogLevel(LogLevel.None)))
}

export const addChampionship = (id: string, name = `Cup ${id}`) =>
  readQuery("test.championship", (db) => insertChampionship(db, GUILD, id, { name, nameKey: name.toLowerCase(), description: "" }, 0))

/** Every stored row of the results tables, in a fixed order: what "changes nothing" compares. */
export const resultsSnapshot = readQuery("test.snapshot", async (db) => ({
  sessions: await db.selectFrom("championship_sessions").selectAll().orderBy("championship_id").orderBy("round_id").execute(),
  results: await db.selectFrom("championship_results").selectAll().orderBy("championship_id").orderBy("round_id").orderBy("driver_id").execute(),
  outbox: (await db.selectFrom("outbox").select(["kind", "coalesce_key", "state"]).orderBy("id").execute()).length,
  audit: (await db.selectFrom("audit_log").select("id").execute()).length,
}))

export const run = <A, E, R>(runtime: ManagedRuntime.ManagedRuntime<R, unknown>, program: Effect.Effect<A, E, R>) => runtime.runPromise(program)
