import { existsSync, statSync } from "node:fs"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import { describe, expect, it } from "vitest"
import { CHECKPOINT_EVERY_MS } from "../../../../src/adapters/sqlite/checkpointer.js"
import { countRows, createItems, openScratch, useTempDir } from "../../../support/sqlite-test-database.js"

describe("WAL checkpoints off the bot's thread", () => {
  const tempDir = useTempDir()

  it("GIVEN many small commits THEN the log is folded back by the checkpoint thread, not left to grow, AND closing leaves no -wal behind", async () => {
    const path = join(tempDir(), "checkpoints.db")
    const db = openScratch(path)
    await createItems(db)
    const write = async (from: number) => {
      for (let i = from; i < from + 400; i++) await db.transaction().execute((trx) => trx.insertInto("items").values({ name: `item ${i}`, n: i }).execute())
    }
    // Far below the fallback's 20,000 pages: only the worker folds the log back. Once it has, the
    // next commits start the log from its beginning again, so the file stops growing.
    await write(0)
    const afterFirst = statSync(`${path}-wal`).size
    await sleep(CHECKPOINT_EVERY_MS * 2.5)
    await write(400)
    expect(statSync(`${path}-wal`).size).toBeLessThan(afterFirst * 1.5)
    expect(await countRows(db, "items")).toBe(800)
    await db.destroy()
    expect(existsSync(`${path}-wal`)).toBe(false)
  })
})
