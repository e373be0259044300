import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type AddressInfo, type Server, type Socket } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import BetterSqlite3 from "better-sqlite3"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { DatabaseLive } from "../../src/adapters/sqlite/database.js"
import { saveClass } from "../../src/app/numbers/setup.js"
import { STOP_WITHIN_MS } from "../../src/app/stopping.js"
import { groupGone, killGroup, startBotProcess, type BotProcess } from "../support/bot-process.js"
import { buildForNpmStart, firstHelpAnswered } from "../support/npm-start.js"
import { startFakeDiscord, type FakeDiscord } from "./fake-discord/index.js"
import { replyOf, textOf } from "./harness.js"

const folder = mkdtempSync(join(tmpdir(), "pitboard-service-"))
// Found first, so a developer's own .env in the package folder stays out of these runs.
writeFileSync(join(folder, ".env"), "")
afterAll(() => rmSync(folder, { recursive: true, force: true }))
// The compiler can take a while on a busy 2-core machine; `npm start` runs it again (a no-op by then).
beforeAll(buildForNpmStart, 120_000)

let cleanup: Array<() => Promise<unknown> | void> = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

const SERVING = /registered \d+ slash commands|slash commands unchanged/
/** How long the whole group may take to go: the bot's own bound, plus the parent check's second and process exits. */
const GONE_WITHIN_MS = STOP_WITHIN_MS + 2000

const newDatabasePath = (name: string) => join(folder, name, "pitboard.sqlite")

/** Who the bot is before any fake Discord is up; a fake started later is made to match. */
const LATER = { token: "MTAwMDAwMDAwMDAwMDAwMDAx.fake.started-later", applicationId: "100000000000000001", guildId: "100000000000000002" }

const envFor = (discordApiUrl: string, databasePath: string, fake?: FakeDiscord) => ({
  DISCORD_TOKEN: fake?.token ?? LATER.token,
  DISCORD_APPLICATION_ID: fake?.applicationId ?? LATER.applicationId,
  DISCORD_GUILD_ID: fake?.guildId ?? LATER.guildId,
  DISCORD_API_URL: discordApiUrl,
  DATABASE_PATH: databasePath,
  LOG_LEVEL: "Info",
})

const fakeDiscord = async (late?: { port: number }) => {
  const fake = await startFakeDiscord(late && { port: late.port, token: LATER.token, applicationId: LATER.applicationId, guilds: [{ id: LATER.guildId }] })
  cleanup.push(() => fake.close())
  return fake
}

const start = (via: "npm" | "node", env: Record<string, string>, scriptShell?: string): BotProcess => {
  const bot = startBotProcess({ via, cwd: folder, env, scriptShell })
  cleanup.push(() => killGroup(bot.child.pid!))
  return bot
}

const seedClass = async (databasePath: string, fake: FakeDiscord) => {
  mkdirSync(dirname(databasePath), { recursive: true })
  const seed = ManagedRuntime.make(DatabaseLive(databasePath))
  await seed.runPromise(saveClass(fake.guildId, fake.owner.id, { name: "GT3", range: "1-99", limit: "1", reserved: "" }))
  await seed.dispose()
}

const claimedNumbers = (databasePath: string) => {
  const db = new BetterSqlite3(databasePath, { readonly: true, fileMustExist: true })
  try {
    return (db.prepare("select number from claims").all() as Array<{ number: string }>).map((row) => row.number)
  } finally {
    db.close()
  }
}

/** A league serving through `npm start`, with a member whose claim the bot acknowledged. */
const servingWithClaim = async (name: string, scriptShell?: string) => {
  const fake = await fakeDiscord()
  const databasePath = newDatabasePath(name)
  await seedClass(databasePath, fake)
  const bot = start("npm", envFor(fake.restApi, databasePath, fake), scriptShell)
  await bot.waitFor(SERVING, 60_000)
  const member = fake.addMember(fake.guildId, { username: "driver" })
  await firstHelpAnswered(fake, member, 20_000)
  const reply = await replyOf(fake.slash({ user: member, command: "number", subcommand: "claim", options: { number: "12" } }), 10_000)
  expect(textOf(reply)).toContain("You claimed **#12**")
  return { fake, bot, databasePath }
}

/**
 * After a stop signal sent at `sentAt` to a bot serving with servingWithClaim's claim: every process
 * of its group gone within the bound, the disconnect and the stop logged, the database closed (no
 * -wal left) with the claim kept.
 */
const expectStoppedCleanly = async (bot: BotProcess, databasePath: string, sentAt: number) => {
  const goneAt = await groupGone(bot.child.pid!, GONE_WITHIN_MS + 2000)
  expect(goneAt, `still running: ${bot.group().join(", ")}\n${bot.output()}`).toBeDefined()
  await bot.closed
  expect(bot.output()).toContain("disconnected from Discord")
  expect(bot.output()).toMatch(/Pitboard stopped in \d+\.\d s\./)
  expect(goneAt! - sentAt).toBeLessThan(GONE_WITHIN_MS)
  expect(existsSync(`${databasePath}-wal`)).toBe(false)
  expect(claimedNumbers(databasePath)).toEqual(["12"])
}

/** The bot serving (spawned directly, as `npm start` runs it) with a /help the bot acknowledged but whose answer Discord holds back for a minute. */
const servingWithHeldClick = async (name: string) => {
  const fake = await fakeDiscord()
  const databasePath = newDatabasePath(name)
  const bot = start("node", envFor(fake.restApi, databasePath, fake))
  await bot.waitFor(SERVING)
  await firstHelpAnswered(fake, fake.owner, 20_000)
  fake.fail({ route: "POST /interactions/:id/:token/callback", times: 1, delayMs: 60_000 })
  const held = fake.slash({ user: fake.owner, command: "help" })
  await expect.poll(() => held.acknowledged(), { timeout: 5000 }).not.toBeNull()
  return { bot, databasePath }
}

/** A server that accepts connections and never says a word, as a hung proxy or a black-holed route does. */
const silentServer = async () => {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => void sockets.add(socket))
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  cleanup.push(() => {
    for (const socket of sockets) socket.destroy()
    return new Promise((resolve) => server.close(resolve))
  })
  return (server.address() as AddressInfo).port
}

const freePort = async () => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe("stopping npm start", () => {
  it("GIVEN the bot serving through npm start and a claim it acknowledged WHEN its process group gets SIGTERM THEN every process ends within the bound, it logs its disconnect, the claim is kept and no -wal is left", async () => {
    const { bot, databasePath } = await servingWithClaim("group")
    const sentAt = Date.now()
    process.kill(-bot.child.pid!, "SIGTERM")
    await expectStoppedCleanly(bot, databasePath, sentAt)
    expect(bot.output()).toContain("SIGTERM received")
  }, 90_000)

  it("GIVEN npm start through bash, which execs node so that npm forwards the group's SIGTERM to the bot a second time THEN the bot takes the two for one stop, and npm exits 0 once the bot has stopped", async () => {
    const { bot, databasePath } = await servingWithClaim("group-bash", "bash")
    process.kill(-bot.child.pid!, "SIGTERM")
    const { code } = await bot.exited
    expect(bot.output()).toContain("SIGTERM received")
    expect(bot.output()).not.toContain("SIGTERM again")
    expect(bot.output()).toMatch(/Pitboard stopped in \d+\.\d s\./)
    expect(code).toBe(0)
    expect(bot.group()).toEqual([])
    expect(existsSync(`${databasePath}-wal`)).toBe(false)
    expect(claimedNumbers(databasePath)).toEqual(["12"])
  }, 90_000)

  it("GIVEN the bot serving through npm start WHEN only the npm process gets SIGTERM THEN the bot stops cleanly too, no process is left behind, and the database is closed", async () => {
    const { bot, databasePath } = await servingWithClaim("npm-alone")
    const [npm, ...rest] = [bot.child.pid!, ...bot.group().filter((pid) => pid !== bot.child.pid)]
    expect(rest.length).toBeGreaterThan(0)
    const sentAt = Date.now()
    process.kill(npm!, "SIGTERM")
    await expectStoppedCleanly(bot, databasePath, sentAt)
    // Through dash npm's signal dies with the shell and the bot sees npm go; a shell that execs node gets it forwarded.
    expect(bot.output()).toMatch(/(npm exited|SIGTERM received): finishing interactions in flight/)
  }, 90_000)

  it("GIVEN npm start waiting on a Discord that never answers WHEN Ctrl+C reaches its process group THEN everything ends at once and the database is closed", async () => {
    const databasePath = newDatabasePath("ctrl-c-connecting")
    const port = await silentServer()
    const bot = start("npm", envFor(`http://127.0.0.1:${port}/api`, databasePath))
    await bot.waitFor(/connecting to http/, 60_000)
    await sleep(300)
    const sentAt = Date.now()
    process.kill(-bot.child.pid!, "SIGINT")
    const goneAt = await groupGone(bot.child.pid!, GONE_WITHIN_MS)
    expect(goneAt, `still running: ${bot.group().join(", ")}\n${bot.output()}`).toBeDefined()
    await bot.closed
    expect(bot.output()).toContain("SIGINT received")
    expect(bot.output()).toMatch(/Pitboard stopped in \d+\.\d s\./)
    expect(bot.output()).not.toContain("Pitboard can't start")
    // "At once" next to the 64 s a hung connection attempt used to hold it; not a speed measurement.
    expect(goneAt! - sentAt).toBeLessThan(3000)
    expect(existsSync(databasePath)).toBe(true)
    expect(existsSync(`${databasePath}-wal`)).toBe(false)
  }, 90_000)

  it("GIVEN a click whose answer Discord holds back WHEN SIGTERM arrives THEN the bot waits for it only its share of the bound, says it cut it off, and still exits 0 with the database closed", async () => {
    const { bot, databasePath } = await servingWithHeldClick("held-click")
    const sentAt = Date.now()
    bot.child.kill("SIGTERM")
    const { code, at } = await bot.exited
    expect(bot.output()).toMatch(/shutting down: 1 interaction\(s\) still running after 6s were cut off/)
    expect(bot.output()).toContain("disconnected from Discord")
    expect(code).toBe(0)
    expect(at - sentAt).toBeLessThan(STOP_WITHIN_MS)
    expect(existsSync(`${databasePath}-wal`)).toBe(false)
  }, 60_000)

  it("GIVEN the bot waiting for a held click after SIGTERM WHEN a second SIGTERM comes a second later THEN it exits at once, non-zero", async () => {
    const { bot } = await servingWithHeldClick("second-signal")
    bot.child.kill("SIGTERM")
    await bot.waitFor(/waiting for 1 interaction\(s\) in flight/)
    await sleep(1000)
    const secondAt = Date.now()
    bot.child.kill("SIGTERM")
    const { code, at } = await bot.exited
    expect(bot.output()).toContain("SIGTERM again: exiting without waiting")
    expect(code).toBe(143)
    expect(at - secondAt).toBeLessThan(2000)
  }, 60_000)
})

describe("npm start when Discord is not there yet", () => {
  it("GIVEN nothing listening where Discord should be THEN each failed attempt is logged with its wait, and the bot connects once Discord comes up", async () => {
    const port = await freePort()
    const databasePath = newDatabasePath("late-discord")
    const bot = start("node", envFor(`http://127.0.0.1:${port}/api`, databasePath))
    await bot.waitFor(/attempt 2: connect ECONNREFUSED.*trying again in 2 s/, 20_000)
    const fake = await fakeDiscord({ port })
    await bot.waitFor(SERVING, 20_000)
    expect(bot.output()).toMatch(/could not connect to Discord \(attempt 1: connect ECONNREFUSED 127\.0\.0\.1:\d+\); trying again in 1 s/)
    expect(bot.output()).toMatch(/connected to Discord at attempt \d/)
    await firstHelpAnswered(fake, fake.owner, 20_000)
    bot.child.kill("SIGTERM")
    expect((await bot.exited).code).toBe(0)
  }, 60_000)

  it("GIVEN a token Discord rejects THEN it exits at once with the fix, trying nothing again", async () => {
    const fake = await fakeDiscord()
    const databasePath = newDatabasePath("rejected")
    const bot = start("node", { ...envFor(fake.restApi, databasePath, fake), DISCORD_TOKEN: "d3JvbmctdG9rZW4.fake.not-the-right-one" })
    const { code } = await bot.exited
    expect(code).toBe(1)
    expect(bot.output()).toMatch(/^Pitboard can't start: Discord rejected DISCORD_TOKEN\. Reset it at .*Reset Token, and update \.env\.$/m)
    expect(bot.output()).not.toContain("trying again")
    expect(existsSync(`${databasePath}-wal`)).toBe(false)
  }, 30_000)
})
