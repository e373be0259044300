/**
 * The dialect against a model: any sequence of inserts, deletes and (possibly aborted)
 * transactions leaves the table holding exactly what a Map would.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Kysely } from "kysely"
import { isUniqueViolation } from "../../src/adapters/sqlite/database.js"
import { openScratch } from "../support/sqlite-test-database.js"

type Write = { readonly op: "insert"; readonly key: string; readonly value: number } | { readonly op: "delete"; readonly key: string }
type Step = Write | { readonly op: "transaction"; readonly writes: ReadonlyArray<Write>; readonly abort: boolean }

// Few keys, so inserts often collide with existing rows and deletes often hit.
const key = fc.constantFrom("a", "b", "c", "d", "e")
const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ op: fc.constant("insert" as const), key, value: fc.integer({ min: -1000, max: 1000 }) }),
  fc.record({ op: fc.constant("delete" as const), key }),
)
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: write },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("transaction" as const), writes: fc.array(write, { maxLength: 6 }), abort: fc.boolean() }) },
)

class Abort extends Error {}

// Applies one write to both sides; a duplicate insert must fail as a unique violation in
// the database exactly when the model already holds the key.
const apply = async (db: Kysely<any>, model: Map<string, number>, w: Write): Promise<void> => {
  if (w.op === "insert") {
    const outcome = await db
      .insertInto("kv")
      .values({ k: w.key, v: w.value })
      .execute()
      .then(() => "inserted" as const, (error: unknown) => (isUniqueViolation(error) ? ("duplicate" as const) : Promise.reject(error)))
    expect(outcome).toBe(model.has(w.key) ? "duplicate" : "inserted")
    if (outcome === "inserted") model.set(w.key, w.value)
  } else {
    const { numDeletedRows } = await db.deleteFrom("kv").where("k", "=", w.key).executeTakeFirstOrThrow()
    expect(numDeletedRows).toBe(model.has(w.key) ? 1n : 0n)
    model.delete(w.key)
  }
}

describe("the SQLite dialect against a Map model", () => {
  let dir: string
  let db: Kysely<any>
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pitboard-sqlite-model-"))
    db = openScratch(join(dir, "model.db"))
    await db.schema
      .createTable("kv")
      .addColumn("k", "text", (c) => c.primaryKey().notNull())
      .addColumn("v", "integer", (c) => c.notNull())
      .execute()
  })
  afterAll(async () => {
    await db?.destroy()
    await rm(dir, { recursive: true, force: true })
  })

  it("GIVEN any sequence of inserts, deletes and transactions THEN the table equals the model", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        await db.deleteFrom("kv").execute()
        const model = new Map<string, number>()
        for (const s of steps) {
          if (s.op !== "transaction") {
            await apply(db, model, s)
            continue
          }
          const draft = new Map(model)
          const committed = await db
            .transaction()
            .execute(async (trx) => {
              for (const w of s.writes) await apply(trx, draft, w)
              if (s.abort) throw new Abort()
            })
            .then(() => true, (error: unknown) => (error instanceof Abort ? false : Promise.reject(error)))
          if (committed) {
            model.clear()
            for (const [k, v] of draft) model.set(k, v)
          }
        }
        const rows = await db.selectFrom("kv").select(["k", "v"]).orderBy("k").execute()
        expect(rows).toEqual([...model].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => ({ k, v })))
      }),
      { numRuns: 100 },
    )
  })
})
