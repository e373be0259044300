import { describe, expect, it } from "vitest"
import { makeBotStatus, notReadyBecause } from "../../../src/app/bot-status.js"

describe("readiness", () => {
  it("GIVEN a bot that has not logged in THEN it is not ready for both reasons, and the gateway says why", () => {
    expect(notReadyBecause(makeBotStatus(0))).toEqual(["the Discord gateway is not connected (not logged in yet)", "the slash commands are not registered yet"])
  })

  it("GIVEN the gateway connected but commands not registered THEN only the commands are missing; once registered THEN ready", () => {
    const status = makeBotStatus(0)
    status.watchGateway(() => ({ connected: true, state: "connected", pingMs: 40 }))
    expect(notReadyBecause(status)).toEqual(["the slash commands are not registered yet"])
    status.markCommandsRegistered()
    expect(notReadyBecause(status)).toEqual([])
  })

  it("GIVEN a ready bot WHEN the gateway drops THEN it is not ready again, read live rather than remembered", () => {
    const status = makeBotStatus(0)
    let state = { connected: true, state: "connected", pingMs: 40 as number | undefined }
    status.watchGateway(() => state)
    status.markCommandsRegistered()
    state = { connected: false, state: "resuming", pingMs: undefined }
    expect(notReadyBecause(status)).toEqual(["the Discord gateway is not connected (resuming)"])
  })
})
