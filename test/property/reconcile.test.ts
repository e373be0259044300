import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Claim } from "../../src/domain/numbers/claims.js"
import { applyPlan, isEmptyPlan, reconcile, type MemberLink, type RosterEntry } from "../../src/domain/roster/reconcile.js"

const GUILD = "g1"
const numberArb = fc.constantFrom("1", "01", "001", "7", "07", "15", "42", "500")
const memberArb = fc.constantFrom("m1", "m2", "m3", "m4", "m5")
const custArb = fc.constantFrom(101, 102, 103, 104, 105, 106)

const claimsArb: fc.Arbitrary<Claim[]> = fc
  .uniqueArray(
    fc.record({ guildId: fc.constantFrom(GUILD, GUILD, "other"), classId: fc.constantFrom("gt3", "lmp2"), number: numberArb, holderId: memberArb, confirmed: fc.boolean() }),
    { selector: (c) => `${c.guildId}/${c.classId}/${c.number}`, maxLength: 12 },
  )
  .map((rows) =>
    rows.map((row, index) => ({
      id: `c${index}`,
      guildId: row.guildId,
      classId: row.classId,
      number: row.number as Claim["number"],
      holderId: row.holderId,
      status: row.confirmed ? ("confirmed" as const) : ("claimed" as const),
      claimedAt: 0,
      ...(row.confirmed ? { confirmedAt: 0 } : {}),
    })),
  )
const linksArb: fc.Arbitrary<MemberLink[]> = fc
  .uniqueArray(fc.record({ memberId: memberArb, custId: custArb }), { selector: (l) => l.memberId, maxLength: 5 })
  .map((links) => links.filter((l, i) => links.findIndex((o) => o.custId === l.custId) === i).map((l) => ({ ...l, iracingName: `Driver ${l.custId}` })))
const rosterArb: fc.Arbitrary<RosterEntry[]> = fc
  .uniqueArray(fc.record({ custId: custArb, carNumber: fc.option(numberArb, { nil: null }) }), { selector: (r) => r.custId, maxLength: 6 })
  .map((rows) => rows.map((row) => ({ ...row, displayName: `Driver ${row.custId}` })))

describe("roster reconciliation", () => {
  it("is idempotent: after applying its plan, reconciling again plans nothing", () => {
    fc.assert(
      fc.property(claimsArb, linksArb, rosterArb, (claims, links, roster) => {
        const first = reconcile(GUILD, claims, links, roster)
        const second = reconcile(GUILD, applyPlan(claims, first.plan, 1), links, roster)
        expect(isEmptyPlan(second.plan)).toBe(true)
      }),
    )
  })

  it("never touches another guild's claims", () => {
    fc.assert(
      fc.property(claimsArb, linksArb, rosterArb, (claims, links, roster) => {
        const report = reconcile(GUILD, claims, links, roster)
        const foreign = new Set(claims.filter((c) => c.guildId !== GUILD).map((c) => c.id))
        const touched = [...report.plan.confirm, ...report.plan.unconfirm, ...report.toSet.map((t) => t.claimId), ...report.extraClaims.map((t) => t.claimId)]
        expect(touched.filter((id) => foreign.has(id))).toEqual([])
      }),
    )
  })

  it("confirms a claim only when the holder's roster entry shows exactly that string", () => {
    fc.assert(
      fc.property(claimsArb, linksArb, rosterArb, (claims, links, roster) => {
        const report = reconcile(GUILD, claims, links, roster)
        for (const id of report.plan.confirm) {
          const claim = claims.find((c) => c.id === id)!
          const link = links.find((l) => l.memberId === claim.holderId)!
          expect(roster.find((r) => r.custId === link.custId)?.carNumber).toBe(claim.number)
        }
      }),
    )
  })

  it("accounts for every active claim of the guild exactly once", () => {
    fc.assert(
      fc.property(claimsArb, linksArb, rosterArb, (claims, links, roster) => {
        const report = reconcile(GUILD, claims, links, roster)
        const ours = claims.filter((c) => c.guildId === GUILD)
        const unlinked = ours.filter((c) => report.unlinkedHolders.includes(c.holderId)).length
        const notInLeague = report.linkedNotInLeague.reduce((sum, l) => sum + l.numbers.length, 0)
        expect(report.confirmedCount + report.toSet.length + report.extraClaims.length + unlinked + notInLeague).toBe(ours.length)
      }),
    )
  })

  it("lists a roster number as nobody's claim only when no claim of the guild has it, and otherwise names who holds it", () => {
    fc.assert(
      fc.property(claimsArb, linksArb, rosterArb, (claims, links, roster) => {
        const report = reconcile(GUILD, claims, links, roster)
        const ours = claims.filter((c) => c.guildId === GUILD)
        for (const u of report.unclaimed) expect(ours.filter((c) => c.number === u.rosterNumber)).toEqual([])
        for (const h of report.heldByOthers) {
          expect(h.heldBy.length).toBeGreaterThan(0)
          expect([...new Set(ours.filter((c) => c.number === h.rosterNumber).map((c) => c.holderId))].sort()).toEqual(h.heldBy)
        }
      }),
    )
  })

  it("leaves no confirmed claim with a holder who has no iRacing link", () => {
    fc.assert(
      fc.property(claimsArb, linksArb, rosterArb, (claims, links, roster) => {
        const after = applyPlan(claims, reconcile(GUILD, claims, links, roster).plan, 1)
        const linked = new Set(links.map((l) => l.memberId))
        expect(after.filter((c) => c.guildId === GUILD && c.status === "confirmed" && !linked.has(c.holderId))).toEqual([])
      }),
    )
  })

  it("asks an admin to set a number only for drivers on the roster", () => {
    fc.assert(
      fc.property(claimsArb, linksArb, rosterArb, (claims, links, roster) => {
        const report = reconcile(GUILD, claims, links, roster)
        const onRoster = new Set(roster.map((r) => r.custId))
        expect([...report.toSet, ...report.extraClaims].filter((t) => !onRoster.has(t.custId))).toEqual([])
      }),
    )
  })

  it("GIVEN the sample roster with 1, 01, 001 and a duplicate 15 THEN each kind of difference is reported", () => {
    const roster: RosterEntry[] = [
      { custId: 1, displayName: "Ann", carNumber: "1" },
      { custId: 2, displayName: "Ben", carNumber: "01" },
      { custId: 3, displayName: "Cat", carNumber: "001" },
      { custId: 4, displayName: "Dan", carNumber: "15" },
      { custId: 5, displayName: "Eve", carNumber: "15" },
      { custId: 6, displayName: "Fay", carNumber: null },
    ]
    const links: MemberLink[] = [
      { memberId: "ann", custId: 1, iracingName: "Ann" },
      { memberId: "ben", custId: 2, iracingName: "Ben" },
      { memberId: "fay", custId: 6, iracingName: "Fay" },
      { memberId: "gus", custId: 99, iracingName: "Gus" },
    ]
    const claim = (id: string, holderId: string, number: string, status: Claim["status"] = "claimed"): Claim => ({ id, guildId: GUILD, classId: "gt3", number: number as Claim["number"], holderId, status, claimedAt: 0 })
    const report = reconcile(GUILD, [claim("a", "ann", "1"), claim("b", "ben", "1"), claim("f", "fay", "42", "confirmed"), claim("h", "hal", "9")], links, roster)
    expect(report.plan.confirm).toEqual(["a"])
    expect(report.plan.unconfirm).toEqual(["f"])
    expect(report.toSet.map((t) => [t.memberId, t.number, t.rosterNumber])).toEqual([["ben", "1", "01"], ["fay", "42", null]])
    expect(report.unclaimed.map((u) => [u.iracingName, u.rosterNumber])).toEqual([["Ben", "01"], ["Cat", "001"], ["Dan", "15"], ["Eve", "15"]])
    expect(report.duplicates).toEqual([{ number: "15", members: [{ custId: 4, iracingName: "Dan" }, { custId: 5, iracingName: "Eve" }] }])
    expect(report.linkedNotInLeague.map((l) => l.memberId)).toEqual(["gus"])
    expect(report.unlinkedHolders).toEqual(["hal"])
    expect(report.verifiedLinks).toEqual(["ann", "ben", "fay"])
  })
})
