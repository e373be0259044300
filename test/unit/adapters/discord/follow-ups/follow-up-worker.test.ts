// SQLite: one process owns the file, so the worker has nobody's rows to take over while it runs.
import { join } from "node:path"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { describe, expect, it } from "vitest"
import { makeDatabase, openDatabase } from "../../../../../src/adapters/sqlite/database.js"
import { makeFollowUpWorker } from "../../../../../src/adapters/discord/follow-ups/follow-up-worker.js"
import { sent } from "../../../../../src/adapters/discord/follow-ups/follow-up-outcome.js"
import { NO_METRICS } from "../../../../../src/shared/metrics.js"
import { useTempDir, useOpenedDatabases } from "../../../../support/sqlite-test-database.js"

describe("the follow-up worker on SQLite", () => {
  const tempDir = useTempDir()
  const closing = useOpenedDatabases()

  it("GIVEN a sole process with short leases THEN it takes interrupted rows back at start and never runs the periodic take-over pass", async () => {
    const kysely = closing(await openDatabase(join(tempDir(), "worker.sqlite")))
    const operations: string[] = []
    const database = makeDatabase(kysely, { ...NO_METRICS, transaction: (operation) => void operations.push(operation) })
    const scope = Effect.runSync(Scope.make())
    try {
      // A 600 ms lease: a take-over pass would be due every 200 ms.
      const worker = await Effect.runPromise(makeFollowUpWorker(database, () => Effect.succeed(sent()), { lease: "600 millis", shutdownGrace: 0 }).pipe(Scope.extend(scope)))
      // Woken as commits wake it, for over a second: each wake-up goes round the loop once.
      for (let i = 0; i < 12; i++) {
        await Effect.runPromise(worker.wake)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    } finally {
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
    expect(operations).toContain("outbox.resume")
    expect(operations).not.toContain("outbox.take-over")
  })
})
