import { existsSync } from "node:fs"
import { writeFile } from "node:fs/promises"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import { describe, expect, it } from "vitest"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { sql } from "kysely"
import {
  Database,
  DatabaseError,
  DatabaseLive,
  isUniqueViolation,
  openDatabase,
} from "../../../../src/adapters/sqlite/database.js"
import { useTempDir } from "../../../support/sqlite-test-database.js"

class NumberTaken extends Data.TaggedError("NumberTaken")<{ readonly number: number }> {}

const grant = { guild_id: "1", module: "numbers", subject_type: "role", subject_id: "2", granted_by: "3", granted_at: 0 } as const

describe("Database service", () => {
  const tempDir = useTempDir()
  const run = <A, E>(path: string, program: Effect.Effect<A, E, Database>) =>
    Effect.runPromise(program.pipe(Effect.provide(DatabaseLive(path))))

  it("GIVEN a file database THEN the per-connection pragmas are on", async () => {
    const pragmas = await run(
      join(tempDir(), "pragmas.db"),
      Effect.gen(function* () {
        const db = yield* Database
        const pragma = (name: string) => db.query(`pragma ${name}`, (k) => sql.raw(`pragma ${name}`).execute(k).then((r) => r.rows[0]))
        return {
          foreignKeys: yield* pragma("foreign_keys"),
          journalMode: yield* pragma("journal_mode"),
          busyTimeout: yield* pragma("busy_timeout"),
          synchronous: yield* pragma("synchronous"),
        }
      }),
    )
    expect(pragmas).toEqual({
      foreignKeys: { foreign_keys: 1 },
      journalMode: { journal_mode: "wal" },
      busyTimeout: { timeout: 5000 },
      synchronous: { synchronous: 1 }, // NORMAL
    })
  })

  it("GIVEN a transaction that resolves THEN it commits and returns the value", async () => {
    const path = join(tempDir(), "commit.db")
    const result = await run(
      path,
      Effect.gen(function* () {
        const db = yield* Database
        const id = yield* db.transaction("audit.write", async (trx) => {
          await trx.insertInto("guild_settings").values({ guild_id: "1", updated_at: 5 }).execute()
          const row = await trx
            .insertInto("audit_log")
            .values({ guild_id: "1", actor_id: "9", action: "settings.set", at: 5 })
            .returning("id")
            .executeTakeFirstOrThrow()
          return row.id
        })
        const rows = yield* db.query("settings.read", (k) => k.selectFrom("guild_settings").selectAll().execute())
        return { id, rows }
      }),
    )
    expect(result).toEqual({ id: 1, rows: [{ guild_id: "1", settings_json: "{}", updated_at: 5 }] })
  })

  it("GIVEN a domain error thrown inside a transaction THEN it rolls back and the error is the DatabaseError's cause", async () => {
    const path = join(tempDir(), "abort.db")
    const { error, rows } = await run(
      path,
      Effect.gen(function* () {
        const db = yield* Database
        const error = yield* Effect.flip(
          db.transaction("numbers.claim", async (trx) => {
            await trx.insertInto("module_grants").values(grant).execute()
            throw new NumberTaken({ number: 7 })
          }),
        )
        const rows = yield* db.query("grants.read", (k) => k.selectFrom("module_grants").selectAll().execute())
        return { error, rows }
      }),
    )
    expect(error).toBeInstanceOf(DatabaseError)
    expect(error._tag).toBe("DatabaseError")
    expect(error.operation).toBe("numbers.claim")
    expect(error.message).toBe("numbers.claim: NumberTaken")
    expect(error.cause).toBeInstanceOf(NumberTaken)
    expect(error.cause).toMatchObject({ _tag: "NumberTaken", number: 7 })
    expect(rows).toEqual([])
  })

  it("GIVEN a duplicate primary key or unique value THEN isUniqueViolation says so, and not for other failures", async () => {
    const path = join(tempDir(), "unique.db")
    const errors = await run(
      path,
      Effect.gen(function* () {
        const db = yield* Database
        const insertGrant = (values: typeof grant) =>
          Effect.flip(db.query("grants.insert", (k) => k.insertInto("module_grants").values(values).execute()))
        yield* db.query("grants.insert", (k) => k.insertInto("module_grants").values(grant).execute())
        yield* db.query("settings.insert", (k) => k.insertInto("guild_settings").values({ guild_id: "1", updated_at: 0 }).execute())
        return {
          compositeKey: yield* insertGrant(grant),
          textKey: yield* Effect.flip(
            db.query("settings.insert", (k) => k.insertInto("guild_settings").values({ guild_id: "1", updated_at: 0 }).execute()),
          ),
          check: yield* insertGrant({ ...grant, module: "bogus" as never }),
          notNull: yield* insertGrant({ ...grant, subject_id: null as never }),
        }
      }),
    )
    expect(isUniqueViolation(errors.compositeKey)).toBe(true)
    expect(isUniqueViolation(errors.compositeKey.cause)).toBe(true)
    expect(isUniqueViolation(errors.textKey)).toBe(true)
    expect(isUniqueViolation(errors.check)).toBe(false)
    expect(isUniqueViolation(errors.notNull)).toBe(false)
    expect(isUniqueViolation(new Error("UNIQUE constraint failed: but not from SQLite"))).toBe(false)
    for (const value of [undefined, null, "UNIQUE constraint failed", 19]) expect(isUniqueViolation(value)).toBe(false)
  })

  it("GIVEN a rowid table WHEN its integer primary key repeats THEN isUniqueViolation says so", async () => {
    const db = await openDatabase(join(tempDir(), "rowid.db"))
    try {
      await db.insertInto("audit_log").values({ id: 5, guild_id: "1", actor_id: "2", action: "x", at: 0 }).execute()
      const error = await db
        .insertInto("audit_log")
        .values({ id: 5, guild_id: "1", actor_id: "2", action: "x", at: 0 })
        .execute()
        .then(() => undefined, (e: unknown) => e)
      expect(isUniqueViolation(error)).toBe(true)
    } finally {
      await db.destroy()
    }
  })

  it("GIVEN the layer's scope ends THEN the database file is closed", async () => {
    const path = join(tempDir(), "scope.db")
    const walWhileOpen = await run(
      path,
      Effect.gen(function* () {
        const db = yield* Database
        yield* db.query("settings.insert", (k) => k.insertInto("guild_settings").values({ guild_id: "1", updated_at: 0 }).execute())
        return existsSync(`${path}-wal`)
      }),
    )
    expect(walWhileOpen).toBe(true)
    // The last connection to close checkpoints the WAL into the main file and deletes it.
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it("GIVEN an in-memory path THEN the layer works without touching the disk", async () => {
    const rows = await run(
      ":memory:",
      Effect.gen(function* () {
        const db = yield* Database
        yield* db.query("registrations.save", (k) =>
          k.insertInto("command_registrations").values({ scope: "global", hash: "abc", registered_at: 1 }).execute(),
        )
        return yield* db.query("registrations.read", (k) => k.selectFrom("command_registrations").selectAll().execute())
      }),
    )
    expect(rows).toEqual([{ scope: "global", hash: "abc", registered_at: 1 }])
  })

  it("GIVEN a path that cannot be created THEN the layer fails with DatabaseError(open)", async () => {
    const blocker = join(tempDir(), "a-file")
    await writeFile(blocker, "not a folder")
    const exit = await Effect.runPromiseExit(
      Effect.void.pipe(Effect.provide(DatabaseLive(join(blocker, "sub", "pitboard.db")))),
    )
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isFailure(exit)) {
      const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
      expect(failure).toBeInstanceOf(DatabaseError)
      expect(failure?.operation).toBe("open")
    }
  })

  it("GIVEN the calling fiber is interrupted mid-transaction THEN the transaction still finishes as a whole", async () => {
    const path = join(tempDir(), "interrupt.db")
    const rows = await run(
      path,
      Effect.gen(function* () {
        const db = yield* Database
        const fiber = yield* Effect.fork(
          db.transaction("slow.write", async (trx) => {
            await trx.insertInto("guild_settings").values({ guild_id: "1", updated_at: 0 }).execute()
            await sleep(20)
            await trx.insertInto("guild_settings").values({ guild_id: "2", updated_at: 0 }).execute()
          }),
        )
        yield* Effect.sleep("5 millis")
        yield* Fiber.interrupt(fiber)
        // Waits on the connection until the transaction is done: both rows or none, never one.
        return yield* db.query("settings.read", (k) => k.selectFrom("guild_settings").select("guild_id").orderBy("guild_id").execute())
      }),
    )
    expect(rows).toEqual([{ guild_id: "1" }, { guild_id: "2" }])
  })
})
