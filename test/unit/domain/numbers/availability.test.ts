import { describe, expect, it } from "vitest"
import { availabilityGrid, availabilitySummary, describeRuns, freeNumbers } from "../../../../src/domain/numbers/availability.js"
import type { NumberClass } from "../../../../src/domain/numbers/classes.js"
import { GT3, claim, n } from "./fixtures.js"

const SMALL: NumberClass = { id: "s", name: "Sprint", min: 1, max: 10, limitPerMember: 1, reserved: [n("10")] }

describe("availabilityGrid", () => {
  it("GIVEN confirmed, pending and reserved numbers THEN each cell has its state and the counts add up", () => {
    const grid = availabilityGrid(SMALL, [
      claim("2", "a", { classId: "s", status: "confirmed" }),
      claim("3", "b", { classId: "s" }),
      claim("4", "c", { classId: "other" }),
    ])
    expect(grid.cells.map((c) => `${c.number}:${c.state}`)).toEqual([
      "1:free",
      "2:taken",
      "3:pending",
      "4:free",
      "5:free",
      "6:free",
      "7:free",
      "8:free",
      "9:free",
      "10:reserved",
    ])
    expect(grid.counts).toEqual({ free: 7, taken: 1, pending: 1, reserved: 1 })
    expect(grid.cells[1]?.holderIds).toEqual(["a"])
  })

  it("GIVEN 07 is claimed THEN cell 7 is pending and labelled 07", () => {
    const cell = availabilityGrid(SMALL, [claim("07", "a", { classId: "s" })]).cells[6]
    expect(cell).toEqual({ number: "7", label: "07", state: "pending", holderIds: ["a"] })
  })

  it("GIVEN 7 is pending and 007 confirmed THEN cell 7 is taken and shows both forms, shortest first", () => {
    const cell = availabilityGrid(SMALL, [
      claim("007", "b", { classId: "s", status: "confirmed" }),
      claim("7", "a", { classId: "s" }),
    ]).cells[6]
    expect(cell).toEqual({ number: "7", label: "7/007", state: "taken", holderIds: ["a", "b"] })
  })

  it("GIVEN an admin assigned the reserved 10 THEN the cell shows the claim, not the reservation", () => {
    expect(availabilityGrid(SMALL, [claim("10", "a", { classId: "s" })]).cells[9]?.state).toBe("pending")
  })

  it("GIVEN 05 is reserved THEN cell 5 is reserved and labelled 05", () => {
    const cell = availabilityGrid({ ...SMALL, reserved: [n("05")] }, []).cells[4]
    expect(cell).toEqual({ number: "5", label: "05", state: "reserved", holderIds: [] })
  })

  it("GIVEN a whole range THEN one cell per value: 0–999 gives 1000 cells", () => {
    const grid = availabilityGrid({ ...SMALL, min: 0, max: 999, reserved: [] }, [])
    expect(grid.cells).toHaveLength(1000)
    expect(grid.cells[0]?.number).toBe("0")
  })
})

describe("availabilitySummary", () => {
  it("GIVEN a grid THEN one sentence with counts and the three lowest free numbers", () => {
    const grid = availabilityGrid(GT3, [claim("2", "a", { status: "confirmed" }), claim("3", "b")])
    expect(availabilitySummary(grid)).toBe("GT3 (1–199): 195 free, 1 taken, 1 pending, 2 reserved. Lowest free: 4, 5, 6 …")
  })

  it("GIVEN exactly the shown number of free numbers THEN no ellipsis", () => {
    const grid = availabilityGrid({ ...SMALL, max: 3, reserved: [] }, [])
    expect(availabilitySummary(grid)).toBe("Sprint (1–3): 3 free, 0 taken, 0 pending, 0 reserved. Lowest free: 1, 2, 3")
  })

  it("GIVEN nothing free THEN it says so", () => {
    const grid = availabilityGrid({ ...SMALL, max: 1, reserved: [n("1")] }, [])
    expect(availabilitySummary(grid)).toBe("Sprint (1–1): 0 free, 0 taken, 0 pending, 1 reserved. No free numbers.")
  })
})

describe("describeRuns", () => {
  it("GIVEN free numbers THEN consecutive ones collapse into ranges", () => {
    expect(describeRuns(["4", "5", "6", "8", "10", "11"].map(n))).toBe("4–6, 8, 10–11")
    expect(describeRuns([])).toBe("")
  })

  it("GIVEN a grid THEN its free numbers in order", () => {
    expect(describeRuns(freeNumbers(availabilityGrid(SMALL, [claim("5", "a", { classId: "s" })])))).toBe("1–4, 6–9")
  })
})
