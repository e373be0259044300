import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { setImmediate as nextTurn } from "node:timers/promises"
import BetterSqlite3 from "better-sqlite3"
import { describe, expect, it } from "vitest"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { backupDatabase } from "../../../../src/adapters/sqlite/backup.js"
import { DatabaseLive } from "../../../../src/adapters/sqlite/database.js"
import { FollowUpsUndelivered } from "../../../../src/app/follow-ups.js"
import { claimNumber } from "../../../../src/app/numbers/claim-use-cases.js"
import { saveClass } from "../../../../src/app/numbers/setup.js"
import { ModuleAccessLive } from "../../../../src/app/module-access.js"
import { useTempDir } from "../../../support/sqlite-test-database.js"

const GUILD = "900000000000000001"
const ADMIN = "800000000000000001"
const memberId = (i: number) => String(810000000000000000n + BigInt(i))
const actor = (userId: string) => ({ userId, roleIds: [], managesServer: false })

/** The use cases as the bot runs them, minus Discord. */
const appRuntime = (path: string) => {
  const database = DatabaseLive(path)
  return ManagedRuntime.make(Layer.mergeAll(database, ModuleAccessLive.pipe(Layer.provide(database)), FollowUpsUndelivered))
}

const heldNumbers = (path: string): { integrity: string; numbers: string[] } => {
  const copy = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  try {
    return {
      integrity: copy.pragma("integrity_check", { simple: true }) as string,
      numbers: (copy.prepare("select number from claims where guild_id = ? and status in ('claimed', 'confirmed')").all(GUILD) as Array<{ number: string }>).map((row) => row.number),
    }
  } finally {
    copy.close()
  }
}

const pageCount = (path: string): number => {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  try {
    return db.pragma("page_count", { simple: true }) as number
  } finally {
    db.close()
  }
}

describe("an online backup", () => {
  const tempDir = useTempDir()

  it("GIVEN members claiming numbers without pause WHEN a backup is taken in the middle THEN the copy opens, passes integrity_check and holds every claim acknowledged before it began, while claims went on being answered", async () => {
    const path = join(tempDir(), "pitboard.sqlite")
    const destination = join(tempDir(), "backups", "nightly.sqlite")
    const runtime = appRuntime(path)
    try {
      await runtime.runPromise(saveClass(GUILD, ADMIN, { name: "Open", range: "0-999", limit: "1", reserved: "" }))
      const acknowledged: string[] = []
      let next = 0
      let backingUp = true
      let partialSeen = false
      let finalNameSeenEarly = false
      // Eight members at a time, each claiming a number of their own, until the backup is over. Each
      // claim starts on a later turn of the event loop, as interactions arriving from Discord do.
      const member = async () => {
        for (;;) {
          await nextTurn()
          if (!backingUp || next > 999) return
          const number = String(next)
          await runtime.runPromise(claimNumber({ guildId: GUILD, actor: actor(memberId(next++)), number }))
          acknowledged.push(number)
          if (existsSync(`${destination}.partial`)) {
            partialSeen = true
            finalNameSeenEarly ||= existsSync(destination)
          }
        }
      }
      const burst = Promise.all(Array.from({ length: 8 }, member))
      while (acknowledged.length < 100) await nextTurn()

      const acknowledgedBefore = [...acknowledged]
      // In ten steps, so the copy spans turns of the event loop and claims land in between.
      const copy = await backupDatabase(path, destination, { pagesPerStep: Math.ceil(pageCount(path) / 10) })
      const answeredDuring = acknowledged.length - acknowledgedBefore.length
      backingUp = false
      await burst

      expect(copy.path).toBe(destination)
      expect(copy.bytes).toBeGreaterThan(0)
      const { integrity, numbers } = heldNumbers(destination)
      expect(integrity).toBe("ok")
      expect(numbers).toEqual(expect.arrayContaining(acknowledgedBefore))
      expect(acknowledged).toEqual(expect.arrayContaining(numbers))
      // A snapshot of when it began: a copy that chased the writers step by step would only finish
      // once they stopped, holding every claim.
      expect(numbers.length).toBeLessThan(acknowledged.length)
      expect(answeredDuring).toBeGreaterThan(0)
      expect(partialSeen).toBe(true)
      expect(finalNameSeenEarly).toBe(false)
      expect(existsSync(`${destination}.partial`)).toBe(false)
    } finally {
      await runtime.dispose()
    }
  })

  it("GIVEN a file already at the destination THEN the backup is refused and the file is left as it was, unless told to replace it", async () => {
    const path = join(tempDir(), "pitboard.sqlite")
    const runtime = appRuntime(path)
    await runtime.runtime()
    await runtime.dispose()
    const destination = join(tempDir(), "taken.sqlite")
    writeFileSync(destination, "someone else's file")

    await expect(backupDatabase(path, destination)).rejects.toMatchObject({ _tag: "BackupRefused", message: expect.stringMatching(/already exists.*--force/) })
    expect(existsSync(`${destination}.partial`)).toBe(false)
    expect(readFileSync(destination, "utf8")).toBe("someone else's file")

    await backupDatabase(path, destination, { overwrite: true })
    expect(heldNumbers(destination).integrity).toBe("ok")
  })

  it("GIVEN no database at the path THEN the backup is refused, naming the path, and creates nothing", async () => {
    const missing = join(tempDir(), "nowhere.sqlite")
    const destination = join(tempDir(), "copy.sqlite")
    await expect(backupDatabase(missing, destination)).rejects.toMatchObject({ _tag: "BackupRefused", message: expect.stringContaining(missing) })
    expect(existsSync(missing)).toBe(false)
    expect(existsSync(destination)).toBe(false)
  })
})
