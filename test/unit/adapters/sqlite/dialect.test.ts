import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { sql, type Kysely } from "kysely"
import { openBetterSqlite, withStatementCache } from "../../../../src/adapters/sqlite/dialect.js"
import { countRows, createItems, openScratch, useTempDir } from "../../../support/sqlite-test-database.js"

describe("Kysely's SqliteDialect over better-sqlite3, as Pitboard opens it", () => {
  const tempDir = useTempDir()
  let db: Kysely<any>
  const open = async () => {
    db = openScratch(join(tempDir(), "driver.db"))
    await createItems(db)
    return db
  }
  afterEach(async () => {
    await db?.destroy()
  })

  it("GIVEN rows WHEN inserting, updating and deleting with returning THEN each returns the affected rows", async () => {
    await open()
    const inserted = await db.insertInto("items").values({ name: "a", n: 1 }).returning(["id", "name"]).executeTakeFirstOrThrow()
    expect(inserted).toEqual({ id: 1, name: "a" })
    const updated = await db.updateTable("items").set({ n: 2 }).where("name", "=", "a").returningAll().execute()
    expect(updated).toEqual([{ id: 1, name: "a", n: 2 }])
    expect(await db.selectFrom("items").selectAll().execute()).toEqual([{ id: 1, name: "a", n: 2 }])
    const deleted = await db.deleteFrom("items").where("id", "=", 1).returning("name").execute()
    expect(deleted).toEqual([{ name: "a" }])
    expect(await countRows(db, "items")).toBe(0)
  })

  it("GIVEN writes without returning THEN insertId and affected-row counts are bigints", async () => {
    await open()
    const first = await db.insertInto("items").values({ name: "a" }).executeTakeFirstOrThrow()
    expect(first.insertId).toBe(1n)
    expect(first.numInsertedOrUpdatedRows).toBe(1n)
    const second = await db.insertInto("items").values([{ name: "b" }, { name: "c" }, { name: "d" }]).executeTakeFirstOrThrow()
    expect(second.insertId).toBe(4n)
    expect(second.numInsertedOrUpdatedRows).toBe(3n)

    const updated = await db.updateTable("items").set({ n: 7 }).where("name", "in", ["a", "b", "c"]).executeTakeFirstOrThrow()
    expect(updated.numUpdatedRows).toBe(3n)
    const deleted = await db.deleteFrom("items").where("n", "=", 7).executeTakeFirstOrThrow()
    expect(deleted.numDeletedRows).toBe(3n)

    const ignored = await db
      .insertInto("items")
      .values({ name: "d" })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirstOrThrow()
    expect(ignored.numInsertedOrUpdatedRows).toBe(0n)

    const rawUpdate = await sql`update items set n = 1`.execute(db)
    expect(rawUpdate.numAffectedRows).toBe(1n)
    const rawInsert = await sql`insert into items (name) values ('e')`.execute(db)
    const e = await db.selectFrom("items").select("id").where("name", "=", "e").executeTakeFirstOrThrow()
    expect(rawInsert.insertId).toBe(BigInt(e.id))
  })

  it("GIVEN nested savepoints WHEN rolling back to each THEN only work after that savepoint is undone", async () => {
    await open()
    const trx = await db.startTransaction().execute()
    // A failed assertion must not leave the connection held, or destroy() in afterEach waits forever.
    try {
      await trx.insertInto("items").values({ name: "before" }).execute()
      const outer = await trx.savepoint("outer").execute()
      await outer.insertInto("items").values({ name: "in outer" }).execute()
      const inner = await outer.savepoint("inner").execute()
      await inner.insertInto("items").values({ name: "in inner" }).execute()

      const afterInner = await inner.rollbackToSavepoint("inner").execute()
      const names = async (k: Kysely<any>) => (await k.selectFrom("items").select("name").orderBy("id").execute()).map((r) => r.name)
      expect(await names(afterInner)).toEqual(["before", "in outer"])

      const released = await afterInner.releaseSavepoint("inner").execute()
      const afterOuter = await released.rollbackToSavepoint("outer").execute()
      expect(await names(afterOuter)).toEqual(["before"])
      await afterOuter.releaseSavepoint("outer").execute()
      await trx.commit().execute()
      expect(await names(db)).toEqual(["before"])
    } finally {
      if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute()
    }
  })

  it("GIVEN a stream broken off early THEN its statement is finalized and the connection is free", async () => {
    await open()
    await db.insertInto("items").values(Array.from({ length: 50 }, (_, i) => ({ name: `item ${i}`, n: i }))).execute()
    const seen: number[] = []
    for await (const row of db.selectFrom("items").select("n").orderBy("id").stream()) {
      seen.push(row.n)
      if (seen.length === 3) break
    }
    expect(seen).toEqual([0, 1, 2])
    // DROP fails with "database table is locked" while any statement on the table is unfinalized.
    await db.schema.dropTable("items").execute()
    await createItems(db)
    await db.transaction().execute((trx) => trx.insertInto("items").values({ name: "after" }).execute())
    expect(await countRows(db, "items")).toBe(1)
  })

  it("GIVEN a stream read to the end THEN every row arrives once, in order", async () => {
    await open()
    await db.insertInto("items").values(Array.from({ length: 20 }, (_, i) => ({ name: `item ${i}`, n: i }))).execute()
    const seen: number[] = []
    for await (const row of db.selectFrom("items").select("n").where("n", ">=", 5).orderBy("n").stream()) seen.push(row.n)
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => i + 5))
  })

  it("GIVEN a bigint parameter THEN it is stored exactly (a snowflake-sized value keeps every digit)", async () => {
    await open()
    await db.insertInto("items").values({ name: "big", n: 1578018347059118081n as unknown as number }).execute()
    const { rows } = await sql<{ text: string }>`select cast(n as text) as text from items where name = 'big'`.execute(db)
    expect(rows).toEqual([{ text: "1578018347059118081" }])
  })

  it("GIVEN a transaction in flight WHEN the database is destroyed THEN the transaction finishes first", async () => {
    await open()
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const writing = db.transaction().execute(async (trx) => {
      await trx.insertInto("items").values({ name: "first" }).execute()
      await held
      await trx.insertInto("items").values({ name: "second" }).execute()
    })
    const closing = db.destroy()
    release()
    await writing
    await closing
    const reopened = openScratch(join(tempDir(), "driver.db"))
    try {
      expect(await countRows(reopened, "items")).toBe(2)
    } finally {
      await reopened.destroy()
    }
  })

  it("GIVEN a destroyed database THEN destroying again is harmless and queries are refused", async () => {
    await open()
    await db.destroy()
    await db.destroy()
    await expect(db.selectFrom("items").selectAll().execute()).rejects.toThrow()
  })
})

describe("the prepared-statement cache", () => {
  const tempDir = useTempDir()

  it("GIVEN the same SQL twice THEN it is prepared once; GIVEN more shapes than fit THEN the least recently used is prepared again", () => {
    const raw = openBetterSqlite(join(tempDir(), "cache.db"))
    try {
      const prepared: string[] = []
      const counting = new Proxy(raw, { get: (target, key) => (key === "prepare" ? (sql: string) => (prepared.push(sql), target.prepare(sql)) : Reflect.get(target, key, target)) })
      const db = withStatementCache(counting, 2)
      const one = db.prepare("select 1 as n")
      expect(db.prepare("select 1 as n")).toBe(one)
      expect(one.get()).toEqual({ n: 1 })
      db.prepare("select 2 as n")
      db.prepare("select 1 as n") // most recently used again
      db.prepare("select 3 as n") // evicts "select 2"
      db.prepare("select 1 as n")
      db.prepare("select 2 as n")
      expect(prepared).toEqual(["select 1 as n", "select 2 as n", "select 3 as n", "select 2 as n"])
    } finally {
      raw.close()
    }
  })
})
