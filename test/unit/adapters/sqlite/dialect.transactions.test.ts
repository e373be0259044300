import { createRequire } from "node:module"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import { afterEach, describe, expect, it } from "vitest"
import { CompiledQuery, sql, type Kysely } from "kysely"
import { Worker } from "node:worker_threads"
import { sqliteDialect } from "../../../../src/adapters/sqlite/dialect.js"
import { countRows, createItems, openScratch, useTempDir } from "../../../support/sqlite-test-database.js"

const require = createRequire(import.meta.url)

const createParentChild = async (db: Kysely<any>) => {
  await db.schema.createTable("parent").addColumn("id", "integer", (c) => c.primaryKey()).execute()
  await db.schema
    .createTable("child")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("parent_id", "integer", (c) => c.notNull().references("parent.id"))
    .execute()
}

describe("transactions on the single shared connection", () => {
  const tempDir = useTempDir()
  let db: Kysely<any>
  const path = () => join(tempDir(), "trx.db")
  afterEach(async () => {
    await db?.destroy()
  })

  it("GIVEN concurrent read-modify-write transactions THEN none interleave and no update is lost", async () => {
    db = openScratch(path())
    await db.schema.createTable("counter").addColumn("value", "integer", (c) => c.notNull()).execute()
    await db.insertInto("counter").values({ value: 0 }).execute()
    const log: string[] = []
    const increment = (i: number) =>
      db.transaction().execute(async (trx) => {
        log.push(`begin ${i}`)
        const { value } = await trx.selectFrom("counter").select("value").executeTakeFirstOrThrow()
        await sleep(2) // an await between read and write invites another caller in
        await trx.updateTable("counter").set({ value: value + 1 }).execute()
        log.push(`end ${i}`)
      })
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i)))

    expect((await db.selectFrom("counter").select("value").executeTakeFirstOrThrow()).value).toBe(20)
    const pairs = Array.from({ length: 20 }, (_, i) => [log[2 * i], log[2 * i + 1]])
    for (const [begin, end] of pairs) expect(end).toBe(begin!.replace("begin", "end"))
    // FIFO: transactions run in the order they were asked for.
    expect(log.filter((entry) => entry.startsWith("begin"))).toEqual(Array.from({ length: 20 }, (_, i) => `begin ${i}`))
  })

  it("GIVEN an open transaction WHEN a plain query arrives THEN it waits and never sees uncommitted rows", async () => {
    db = openScratch(path())
    await createItems(db)
    let inserted!: () => void
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve))
    const outcome = db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto("items").values({ name: "uncommitted" }).execute()
        inserted()
        await sleep(30)
        throw new Error("abort")
      })
      .then(
        () => "committed",
        (error: Error) => error.message,
      )
    await insertedSignal
    expect(await countRows(db, "items")).toBe(0)
    expect(await outcome).toBe("abort")
  })

  it("GIVEN COMMIT fails THEN the connection is no longer inside the transaction", async () => {
    db = openScratch(path())
    await createParentChild(db)
    await db.destroy()

    const driver = sqliteDialect(path()).createDriver()
    await driver.init()
    const connection = await driver.acquireConnection()
    try {
      await driver.beginTransaction(connection, {})
      await connection.executeQuery(CompiledQuery.raw("pragma defer_foreign_keys = on"))
      await connection.executeQuery(CompiledQuery.raw("insert into child (id, parent_id) values (1, 999)"))
      await expect(driver.commitTransaction(connection)).rejects.toThrow(/FOREIGN KEY constraint failed/)
      // "cannot start a transaction within a transaction" if the failed COMMIT left it open.
      await connection.executeQuery(CompiledQuery.raw("begin immediate"))
      const { rows } = await connection.executeQuery<{ c: number }>(CompiledQuery.raw("select count(*) as c from child"))
      expect(rows).toEqual([{ c: 0 }])
      await driver.rollbackTransaction(connection)
    } finally {
      await driver.releaseConnection(connection)
      await driver.destroy()
    }
  })

  it("GIVEN COMMIT fails inside db.transaction() THEN the caller sees the commit error and the next transaction works", async () => {
    db = openScratch(path())
    await createParentChild(db)
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`pragma defer_foreign_keys = on`.execute(trx)
        await trx.insertInto("child").values({ id: 1, parent_id: 999 }).execute()
      }),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/)
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("parent").values({ id: 1 }).execute()
      await trx.insertInto("child").values({ id: 1, parent_id: 1 }).execute()
    })
    expect(await db.selectFrom("child").selectAll().execute()).toEqual([{ id: 1, parent_id: 1 }])
  })

  it("GIVEN another connection holds the write lock THEN our transaction waits for it, then reads its commit and writes", async () => {
    db = openScratch(path())
    await createItems(db)
    // better-sqlite3 waits for a lock synchronously, so the other writer must live on another
    // thread: on this one it could never commit while we wait.
    const other = new Worker(
      `const { workerData, parentPort } = require("node:worker_threads")
       const Database = require(workerData.module)
       const db = new Database(workerData.path)
       db.exec("begin immediate; insert into items (name) values ('other')")
       parentPort.postMessage("locked")
       setTimeout(() => { db.exec("commit"); db.close(); parentPort.postMessage("committed") }, 1200)`,
      { eval: true, workerData: { path: path(), module: require.resolve("better-sqlite3") } },
    )
    const messages: string[] = []
    const locked = new Promise<void>((resolve) => other.on("message", (m: string) => (messages.push(m), m === "locked" && resolve())))
    await locked
    const started = Date.now()
    const outcome = await db
      .transaction()
      .execute(async (trx) => {
        // Read, then write: under a deferred BEGIN this read pins a snapshot that the other
        // commit makes stale, and the write then fails with SQLITE_BUSY_SNAPSHOT.
        const seen = await countRows(trx, "items")
        await trx.insertInto("items").values({ name: "ours" }).execute()
        return `committed after seeing ${seen}`
      })
      .catch((error: Error) => error.message)
    // SQLite's own default busy wait is 0 ms: only our busy_timeout keeps us waiting this long.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(outcome).toBe("committed after seeing 1")
    await new Promise<void>((resolve) => other.once("exit", () => resolve()))
    expect(messages).toEqual(["locked", "committed"])
    const names = await db.selectFrom("items").select("name").orderBy("id").execute()
    expect(names.map((r) => r.name)).toEqual(["other", "ours"])
  })
})
