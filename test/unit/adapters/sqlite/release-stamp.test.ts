import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { openDatabase } from "../../../../src/adapters/sqlite/database.js"
import { recordedRelease } from "../../../../src/adapters/sqlite/release-stamp.js"
import { PITBOARD_VERSION } from "../../../../src/shared/release-version.js"
import { useTempDir } from "../../../support/sqlite-test-database.js"
import { testDatabase } from "../../../support/test-database.js"

const packageVersion = (JSON.parse(readFileSync(join(import.meta.dirname, "../../../../package.json"), "utf8")) as { version: string }).version

describe("the release stamp", () => {
  const tempDir = useTempDir()

  it("GIVEN the package THEN the release Pitboard reports is package.json's version, read wherever the code runs from", () => {
    expect(PITBOARD_VERSION).toBe(packageVersion)
  })

  it("GIVEN a new database WHEN this release opens it THEN the file records this release", async () => {
    const db = await openDatabase(await testDatabase(join(tempDir(), "new.sqlite")))
    try {
      expect(await recordedRelease(db)).toBe(packageVersion)
    } finally {
      await db.destroy()
    }
  })

  it("GIVEN a database stamped by one release WHEN another opens it THEN the stamp names the later one", async () => {
    const path = join(tempDir(), "stamped.sqlite")
    await (await openDatabase(await testDatabase(path), { release: "0.2.0" })).destroy()
    const db = await openDatabase(await testDatabase(path), { release: "0.3.0" })
    try {
      expect(await recordedRelease(db)).toBe("0.3.0")
    } finally {
      await db.destroy()
    }
  })
})
