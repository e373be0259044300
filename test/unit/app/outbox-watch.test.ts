import { describe, expect, it } from "vitest"
import { describeBacklog, watchBacklog, type WatchState } from "../../../src/app/outbox-watch.js"

const MINUTE = 60_000
const NOW = 1_800_000_000_000
const quiet: WatchState = { warnedAt: undefined }
const waitingSince = (ms: number) => ({ pending: 4, retrying: 2, givenUpRecently: 1, oldestPendingAt: NOW - ms })

describe("the follow-up backlog in the log", () => {
  it("GIVEN nothing waits, or the oldest has waited under 5 minutes THEN nothing is logged", () => {
    expect(watchBacklog({ pending: 0, retrying: 0, givenUpRecently: 0, oldestPendingAt: null }, NOW, quiet)).toEqual({ notice: undefined, state: quiet })
    expect(watchBacklog(waitingSince(5 * MINUTE), NOW, quiet)).toEqual({ notice: undefined, state: quiet })
  })

  it("GIVEN a follow-up waiting 7 minutes THEN a Warning says how long, how many wait and where to look", () => {
    const { notice, state } = watchBacklog(waitingSince(7 * MINUTE), NOW, quiet)
    expect(notice).toEqual({
      level: "warning",
      message: "a Discord follow-up has waited 7 min. Discord follow-ups: 4 waiting (2 after a failed try), 1 given up in the last 24 h. A member with Manage Server can see why with /status.",
    })
    expect(state).toEqual({ warnedAt: NOW })
  })

  it("GIVEN it stays stuck THEN the Warning comes again only every 30 minutes", () => {
    const warned: WatchState = { warnedAt: NOW - 29 * MINUTE }
    expect(watchBacklog(waitingSince(40 * MINUTE), NOW, warned)).toEqual({ notice: undefined, state: warned })
    const again = watchBacklog(waitingSince(40 * MINUTE), NOW, { warnedAt: NOW - 30 * MINUTE })
    expect(again.notice?.level).toBe("warning")
    expect(again.state).toEqual({ warnedAt: NOW })
  })

  it("GIVEN a Warning went out WHEN the backlog drains THEN one Info line says it cleared, and then nothing more", () => {
    const cleared = watchBacklog({ pending: 0, retrying: 0, givenUpRecently: 1, oldestPendingAt: null }, NOW, { warnedAt: NOW - MINUTE })
    expect(cleared.notice).toEqual({ level: "info", message: "the follow-up backlog cleared: Discord follow-ups: none waiting, 1 given up in the last 24 h" })
    expect(watchBacklog({ pending: 0, retrying: 0, givenUpRecently: 1, oldestPendingAt: null }, NOW, cleared.state).notice).toBeUndefined()
  })

  it("GIVEN the start-up line THEN it reads as a sentence whatever the numbers", () => {
    expect(describeBacklog({ pending: 0, retrying: 0, givenUpRecently: 0, oldestPendingAt: null })).toBe("Discord follow-ups: none waiting, 0 given up in the last 24 h")
    expect(describeBacklog(waitingSince(MINUTE))).toBe("Discord follow-ups: 4 waiting (2 after a failed try), 1 given up in the last 24 h")
  })
})
