import { fork } from "node:child_process"
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createRequire } from "node:module"
import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import { afterAll, describe, expect, it } from "vitest"
import { Database, DatabaseLive, type DatabaseError } from "../../../../src/adapters/sqlite/database.js"
import { DatabaseInUse, lockPathFor, lockSoleUse } from "../../../../src/adapters/sqlite/sole-use.js"

const folder = mkdtempSync(join(tmpdir(), "pitboard-sole-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

const openBot = async (path: string) => {
  const runtime = ManagedRuntime.make(DatabaseLive(path))
  const exit = await runtime.runPromiseExit(Database)
  return { runtime, exit }
}

describe("one Pitboard per SQLite file", () => {
  it("GIVEN a bot's database open WHEN a second one opens the same file THEN it is refused with DatabaseInUse, and once the first closes the file opens again", async () => {
    const path = join(folder, "one.sqlite")
    const first = await openBot(path)
    expect(Exit.isSuccess(first.exit)).toBe(true)
    const second = await openBot(path)
    const refusal = Exit.isFailure(second.exit) ? Cause.failureOption(second.exit.cause) : Option.none()
    expect(Option.map(refusal, (error) => (error as DatabaseError).cause)).toEqual(Option.some(new DatabaseInUse({ path })))
    await second.runtime.dispose()
    await first.runtime.dispose()
    const third = await openBot(path)
    expect(Exit.isSuccess(third.exit)).toBe(true)
    await third.runtime.dispose()
  })

  it("GIVEN a bot's database open WHEN a second one names the same file through a symlink THEN it is refused too", async () => {
    const real = join(folder, "same.sqlite")
    const first = await openBot(real)
    expect(Exit.isSuccess(first.exit)).toBe(true)
    symlinkSync(real, join(folder, "link.sqlite"))
    const second = await openBot(join(folder, "link.sqlite"))
    expect(Exit.isFailure(second.exit)).toBe(true)
    await second.runtime.dispose()
    await first.runtime.dispose()
  })

  it("GIVEN another process holding the file WHEN it is killed outright THEN the lock goes with it: nothing stale to clean up by hand", async () => {
    const path = join(folder, "crash.sqlite")
    const holder = join(folder, "hold.cjs")
    // Plain CommonJS, so the child needs no TypeScript loader: it takes the same lock the bot takes.
    writeFileSync(
      holder,
      `const Db = require(${JSON.stringify(createRequire(import.meta.url).resolve("better-sqlite3"))});
       const lock = new Db(${JSON.stringify(lockPathFor(path))}, { timeout: 0 });
       lock.pragma("locking_mode = EXCLUSIVE"); lock.exec("BEGIN EXCLUSIVE");
       process.send("holding"); setInterval(() => {}, 1000);`,
    )
    const child = fork(holder, [], { stdio: "ignore" })
    await new Promise((resolve) => child.once("message", resolve))
    expect(() => lockSoleUse(path)).toThrow(DatabaseInUse)
    const exited = new Promise((resolve) => child.once("exit", resolve))
    child.kill("SIGKILL")
    await exited
    const held = lockSoleUse(path)
    held.release()
  })

  it("GIVEN an in-memory database THEN there is no file to guard and two open side by side", async () => {
    const [a, b] = [await openBot(":memory:"), await openBot(":memory:")]
    expect([Exit.isSuccess(a.exit), Exit.isSuccess(b.exit)]).toEqual([true, true])
    await Promise.all([a.runtime.dispose(), b.runtime.dispose()])
  })

  it("GIVEN the refusal THEN it names the file, says how to stop the other bot, and points to PostgreSQL for several processes", () => {
    const message = new DatabaseInUse({ path: "/srv/pitboard/pitboard.sqlite" }).message
    expect(message).toContain("/srv/pitboard/pitboard.sqlite")
    expect(message).toMatch(/systemctl stop pitboard.*pm2 stop pitboard/)
    expect(message).toContain("PostgreSQL")
  })
})
