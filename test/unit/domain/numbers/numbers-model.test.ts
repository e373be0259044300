import { describe, expect, it } from "vitest"
import { checkRelease, checkRevokeReason, checkTransferTarget } from "../../../../src/domain/numbers/lifecycle.js"
import { type Command, initialModel, runCommands } from "../../../support/numbers-model.js"
import { TRADE_TTL_MS } from "../../../../src/domain/numbers/trades.js"
import { LEAGUE, T0 } from "./fixtures.js"

const outcomes = (commands: ReadonlyArray<Command>) =>
  runCommands(initialModel("g", LEAGUE, T0), commands).map((s) => (s.outcome.ok ? "ok" : s.outcome.refusal))

const finalClaims = (commands: ReadonlyArray<Command>) =>
  (runCommands(initialModel("g", LEAGUE, T0), commands).at(-1)?.state.claims ?? []).map((c) => `${c.number}:${c.holderId}:${c.status}`)

describe("a season in the guild model", () => {
  const season: Array<Command> = [
    { type: "claim", memberId: "alice", number: "7", isAdmin: false },
    { type: "claim", memberId: "bob", number: "7", isAdmin: false },
    { type: "claim", memberId: "bob", number: "07", isAdmin: false },
    { type: "confirm", claimIndex: 0 },
    { type: "offerTrade", proposerId: "alice", targetId: "bob", myNumber: "7", theirNumber: "07" },
    { type: "acceptTrade", offerIndex: 0, actorId: "alice" },
    { type: "acceptTrade", offerIndex: 0, actorId: "bob" },
  ]

  it("GIVEN alice holds 7 WHEN bob tries 7, then 07, then they trade THEN refused, accepted, and swapped back to pending", () => {
    expect(outcomes(season)).toEqual(["ok", "Taken", "ok", "ok", "ok", "NotYourOffer", "ok"])
    expect(finalClaims(season)).toEqual(["7:bob:claimed", "07:alice:claimed"])
  })

  it("GIVEN a trade offer WHEN more than 24 hours pass THEN accepting it finds it expired and removes it", () => {
    const late: Array<Command> = [...season.slice(0, 5), { type: "wait", ms: TRADE_TTL_MS }, { type: "acceptTrade", offerIndex: 0, actorId: "bob" }, { type: "acceptTrade", offerIndex: 0, actorId: "bob" }]
    expect(outcomes(late).slice(-2)).toEqual(["Expired", "NoSuchOffer"])
  })

  it("GIVEN a trade offer WHEN the proposer releases their number first THEN the offer is void", () => {
    const voided: Array<Command> = [...season.slice(0, 5), { type: "release", memberId: "alice", number: "7" }, { type: "acceptTrade", offerIndex: 0, actorId: "bob" }]
    expect(outcomes(voided).slice(-2)).toEqual(["ok", "Voided"])
  })

  it("GIVEN an admin WHEN they assign a reserved number and revoke another THEN both happen and the refusals explain themselves", () => {
    const admin: Array<Command> = [
      { type: "assign", adminId: "admin", memberId: "carol", number: "1" },
      { type: "revoke", adminId: "admin", number: "1", reason: "" },
      { type: "revoke", adminId: "admin", number: "1", reason: "Retired in honour of the founder" },
      { type: "claim", memberId: "dave", number: "1", isAdmin: false },
    ]
    expect(outcomes(admin)).toEqual(["ok", "InvalidReason", "ok", "Reserved"])
  })
})

describe("lifecycle rules", () => {
  it("GIVEN a reason THEN blank is refused, 500 characters pass, 501 are refused", () => {
    expect(checkRevokeReason(undefined)).toMatch(/Give a reason/)
    expect(checkRevokeReason(" ")).toMatch(/Give a reason/)
    expect(checkRevokeReason("x".repeat(500))).toBeNull()
    expect(checkRevokeReason("x".repeat(501))).toMatch(/500/)
  })

  it("GIVEN a release THEN only the holder may; GIVEN a transfer THEN only to someone else", () => {
    expect(checkRelease("alice", "alice")).toBeNull()
    expect(checkRelease("alice", "bob")).toMatch(/revoke/)
    expect(checkTransferTarget("alice", "bob")).toBeNull()
    expect(checkTransferTarget("alice", "alice")).toMatch(/already belongs/)
    expect(checkTransferTarget("alice", "")).toMatch(/Name the member/)
  })
})
