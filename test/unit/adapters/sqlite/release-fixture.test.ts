import { join } from "node:path"
import { describe, expect, it } from "vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { Database, DatabaseLive } from "../../../../src/adapters/sqlite/database.js"
import { migrations } from "../../../../src/adapters/sqlite/migrations/index.js"
import { FollowUpsUndelivered } from "../../../../src/app/follow-ups.js"
import { readDraftPanel } from "../../../../src/app/events/wizard.js"
import { claimNumber } from "../../../../src/app/numbers/claim-use-cases.js"
import { myNumbers } from "../../../../src/app/numbers/queries.js"
import { ModuleAccessLive } from "../../../../src/app/module-access.js"
import { readEntryList } from "../../../../src/app/race-night/entries.js"
import { gridOf, waitlistOf } from "../../../../src/machines/race-night/entry-list.js"
import { useTempDir } from "../../../support/sqlite-test-database.js"
import { writeRelease010Database } from "../../../support/released-database.js"

// Made by release 0.1.0 (commit cedd61a, the async sqlite3 driver): see test/fixtures/databases/README.md.
const GUILD = "900000000000000001"
const ADMIN = "800000000000000001"
const memberId = (i: number) => String(810000000000000000n + BigInt(i))
const actor = (userId: string) => ({ userId, roleIds: [], managesServer: false })

describe("a database made by release 0.1.0", () => {
  const tempDir = useTempDir()

  const open = () => {
    const path = join(tempDir(), "pitboard.sqlite")
    writeRelease010Database(path)
    const database = DatabaseLive(path)
    return ManagedRuntime.make(
      Layer.mergeAll(
        database,
        ModuleAccessLive.pipe(Layer.provide(database)),
        FollowUpsUndelivered,
      ),
    )
  }

  it("GIVEN the file THEN it opens, every migration since is applied once, and nothing stored is lost", async () => {
    const runtime = open()
    try {
      const applied = await runtime.runPromise(
        Effect.flatMap(Database, (db) => db.query("applied", (k) => k.selectFrom("kysely_migration" as never).select("name" as never).orderBy("name" as never).execute())),
      )
      expect(applied.map((row) => (row as { name: string }).name)).toEqual(Object.keys(await migrations.getMigrations()))
      const counts = await runtime.runPromise(
        Effect.flatMap(Database, (db) =>
          db.query("counts", async (k) => ({
            claims: (await k.selectFrom("claims").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n,
            audit: (await k.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n,
            participants: (await k.selectFrom("participants").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n,
          })),
        ),
      )
      expect(counts).toEqual({ claims: 33, audit: 47, participants: 8 })
    } finally {
      await runtime.dispose()
    }
  })

  it("GIVEN the file THEN members' numbers, the half-built draft and the event's grid read back as they were", async () => {
    const runtime = open()
    try {
      const mine = await runtime.runPromise(myNumbers(GUILD, memberId(0)))
      expect(mine.claims.map((claim) => claim.number)).toEqual(["02"])
      // The trade that was accepted swapped 22 and 23.
      expect((await runtime.runPromise(myNumbers(GUILD, memberId(20)))).claims.map((claim) => claim.number)).toEqual(["23"])

      const draftId = await runtime.runPromise(
        Effect.flatMap(Database, (db) => db.query("draft", (k) => k.selectFrom("event_drafts").select(["id", "revision"]).executeTakeFirstOrThrow())),
      )
      const { panel } = await runtime.runPromise(readDraftPanel({ guildId: GUILD, draftId: draftId.id, actorId: ADMIN, revision: draftId.revision }))
      expect(panel.view.draft.details?.title).toBe("Spa 3 Hours")
      expect(panel.view.step).toBe("track")

      const loaded = await runtime.runPromise(readEntryList(GUILD, "fixture-event-1"))
      expect(gridOf(loaded!.list).length).toBe(5)
      expect(waitlistOf(loaded!.list).length).toBe(2)
    } finally {
      await runtime.dispose()
    }
  })

  it("GIVEN the file THEN the rules still hold on old claims: a held number is refused, a released one can be claimed", async () => {
    const runtime = open()
    try {
      const taken = await runtime.runPromise(Effect.either(claimNumber({ guildId: GUILD, actor: actor(memberId(60)), number: "02" })))
      expect(Either.isLeft(taken) && taken.left.message).toMatch(/#02 is already taken in GT3/)
      const freed = await runtime.runPromise(Effect.either(claimNumber({ guildId: GUILD, actor: actor(memberId(60)), number: "05" })))
      expect(Either.isRight(freed)).toBe(true)
    } finally {
      await runtime.dispose()
    }
  })
})
