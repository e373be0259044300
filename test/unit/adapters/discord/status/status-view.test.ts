import { describe, expect, it } from "vitest"
import { duration, size, statusEmbed } from "../../../../../src/adapters/discord/status/status-view.js"
import type { ServerStatus } from "../../../../../src/app/status.js"

const NOW = 1_800_000_000_000
const HOUR = 3_600_000

const healthy: ServerStatus = {
  version: "1.2.3",
  now: NOW,
  startedAt: NOW - 26 * HOUR - 5 * 60_000,
  gateway: { connected: true, state: "connected", pingMs: 41.6 },
  database: { path: "/srv/pitboard/data/pitboard.sqlite", fileBytes: 12_300_000, walBytes: 400_000 },
  lastBackup: undefined,
  backlog: { pending: 0, retrying: 0, givenUpRecently: 0, oldestPendingAt: null },
  giveUps: [],
  sync: { iracing: "off", leagueId: undefined, intervalMinutes: 0, last: undefined, nextAt: undefined },
}

const field = (status: ServerStatus, name: string) => statusEmbed(status).fields?.find((f) => f.name === name)?.value

describe("the /status embed", () => {
  it("GIVEN uptimes and sizes THEN they read the way a person says them", () => {
    expect([duration(42_000), duration(59 * 60_000), duration(26 * HOUR + 5 * 60_000), duration(50 * HOUR)]).toEqual(["42 s", "59 min", "1 d 2 h", "2 d 2 h"])
    expect([duration(3 * HOUR + 7 * 60_000)]).toEqual(["3 h 7 min"])
    expect([size(4_096), size(12_700_000), size(2_500_000_000)]).toEqual(["5 kB", "12.7 MB", "2.50 GB"])
  })

  it("GIVEN a healthy bot with nothing given up THEN it shows the heartbeat in whole ms, the database's total and parts, and no 'Latest given up' field", () => {
    const embed = statusEmbed(healthy)
    expect(embed.description).toBe(`Pitboard **1.2.3** · up 1 d 2 h (since <t:${(NOW - 26 * HOUR - 5 * 60_000) / 1000}:f>)`)
    expect(field(healthy, "Discord gateway")).toBe("Connected · heartbeat 42 ms")
    expect(field(healthy, "Database")).toBe("12.7 MB (file 12.3 MB + write-ahead log 400 kB)\n`/srv/pitboard/data/pitboard.sqlite`")
    expect(field(healthy, "Follow-ups in this server")).toBe("Nothing waiting.\nGiven up in the last 24 h: **0**")
    expect(embed.fields?.map((f) => f.name)).not.toContain("Latest given up")
  })

  it("GIVEN the gateway down, a copy made before an upgrade, follow-ups waiting and iRacing's last sync failed THEN each says so", () => {
    const troubled: ServerStatus = {
      ...healthy,
      gateway: { connected: false, state: "resuming", pingMs: undefined },
      lastBackup: { at: NOW - HOUR, path: "/srv/pitboard/data/pitboard.sqlite.before-0010_x.bak", bytes: 9_000_000, by: "before-migrating" },
      backlog: { pending: 3, retrying: 1, givenUpRecently: 2, oldestPendingAt: NOW - 600_000 },
      giveUps: [{ kind: "TellMember", reason: "the member's DMs are closed", at: NOW - 60_000 }],
      sync: { iracing: "on", leagueId: 4242, intervalMinutes: 60, last: { trigger: "auto", startedAt: NOW - 2 * HOUR, finishedAt: NOW - 2 * HOUR + 3000, outcome: "failed", summary: {}, error: "iRacing is in maintenance" }, nextAt: NOW },
    }
    expect(field(troubled, "Discord gateway")).toBe("Not connected (resuming)")
    expect(field(troubled, "Last backup")).toBe(`<t:${(NOW - HOUR) / 1000}:f> (<t:${(NOW - HOUR) / 1000}:R>) · the copy made before an upgrade · 9.0 MB\n\`/srv/pitboard/data/pitboard.sqlite.before-0010_x.bak\``)
    expect(field(troubled, "Follow-ups in this server")).toBe(`Waiting: **3** (1 after a failed try) · the oldest since <t:${(NOW - 600_000) / 1000}:R>\nGiven up in the last 24 h: **2**`)
    expect(field(troubled, "Latest given up")).toBe(`<t:${(NOW - 60_000) / 1000}:R> · TellMember: the member's DMs are closed`)
    expect(field(troubled, "iRacing")).toBe(`On · league 4242 · last sync <t:${(NOW - 2 * HOUR + 3000) / 1000}:R> ❌ failed: iRacing is in maintenance`)
  })
})
