import { describe, expect, it } from "vitest"
import { EXPORT_COLUMNS, exportRows, neutralizeFormula } from "../../../../src/domain/numbers/number-export-rows.js"
import { LEAGUE, T0, claim } from "./fixtures.js"

describe("neutralizeFormula", () => {
  it.each(["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\")"])(
    "GIVEN a cell starting with a formula trigger (%j) THEN it gets a leading quote",
    (cell) => {
      expect(neutralizeFormula(cell)).toBe(`'${cell}`)
    },
  )

  it.each(["Alice", "07", "", "a=b", " =1", "'=1"])("GIVEN a harmless cell (%j) THEN it is unchanged", (cell) => {
    expect(neutralizeFormula(cell)).toBe(cell)
  })

  it("GIVEN a neutralized cell WHEN neutralized again THEN it is unchanged", () => {
    expect(neutralizeFormula(neutralizeFormula("=1"))).toBe("'=1")
  })
})

describe("exportRows", () => {
  it("GIVEN claims in two classes THEN rows sorted by class then number, with links filled in", () => {
    const rows = exportRows(
      [
        claim("250", "carol", { classId: "lmp2", status: "confirmed" }),
        claim("07", "bob"),
        claim("7", "alice"),
      ],
      LEAGUE,
      [{ memberId: "alice", displayName: "Alice", iracingId: 123456, iracingName: "Alice Racer" }],
    )
    expect(rows).toEqual([
      { number: "7", class: "GT3", member: "Alice", status: "claimed", iracing_id: "123456", iracing_name: "Alice Racer", claimed_at: "2026-01-10T18:00:00.000Z" },
      { number: "07", class: "GT3", member: "bob", status: "claimed", iracing_id: "", iracing_name: "", claimed_at: "2026-01-10T18:00:00.000Z" },
      { number: "250", class: "LMP2", member: "carol", status: "confirmed", iracing_id: "", iracing_name: "", claimed_at: "2026-01-10T18:00:00.000Z" },
    ])
    expect(Object.keys(rows[0] ?? {})).toEqual(EXPORT_COLUMNS)
  })

  it("GIVEN a member named like a formula THEN the exported cell is neutralized", () => {
    const [row] = exportRows([claim("5", "x")], LEAGUE, [{ memberId: "x", displayName: "=cmd|' /C calc'!A0", iracingName: "@evil" }])
    expect(row?.member).toBe("'=cmd|' /C calc'!A0")
    expect(row?.iracing_name).toBe("'@evil")
  })

  it("GIVEN a claim whose class was deleted THEN the class id is shown", () => {
    expect(exportRows([claim("5", "x", { classId: "gone" })], LEAGUE)[0]?.class).toBe("gone")
  })

  it("GIVEN the same claims in another order THEN the same rows", () => {
    const a = claim("5", "x", { id: "a", claimedAt: T0 })
    const b = claim("6", "y", { id: "b", claimedAt: T0 + 1 })
    expect(exportRows([b, a], LEAGUE)).toEqual(exportRows([a, b], LEAGUE))
  })
})
