import { describe, expect, it } from "vitest"
import { retryDelayMs } from "../../../src/adapters/discord/connect.js"
import { ECHO_WITHIN_MS, signalMeaning, stopWithin } from "../../../src/app/stopping.js"

/** What each signal ended up meaning, with the clock set by the test. */
const meanings = () => {
  let clock = 0
  const heard: string[] = []
  const onSignal = signalMeaning({ stop: (reason) => heard.push(`stop: ${reason}`), quitNow: (signal) => heard.push(`quit: ${signal}`) }, () => clock)
  return { heard, at: (ms: number, signal: NodeJS.Signals) => ((clock = ms), onSignal(signal)) }
}

describe("what a stop signal means", () => {
  it("GIVEN a running bot WHEN SIGTERM arrives THEN it stops cleanly", () => {
    const { heard, at } = meanings()
    at(1000, "SIGTERM")
    expect(heard).toEqual(["stop: SIGTERM received"])
  })

  it("GIVEN one Ctrl+C that the terminal and npm both deliver WHEN the copy arrives right after THEN it is not a second press", () => {
    const { heard, at } = meanings()
    at(1000, "SIGINT")
    at(1000 + ECHO_WITHIN_MS - 1, "SIGINT")
    expect(heard).toEqual(["stop: SIGINT received"])
  })

  it("GIVEN a stop under way WHEN Ctrl+C is pressed again later THEN it quits at once", () => {
    const { heard, at } = meanings()
    at(1000, "SIGINT")
    at(1000 + ECHO_WITHIN_MS, "SIGINT")
    expect(heard).toEqual(["stop: SIGINT received", "quit: SIGINT"])
  })
})

describe("the stop's bound", () => {
  it("GIVEN a stop that finishes THEN it is Stopped", async () => {
    expect(await stopWithin(async () => undefined, 1000)).toEqual({ _tag: "Stopped" })
  })

  it("GIVEN a stop that hangs THEN waiting ends at the bound as TimedOut", async () => {
    expect(await stopWithin(() => new Promise(() => undefined), 20)).toEqual({ _tag: "TimedOut" })
  })

  it("GIVEN a stop that fails THEN the failure is handed back", async () => {
    const error = new Error("close failed")
    expect(await stopWithin(() => Promise.reject(error), 1000)).toEqual({ _tag: "Failed", error })
  })
})

describe("waits between connection attempts", () => {
  it("GIVEN attempt after attempt failing THEN the waits double from 1 s and stay at 60 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000])
  })
})
