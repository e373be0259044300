import { describe, expect, it } from "vitest"
import { type Claim, type ClaimRequest, decideAssign, decideClaim } from "../../../../src/domain/numbers/claims.js"
import { decideRelease, decideRevoke } from "../../../../src/domain/numbers/release.js"
import { nearbyFree, nearbyFreeWithin } from "../../../../src/domain/numbers/nearby.js"
import type { NumberClass } from "../../../../src/domain/numbers/classes.js"
import { GT3, LEAGUE, LMP2, T0, claim, n } from "./fixtures.js"

const request = (number: string, activeClaims: ReadonlyArray<Claim> = [], more: Partial<ClaimRequest> = {}): ClaimRequest => ({
  number,
  classes: LEAGUE,
  claimantId: "alice",
  isAdmin: false,
  activeClaims,
  now: T0,
  ...more,
})

const refusal = (d: { ok: boolean; reason?: unknown }) => (d.ok ? undefined : d.reason)

describe("decideClaim", () => {
  it("GIVEN a free number in range WHEN a member claims it THEN it succeeds in that class without warnings", () => {
    expect(decideClaim(request(" 42 "))).toEqual({ ok: true, number: "42", class: GT3, holderId: "alice", claimedAt: T0, warnings: [] })
  })

  it("GIVEN 7 is held WHEN someone claims 07 THEN it succeeds with a look-alike warning", () => {
    const d = decideClaim(request("07", [claim("7", "bob")]))
    expect(d.ok).toBe(true)
    expect(d.ok && d.warnings).toEqual([
      expect.objectContaining({ _tag: "LookAlike", number: "07", similarTo: "7", holderId: "bob", message: expect.stringMatching(/looks like #7/) }),
    ])
  })

  it("GIVEN 007 is reserved WHEN someone claims 7 THEN it succeeds with a look-alike warning naming no holder", () => {
    const cls: NumberClass = { ...GT3, reserved: [n("007")] }
    const d = decideClaim(request("7", [], { classes: [cls] }))
    expect(d.ok && d.warnings).toEqual([expect.objectContaining({ similarTo: "007", holderId: null, message: expect.stringMatching(/reserved/) })])
  })

  it("GIVEN 7 is held WHEN someone else claims 7 THEN they are refused with nearby free numbers", () => {
    const d = decideClaim(request("7", [claim("7", "bob")]))
    expect(refusal(d)).toEqual({
      _tag: "Taken",
      number: "7",
      holderId: "bob",
      classId: "gt3",
      className: "GT3",
      nearbyFree: ["6", "8", "5", "9", "4"],
      message: "#7 is already taken in GT3. Free numbers nearby: 6, 8, 5, 9, 4.",
    })
  })

  it("GIVEN 7 is held in GT3 WHEN 7 is held in another class THEN it does not count (uniqueness is per class)", () => {
    const d = decideClaim(request("7", [claim("7", "bob", { classId: "other" })]))
    expect(d.ok).toBe(true)
  })

  it("GIVEN the member holds 7 WHEN they claim 7 again THEN they are told it is already theirs", () => {
    const d = decideClaim(request("7", [claim("7", "alice")]))
    expect(refusal(d)).toEqual(expect.objectContaining({ _tag: "AlreadyYours", message: "You already hold #7 in GT3." }))
  })

  it("GIVEN the member holds their limit WHEN they claim another THEN LimitReached lists what they hold", () => {
    const d = decideClaim(request("8", [claim("12", "alice")]))
    expect(refusal(d)).toEqual(
      expect.objectContaining({ _tag: "LimitReached", limit: 1, held: ["12"], message: expect.stringMatching(/allows 1 number per member and you hold #12. Release one first/) }),
    )
  })

  it("GIVEN the member is at the limit WHEN they claim a taken number THEN the limit is reported, not the taken number", () => {
    const d = decideClaim(request("7", [claim("12", "alice"), claim("7", "bob")]))
    expect(refusal(d)).toEqual(expect.objectContaining({ _tag: "LimitReached" }))
  })

  it("GIVEN a class allows 2 per member WHEN a member holding one claims a second THEN it succeeds; a third is refused", () => {
    expect(decideClaim(request("201", [claim("200", "alice", { classId: "lmp2" })])).ok).toBe(true)
    const two = [claim("200", "alice", { classId: "lmp2" }), claim("201", "alice", { classId: "lmp2" })]
    expect(refusal(decideClaim(request("202", two)))).toEqual(expect.objectContaining({ _tag: "LimitReached", limit: 2, held: ["200", "201"] }))
  })

  it("GIVEN the member holds a number in GT3 WHEN they claim in LMP2 THEN the GT3 claim does not count", () => {
    expect(decideClaim(request("250", [claim("12", "alice")])).ok).toBe(true)
  })

  it("GIVEN 99 is reserved WHEN a member claims it THEN Reserved, with nearby free numbers", () => {
    const d = decideClaim(request("99"))
    expect(refusal(d)).toEqual(
      expect.objectContaining({ _tag: "Reserved", nearbyFree: ["98", "100", "97", "101", "96"], message: expect.stringMatching(/only an admin/) }),
    )
  })

  it("GIVEN 99 is reserved WHEN a member claims 099 THEN it is a different number and succeeds, with a look-alike warning", () => {
    const d = decideClaim(request("099"))
    expect(d.ok && d.warnings.map((w) => w._tag)).toEqual(["LookAlike"])
  })

  it("GIVEN 99 is reserved WHEN an admin claims it for themselves THEN it succeeds with a reserved warning", () => {
    const d = decideClaim(request("99", [], { isAdmin: true }))
    expect(d.ok && d.warnings.map((w) => w._tag)).toEqual(["ReservedOverride"])
  })

  it("GIVEN an admin at their limit WHEN they claim another THEN it succeeds with an over-limit warning", () => {
    const d = decideClaim(request("8", [claim("12", "alice")], { isAdmin: true }))
    expect(d.ok && d.warnings).toEqual([expect.objectContaining({ _tag: "OverLimit", limit: 1, holding: 2 })])
  })

  it("GIVEN an admin WHEN they claim a taken number THEN they are refused like anyone", () => {
    expect(refusal(decideClaim(request("7", [claim("7", "bob")], { isAdmin: true })))).toEqual(expect.objectContaining({ _tag: "Taken" }))
  })

  it.each([
    ["4a", "InvalidNumber"],
    ["-1", "InvalidNumber"],
    ["1000", "InvalidNumber"],
    ["", "InvalidNumber"],
    ["500", "OutOfRange"],
    ["0", "OutOfRange"],
  ])("GIVEN input %j WHEN claimed THEN refused as %s", (input, tag) => {
    expect(refusal(decideClaim(request(input)))).toEqual(expect.objectContaining({ _tag: tag }))
  })

  it("GIVEN an unknown class name THEN UnknownClass", () => {
    expect(refusal(decideClaim(request("7", [], { requestedClass: "GT4" })))).toEqual(expect.objectContaining({ _tag: "UnknownClass" }))
  })

  it("GIVEN overlapping classes and no class named THEN AmbiguousClass; naming it succeeds", () => {
    const classes = [{ ...GT3, reserved: [] }, { ...LMP2, id: "all", name: "All", min: 0, max: 999 }]
    expect(refusal(decideClaim(request("7", [], { classes })))).toEqual(expect.objectContaining({ _tag: "AmbiguousClass", candidates: ["GT3", "All"] }))
    const d = decideClaim(request("7", [], { classes, requestedClass: "all" }))
    expect(d.ok && d.class.id).toBe("all")
  })

  it("GIVEN a guild without classes WHEN 000 is claimed THEN it lands in the default Open class", () => {
    const d = decideClaim(request("000", [], { classes: [] }))
    expect(d.ok && d.class.name).toBe("Open")
  })

  it("GIVEN every number of a class is taken WHEN one is claimed THEN the message says none are free", () => {
    const tiny: NumberClass = { id: "t", name: "Tiny", min: 1, max: 2, limitPerMember: 1, reserved: [] }
    const d = decideClaim(request("1", [claim("1", "bob", { classId: "t" }), claim("2", "carol", { classId: "t" })], { classes: [tiny] }))
    expect(refusal(d)).toEqual(expect.objectContaining({ nearbyFree: [], message: expect.stringMatching(/no free numbers left/) }))
  })
})

describe("decideAssign", () => {
  const assign = (number: string, held: ReadonlyArray<Claim> = [], actorIsAdmin = true) =>
    decideAssign({ number, classes: LEAGUE, actorIsAdmin, memberId: "bob", activeClaims: held, now: T0 })

  it("GIVEN a non-admin WHEN they assign THEN NotAdmin", () => {
    expect(refusal(assign("5", [], false))).toEqual(expect.objectContaining({ _tag: "NotAdmin" }))
  })

  it("GIVEN a reserved number WHEN an admin assigns it THEN it goes to the member with a reserved warning", () => {
    const d = assign("1")
    expect(d.ok && { holder: d.holderId, warnings: d.warnings.map((w) => w._tag) }).toEqual({ holder: "bob", warnings: ["ReservedOverride"] })
  })

  it("GIVEN the member is at the limit WHEN an admin assigns another THEN it succeeds with an over-limit warning", () => {
    const d = assign("5", [claim("6", "bob")])
    expect(d.ok && d.warnings).toEqual([expect.objectContaining({ _tag: "OverLimit", memberId: "bob", holding: 2 })])
  })

  it("GIVEN the number is held WHEN an admin assigns it THEN Taken: revoke first", () => {
    expect(refusal(assign("5", [claim("5", "carol")]))).toEqual(expect.objectContaining({ _tag: "Taken", holderId: "carol" }))
  })

  it("GIVEN the member already holds it WHEN assigned again THEN AlreadyYours, worded for them", () => {
    expect(refusal(assign("5", [claim("5", "bob")]))).toEqual(expect.objectContaining({ _tag: "AlreadyYours", message: "They already hold #5 in GT3." }))
  })
})

describe("decideRelease", () => {
  const release = (number: string, held: ReadonlyArray<Claim>, requestedClass?: string) =>
    decideRelease({ number, classes: LEAGUE, memberId: "alice", activeClaims: held, requestedClass })

  it("GIVEN the member holds 7 WHEN they release 7 THEN that claim", () => {
    const mine = claim("7", "alice")
    expect(release("7", [claim("7", "bob", { classId: "lmp2" }), mine])).toEqual({ ok: true, claim: mine })
  })

  it("GIVEN the member holds 07 WHEN they release 7 THEN NotHeld, pointing out leading zeros count", () => {
    const d = release("7", [claim("07", "alice")])
    expect(refusal(d)).toEqual(expect.objectContaining({ _tag: "NotHeld", message: expect.stringMatching(/You hold #07; leading zeros count/) }))
  })

  it("GIVEN someone else holds 7 WHEN the member releases 7 THEN NotHeld names the holder and lists the member's numbers", () => {
    const d = release("7", [claim("7", "bob"), claim("12", "alice")])
    expect(refusal(d)).toEqual(expect.objectContaining({ _tag: "NotHeld", holderId: "bob", message: "You don't hold #7. Your numbers: #12." }))
  })

  it("GIVEN the member holds 7 in two classes WHEN they release 7 THEN AmbiguousClass; naming the class works", () => {
    const held = [claim("7", "alice"), claim("7", "alice", { classId: "lmp2" })]
    expect(refusal(release("7", held))).toEqual(expect.objectContaining({ _tag: "AmbiguousClass", candidates: ["GT3", "LMP2"] }))
    expect(release("7", held, "lmp2")).toEqual({ ok: true, claim: held[1] })
  })

  it("GIVEN bad input THEN InvalidNumber", () => {
    expect(refusal(release("x", []))).toEqual(expect.objectContaining({ _tag: "InvalidNumber" }))
  })
})

describe("decideRevoke", () => {
  const revoke = (reason: string, actorIsAdmin = true, held = [claim("7", "bob")]) =>
    decideRevoke({ number: "7", classes: LEAGUE, actorIsAdmin, reason, activeClaims: held })

  it("GIVEN an admin and a reason WHEN they revoke a held number THEN the claim, with the reason trimmed", () => {
    const held = [claim("7", "bob")]
    expect(revoke("  Retired for Dale  ", true, held)).toEqual({ ok: true, claim: held[0], reasonText: "Retired for Dale" })
  })

  it.each([
    ["", /Give a reason/],
    ["   ", /Give a reason/],
    ["x".repeat(501), /500 characters; it has 501/],
  ])("GIVEN reason %j THEN InvalidReason", (reason, message) => {
    expect(refusal(revoke(reason))).toEqual({ _tag: "InvalidReason", message: expect.stringMatching(message) })
  })

  it("GIVEN a reason of exactly 500 characters THEN it is accepted", () => {
    expect(revoke("x".repeat(500)).ok).toBe(true)
  })

  it("GIVEN a non-admin THEN NotAdmin", () => {
    expect(refusal(revoke("spam", false))).toEqual(expect.objectContaining({ _tag: "NotAdmin" }))
  })

  it("GIVEN nobody holds the number THEN NotHeld", () => {
    expect(refusal(revoke("spam", true, []))).toEqual(expect.objectContaining({ _tag: "NotHeld", message: "Nobody holds #7." }))
  })
})

describe("nearbyFree", () => {
  it("GIVEN nothing taken THEN the number itself first, then alternating below and above", () => {
    expect(nearbyFree({ ...GT3, reserved: [] }, [], n("10"))).toEqual(["10", "9", "11", "8", "12"])
  })

  it("GIVEN the number sits at the bottom of the range THEN suggestions only go up", () => {
    expect(nearbyFree({ ...GT3, reserved: [] }, [n("1")], n("1"), 3)).toEqual(["2", "3", "4"])
  })

  it("GIVEN 07 is held and 9 reserved THEN neither 7 nor 9 is suggested, and suggestions have no leading zeros", () => {
    expect(nearbyFree({ ...GT3, reserved: [n("9")] }, [n("07"), n("8")], n("8"), 4)).toEqual(["6", "10", "5", "11"])
  })

  it("GIVEN a target outside the class THEN the closest numbers inside it", () => {
    expect(nearbyFree(LMP2, [], n("150"), 2)).toEqual(["200", "201"])
  })

  it("GIVEN fewer free numbers than asked THEN all of them", () => {
    const tiny: NumberClass = { id: "t", name: "Tiny", min: 1, max: 3, limitPerMember: 1, reserved: [n("2")] }
    expect(nearbyFree(tiny, [], 2, 5)).toEqual(["1", "3"])
  })
})

describe("nearbyFreeWithin", () => {
  const open: NumberClass = { id: "open", name: "Open", min: 0, max: 99, limitPerMember: 1, reserved: [] }

  it("GIVEN five free numbers close enough that the window holds everything nearer THEN complete", () => {
    expect(nearbyFreeWithin(open, [], 12, { from: 10, to: 50 })).toEqual({ numbers: ["12", "11", "13", "10", "14"], complete: true })
  })

  it("GIVEN a window that stops short of numbers nearer than its suggestions THEN not complete, so a wider one is read", () => {
    // The whole class would suggest 9 and 8 before 13 and 14.
    expect(nearbyFreeWithin(open, [], 10, { from: 10, to: 50 })).toEqual({ numbers: ["10", "11", "12", "13", "14"], complete: false })
  })

  it("GIVEN fewer free numbers than asked in a window smaller than the class THEN not complete; in the whole class THEN complete", () => {
    const taken = Array.from({ length: 90 }, (_, v) => n(String(v + 10)))
    expect(nearbyFreeWithin(open, taken.slice(0, 41), 30, { from: 10, to: 50 }).complete).toBe(false)
    expect(nearbyFreeWithin(open, taken, 30, { from: 0, to: 99 })).toEqual({ numbers: ["9", "8", "7", "6", "5"], complete: true })
  })
})
