import { describe, expect, it } from "vitest"
import type { Claim } from "../../../../src/domain/numbers/claims.js"
import {
  TRADE_TTL_MS,
  type TradeRequest,
  checkTradeAcceptance,
  checkTradeDecline,
  validateTradeOffer,
} from "../../../../src/domain/numbers/trades.js"
import { GUILD, LEAGUE, T0, claim } from "./fixtures.js"

const HELD = [claim("7", "alice", { id: "a7" }), claim("12", "bob", { id: "b12", status: "confirmed" }), claim("250", "carol", { id: "c250", classId: "lmp2" })]

const offer = (more: Partial<TradeRequest> = {}) =>
  validateTradeOffer({
    guildId: GUILD,
    proposerId: "alice",
    targetId: "bob",
    myNumber: "7",
    theirNumber: "12",
    classes: LEAGUE,
    activeClaims: HELD,
    now: T0,
    ...more,
  })

const reasonTag = (v: ReturnType<typeof offer>) => (v.ok ? "ok" : v.reason._tag)

describe("validateTradeOffer", () => {
  it("GIVEN both members hold their numbers in one class THEN an offer that expires in 24 hours", () => {
    expect(offer()).toEqual({
      ok: true,
      offer: { guildId: GUILD, classId: "gt3", proposerId: "alice", targetId: "bob", proposerNumber: "7", targetNumber: "12", createdAt: T0, expiresAt: T0 + 24 * 3600 * 1000 },
    })
  })

  it("GIVEN the proposer names themselves THEN SelfTrade", () => {
    expect(reasonTag(offer({ targetId: "alice" }))).toBe("SelfTrade")
  })

  it("GIVEN the proposer does not hold the offered number THEN NotYours", () => {
    expect(reasonTag(offer({ myNumber: "8" }))).toBe("NotYours")
  })

  it("GIVEN the proposer holds 07, not 7 THEN NotYours: leading zeros count", () => {
    expect(reasonTag(offer({ activeClaims: [claim("07", "alice"), claim("12", "bob")] }))).toBe("NotYours")
  })

  it("GIVEN the other member does not hold the wanted number THEN NotTheirs", () => {
    expect(reasonTag(offer({ theirNumber: "13" }))).toBe("NotTheirs")
  })

  it("GIVEN the numbers are in different classes THEN DifferentClasses, explaining how to change class", () => {
    const v = offer({ targetId: "carol", theirNumber: "250" })
    expect(v.ok ? undefined : v.reason).toEqual(expect.objectContaining({ _tag: "DifferentClasses", message: expect.stringMatching(/within one class/) }))
  })

  it("GIVEN either number is reserved THEN ReservedNumber", () => {
    expect(reasonTag(offer({ activeClaims: [claim("99", "alice"), claim("12", "bob")], myNumber: "99" }))).toBe("ReservedNumber")
    expect(reasonTag(offer({ activeClaims: [claim("7", "alice"), claim("1", "bob")], theirNumber: "1" }))).toBe("ReservedNumber")
  })

  it("GIVEN bad input or an unknown class THEN InvalidNumber or UnknownClass", () => {
    expect(reasonTag(offer({ myNumber: "7a" }))).toBe("InvalidNumber")
    expect(reasonTag(offer({ theirNumber: "" }))).toBe("InvalidNumber")
    expect(reasonTag(offer({ requestedClass: "GT4" }))).toBe("UnknownClass")
  })

  it("GIVEN both hold their numbers in two overlapping classes THEN AmbiguousClass until the class is named", () => {
    const held: Claim[] = [...HELD, claim("7", "alice", { classId: "lmp2" }), claim("12", "bob", { classId: "lmp2" })]
    expect(reasonTag(offer({ activeClaims: held }))).toBe("AmbiguousClass")
    const v = offer({ activeClaims: held, requestedClass: "LMP2" })
    expect(v.ok && v.offer.classId).toBe("lmp2")
  })
})

describe("checkTradeAcceptance", () => {
  const made = offer()
  if (!made.ok) throw new Error("fixture offer must be valid")
  const o = made.offer
  const accept = (actorId: string, now: number, currentClaims: ReadonlyArray<Claim> = HELD) =>
    checkTradeAcceptance({ offer: o, actorId, currentClaims, now })

  it("GIVEN a fresh offer WHEN the other member accepts THEN both claims move, each to the other member", () => {
    expect(accept("bob", T0 + 1000)).toEqual({
      _tag: "Accept",
      transfers: [
        { claimId: "a7", number: "7", fromId: "alice", toId: "bob" },
        { claimId: "b12", number: "12", fromId: "bob", toId: "alice" },
      ],
    })
  })

  it("GIVEN an offer WHEN the proposer or a bystander presses Accept THEN NotYourOffer", () => {
    expect(accept("alice", T0)._tag).toBe("NotYourOffer")
    expect(accept("carol", T0)._tag).toBe("NotYourOffer")
  })

  it("GIVEN an offer WHEN accepted one millisecond before 24 hours THEN accepted; at 24 hours THEN Expired", () => {
    expect(accept("bob", T0 + TRADE_TTL_MS - 1)._tag).toBe("Accept")
    expect(accept("bob", T0 + TRADE_TTL_MS)._tag).toBe("Expired")
  })

  it("GIVEN the proposer released their number meanwhile THEN Voided, saying which number moved", () => {
    const r = accept("bob", T0, HELD.filter((c) => c.id !== "a7"))
    expect(r).toEqual(expect.objectContaining({ _tag: "Voided", reason: "#7 is no longer held by the member who offered it." }))
  })

  it("GIVEN the wanted number went to someone else meanwhile THEN Voided", () => {
    const r = accept("bob", T0, [HELD[0]!, claim("12", "dave")])
    expect(r).toEqual(expect.objectContaining({ _tag: "Voided", reason: "You no longer hold #12." }))
  })

  it("GIVEN the proposer released and re-claimed the same number THEN still accepted, using the current claim", () => {
    const r = accept("bob", T0, [claim("7", "alice", { id: "a7-again" }), HELD[1]!])
    expect(r._tag === "Accept" && r.transfers[0].claimId).toBe("a7-again")
  })

  it("GIVEN the number is held in another class only THEN Voided", () => {
    expect(accept("bob", T0, [claim("7", "alice", { classId: "lmp2" }), HELD[1]!])._tag).toBe("Voided")
  })
})

describe("checkTradeDecline", () => {
  const made = offer()
  if (!made.ok) throw new Error("fixture offer must be valid")
  it("GIVEN an offer THEN the target declines, the proposer withdraws, anyone else is refused", () => {
    expect(checkTradeDecline(made.offer, "bob")).toEqual({ _tag: "Declined" })
    expect(checkTradeDecline(made.offer, "alice")).toEqual({ _tag: "Withdrawn" })
    expect(checkTradeDecline(made.offer, "carol")._tag).toBe("NotYourOffer")
  })
})
