// A pass over every server's automatic sync: a database failure with one server's lease is that
// server's, logged, and the pass goes on to the others.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { describe, expect, it } from "vitest"
import { IracingFromSettings } from "../../../../src/adapters/iracing/service.js"
import { Database, DatabaseError } from "../../../../src/adapters/sqlite/database.js"
import { writeGuildSettings } from "../../../../src/adapters/sqlite/repositories/guild-settings.js"
import { FollowUpsUndelivered } from "../../../../src/app/follow-ups.js"
import { runDueSyncs } from "../../../../src/app/iracing/auto-sync.js"
import { TestDatabaseLive } from "../../../support/test-database.js"
import { settingsFor, useWorld } from "../../adapters/iracing/helpers.js"

describe("the automatic sync's pass over the servers", () => {
  const world = useWorld()

  it("GIVEN two servers due and the database failing the first lease asked for THEN that server is skipped this time and the other is still synced", async () => {
    const asked: string[] = []
    let failures = 1
    const real = TestDatabaseLive(world.dbPath)
    const flaky = Layer.effect(
      Database,
      Effect.map(Database, (database) => ({
        ...database,
        query: <A>(operation: string, f: Parameters<typeof database.query<A>>[1]) => {
          asked.push(operation)
          return operation === "lease.take" && failures-- > 0 ? Effect.fail(new DatabaseError({ cause: new Error("connection lost"), operation })) : database.query(operation, f)
        },
      })),
    ).pipe(Layer.provide(real))
    const runtime = ManagedRuntime.make(
      Layer.mergeAll(flaky, IracingFromSettings(settingsFor(world.fake)).pipe(Layer.provide(flaky)), FollowUpsUndelivered, Logger.minimumLogLevel(LogLevel.None)),
    )
    try {
      await runtime.runPromise(
        Effect.flatMap(Database, (database) =>
          database.query("test.settings", async (db) => {
            await writeGuildSettings(db, "900000000000000001", { iracingLeagueId: 1001 }, 0)
            await writeGuildSettings(db, "900000000000000002", { iracingLeagueId: 1002 }, 0)
          }),
        ),
      )
      const ran = await runtime.runPromise(runDueSyncs)
      expect(asked.filter((operation) => operation === "lease.take")).toHaveLength(2)
      expect(ran).toBe(1)
    } finally {
      await runtime.dispose()
    }
  })
})
