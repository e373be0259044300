import { statSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { backupDatabase, noteBackupInDatabase } from "../../../../../src/adapters/sqlite/backup.js"
import { openDatabase } from "../../../../../src/adapters/sqlite/database.js"
import { readLastBackup } from "../../../../../src/adapters/sqlite/repositories/meta.js"
import { restoreDatabase } from "../../../../../src/adapters/sqlite/restore.js"
import { useTempDir } from "../../../../support/sqlite-test-database.js"
import { writeRelease010Database } from "../../../../support/released-database.js"

// Made by release 0.1.0, before the meta table existed: see test/fixtures/databases/README.md.

const lastBackupOf = async (path: string) => {
  const db = await openDatabase(path)
  try {
    return await readLastBackup(db)
  } finally {
    await db.destroy()
  }
}

describe("the last backup, as /status reads it", () => {
  const tempDir = useTempDir()

  it("GIVEN a database never backed up THEN none is recorded; WHEN npm run backup copies it and notes it THEN the database says when, where and how big", async () => {
    const path = join(tempDir(), "pitboard.sqlite")
    expect(await lastBackupOf(path)).toBeUndefined()
    const copy = await backupDatabase(path, join(tempDir(), "nightly.sqlite"))
    expect(noteBackupInDatabase(path, copy, 1_800_000_000_000)).toBe(true)
    expect(await lastBackupOf(path)).toEqual({ at: 1_800_000_000_000, path: copy.path, bytes: statSync(copy.path).size, by: "backup" })
    // The note went into the live database after the copy was taken, so the copy itself has none.
    expect(await lastBackupOf(copy.path)).toBeUndefined()
  })

  it("GIVEN a database from before the meta table THEN noting a backup changes nothing and says so; WHEN a release migrates it THEN the copy made before migrating is the last backup", async () => {
    const path = join(tempDir(), "pitboard.sqlite")
    writeRelease010Database(path)
    const copy = await backupDatabase(path, join(tempDir(), "old.sqlite"))
    expect(noteBackupInDatabase(path, copy, Date.now())).toBe(false)

    const before = Date.now()
    const recorded = await lastBackupOf(path)
    expect(recorded).toMatchObject({ path: `${path}.before-0007_claim_lookups.bak`, by: "before-migrating" })
    expect(recorded!.bytes).toBe(statSync(recorded!.path).size)
    expect(recorded!.at).toBeGreaterThanOrEqual(before)
  })

  it("GIVEN a restore THEN the backup file it copies from is left exactly as it was, with no note written into it", async () => {
    const path = join(tempDir(), "pitboard.sqlite")
    await (await openDatabase(path)).destroy()
    const backup = await backupDatabase(path, join(tempDir(), "nightly.sqlite"))
    const untouched = statSync(backup.path).mtimeMs
    await restoreDatabase(backup.path, path, new Date())
    expect(statSync(backup.path).mtimeMs).toBe(untouched)
    expect(await lastBackupOf(path)).toBeUndefined()
  })
})
