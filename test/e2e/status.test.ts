import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { backupDatabase, noteBackupInDatabase } from "../../src/adapters/sqlite/backup.js"
import { PITBOARD_VERSION } from "../../src/shared/release-version.js"
import { isEphemeral, replyOf, textOf, type TestBot } from "./harness.js"
import { healthPortHook, scrape } from "./health-client.js"
import { formFor, publishEvent, register, startRaceBot } from "./race-night-helpers.js"
import { TEST_ON_POSTGRES } from "../support/test-database.js"

type Obj = Record<string, any>

/** /status for a server's managers: the bot's health and what it could not deliver in this server. */
describe("/status", () => {
  let t: TestBot
  let port: number
  const backups = mkdtempSync(join(tmpdir(), "pitboard-status-backups-"))
  const status = async (user = t.fake.owner) => {
    const reply = await replyOf(t.fake.slash({ user, command: "status" }))
    expect(isEphemeral(reply)).toBe(true)
    return reply
  }
  const field = (reply: Obj, name: string): string => ((reply.embeds?.[0]?.fields ?? []) as Obj[]).find((f) => f.name === name)?.value ?? `(no ${name} field)`

  beforeAll(async () => {
    const hook = healthPortHook()
    t = await startRaceBot({ health: { port: 0, host: "127.0.0.1" }, onHealthListening: hook.onHealthListening })
    port = await hook.port
  })
  afterAll(async () => {
    await t?.stop()
    rmSync(backups, { recursive: true, force: true })
  })

  it("GIVEN a driver role Pitboard may not give WHEN a member registers THEN /status shows a manager the version, uptime, database size, no backup yet with how to make one, and the given-up role with its fix; /metrics counts it too", async () => {
    const card = await publishEvent(t, { title: "Champions Race", maxDrivers: 5, driverRole: "Champions" })
    const member = t.fake.addMember(t.fake.guildId, { username: "champion" })
    expect(textOf(await register(t, member, card, formFor(1)))).toContain("You're on the grid for **Champions Race**")
    await t.delivered()

    const reply = await status()
    const embed = (reply.embeds as Obj[])[0]!
    expect(embed.title).toBe("Pitboard status")
    expect(embed.description).toMatch(new RegExp(`^Pitboard \\*\\*${PITBOARD_VERSION.replaceAll(".", "\\.")}\\*\\* · up \\d+ s \\(since <t:\\d+:f>\\)$`))
    expect(field(reply, "Discord gateway")).toMatch(/^Connected · heartbeat (\d+ ms|not measured yet)$/)
    if (TEST_ON_POSTGRES) {
      // PostgreSQL's write-ahead log is the server's, not the database's: only the database's size is told.
      expect(field(reply, "Database")).toMatch(/^[\d.]+ (kB|MB) \(file [\d.]+ (kB|MB) \+ write-ahead log 0 kB\)\n`PostgreSQL postgres:\/\/postgres@127\.0\.0\.1:\d+\/.+`$/)
    } else {
      expect(field(reply, "Database")).toMatch(/^\d+ kB \(file \d+ kB \+ write-ahead log \d+ kB\)\n`.+pitboard\.sqlite`$/)
      expect(field(reply, "Database")).toContain(t.databasePath)
    }
    expect(field(reply, "Last backup")).toBe("None recorded. On the bot's machine, run `npm run backup -- <file>` (see *Back up and restore* in the README).")
    expect(field(reply, "Follow-ups in this server")).toBe("Nothing waiting.\nGiven up in the last 24 h: **1**")
    expect(field(reply, "Latest given up")).toMatch(/^<t:\d+:R> · DriverRole: could not give the driver role: Give the Pitboard role the Manage Roles permission and drag it above <@&\d+>/)
    expect(field(reply, "iRacing")).toContain("iRacing features are off")

    const metrics = await scrape(port)
    expect(metrics.value("pitboard_followups_total", { kind: "DriverRole", result: "given-up" })).toBe(1)
    expect(metrics.value("pitboard_followups_total", { kind: "EventCard", result: "sent" })).toBe(1)
    expect(metrics.value("pitboard_outbox_given_up_24h")).toBe(1)
  })

  // SQLite only: npm run backup copies through SQLite's backup API (pg_dump on PostgreSQL).
  it.skipIf(TEST_ON_POSTGRES)("GIVEN npm run backup made a copy while the bot runs THEN /status says when, where and how big", async () => {
    const destination = join(backups, "nightly.sqlite")
    // What `npm run backup` does, in-process: the copy, then the note in the live database.
    const copy = await backupDatabase(t.databasePath, destination)
    expect(noteBackupInDatabase(t.databasePath, copy, Date.now())).toBe(true)

    const lastBackup = field(await status(), "Last backup")
    expect(lastBackup).toMatch(/^<t:\d+:f> \(<t:\d+:R>\) · npm run backup · \d+ kB\n/)
    expect(lastBackup).toContain(`\`${destination}\``)
  })

  it("GIVEN a member without Manage Server THEN /status is refused and shows nothing", async () => {
    const reply = await status(t.fake.addMember(t.fake.guildId, { username: "curious" }))
    expect(textOf(reply)).toBe("You need the Manage Server permission to do this.")
    expect(reply.embeds ?? []).toEqual([])
  })
})
