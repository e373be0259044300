import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import BetterSqlite3 from "better-sqlite3"
import { describe, expect, it } from "vitest"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { backupDatabase } from "../../../../src/adapters/sqlite/backup.js"
import { DatabaseLive } from "../../../../src/adapters/sqlite/database.js"
import { restoreDatabase } from "../../../../src/adapters/sqlite/restore.js"
import { FollowUpsUndelivered } from "../../../../src/app/follow-ups.js"
import { claimNumber } from "../../../../src/app/numbers/claim-use-cases.js"
import { saveClass } from "../../../../src/app/numbers/setup.js"
import { ModuleAccessLive } from "../../../../src/app/module-access.js"
import { useTempDir } from "../../../support/sqlite-test-database.js"

const GUILD = "900000000000000001"
const NOW = new Date("2026-12-03T12:00:00Z")

const appRuntime = (path: string) => {
  const database = DatabaseLive(path)
  return ManagedRuntime.make(Layer.mergeAll(database, ModuleAccessLive.pipe(Layer.provide(database)), FollowUpsUndelivered))
}
type App = ReturnType<typeof appRuntime>

const claim = (runtime: App, i: number, number: string) =>
  runtime.runPromise(claimNumber({ guildId: GUILD, actor: { userId: String(810000000000000000n + BigInt(i)), roleIds: [], managesServer: false }, number }))

/** 7 and 23 claimed, then backed up, then 42 claimed: the backup lacks 42. The bot is left running. */
const leagueWithBackup = async (folder: string) => {
  const path = join(folder, "pitboard.sqlite")
  const backup = join(folder, "backups", "before-42.sqlite")
  const bot = appRuntime(path)
  await bot.runPromise(saveClass(GUILD, "800000000000000001", { name: "GT3", range: "1-99", limit: "1", reserved: "" }))
  await claim(bot, 1, "7")
  await claim(bot, 2, "23")
  await backupDatabase(path, backup)
  await claim(bot, 3, "42")
  return { path, backup, bot }
}

const numbersIn = (path: string): string[] => {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  try {
    return (db.prepare("select number from claims order by cast(number as integer)").all() as Array<{ number: string }>).map((row) => row.number)
  } finally {
    db.close()
  }
}

describe("restoring a backup", () => {
  const tempDir = useTempDir()

  it("GIVEN a backup and the bot stopped WHEN it is restored THEN the database holds what the backup held, and the one it replaced is kept aside, whole", async () => {
    const { path, backup, bot } = await leagueWithBackup(tempDir())
    await bot.dispose()

    const restored = await restoreDatabase(backup, path, NOW)

    expect(restored).toEqual({ database: path, replaced: `${path}.replaced-2026-12-03T120000Z` })
    expect(numbersIn(path)).toEqual(["7", "23"])
    expect(numbersIn(restored.replaced!)).toEqual(["7", "23", "42"])
    expect(existsSync(`${path}-wal`) || existsSync(`${path}-shm`)).toBe(false)
    const reopened = appRuntime(path)
    await claim(reopened, 3, "42")
    await reopened.dispose()
    expect(numbersIn(path)).toEqual(["7", "23", "42"])
  })

  it("GIVEN the bot still has the database open THEN the restore is refused, saying to stop it first, and nothing changes", async () => {
    const { path, backup, bot } = await leagueWithBackup(tempDir())
    try {
      await expect(restoreDatabase(backup, path, NOW)).rejects.toMatchObject({ _tag: "RestoreRefused", message: `the database ${path} is in use; stop Pitboard first, then restore` })
      await claim(bot, 4, "55")
      expect(numbersIn(path)).toEqual(["7", "23", "42", "55"])
      expect(readdirSync(tempDir()).filter((name) => name.includes(".replaced-") || name.includes(".restoring"))).toEqual([])
    } finally {
      await bot.dispose()
    }
  })

  it("GIVEN a crash left claims in the -wal beside the database WHEN a backup is restored THEN the file set aside holds them, and the restored database holds only the backup's", async () => {
    const { path, backup, bot } = await leagueWithBackup(tempDir())
    // The files as a power cut leaves them: 42 committed, but only in the -wal.
    const crashed = join(tempDir(), "crashed")
    mkdirSync(crashed)
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0)
    copyFileSync(path, join(crashed, "pitboard.sqlite"))
    copyFileSync(`${path}-wal`, join(crashed, "pitboard.sqlite-wal"))
    await bot.dispose()

    const restored = await restoreDatabase(backup, join(crashed, "pitboard.sqlite"), NOW)

    expect(readdirSync(crashed).sort()).toEqual(["pitboard.sqlite", "pitboard.sqlite.replaced-2026-12-03T120000Z"])
    expect(numbersIn(restored.replaced!)).toEqual(["7", "23", "42"])
    expect(numbersIn(restored.database)).toEqual(["7", "23"])
  })

  it("GIVEN a hand restore that copies the backup over but keeps the crashed database's -wal THEN SQLite replays that -wal onto it: why the README says to delete it", async () => {
    const { path, backup, bot } = await leagueWithBackup(tempDir())
    const crashed = join(tempDir(), "crashed")
    mkdirSync(crashed)
    copyFileSync(`${path}-wal`, join(crashed, "pitboard.sqlite-wal"))
    await bot.dispose()
    copyFileSync(backup, join(crashed, "pitboard.sqlite"))

    const opened = (() => {
      try {
        return numbersIn(join(crashed, "pitboard.sqlite"))
      } catch (error) {
        return (error as Error).message
      }
    })()
    expect(opened).not.toEqual(numbersIn(backup))
  })

  it("GIVEN a file that is not a Pitboard database, or no file at all, THEN the restore is refused and the database is untouched", async () => {
    const { path, bot } = await leagueWithBackup(tempDir())
    await bot.dispose()
    const notOurs = join(tempDir(), "notes.txt")
    writeFileSync(notOurs, "not a database at all, just some words that are long enough to look like a file")

    await expect(restoreDatabase(notOurs, path, NOW)).rejects.toMatchObject({ _tag: "RestoreRefused", message: expect.stringContaining(notOurs) })
    await expect(restoreDatabase(join(tempDir(), "missing.sqlite"), path, NOW)).rejects.toMatchObject({ _tag: "RestoreRefused", message: expect.stringMatching(/there is no backup at/) })
    expect(numbersIn(path)).toEqual(["7", "23", "42"])
    expect(readdirSync(tempDir()).filter((name) => name.includes(".replaced-"))).toEqual([])
  })
})
