import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import {
  DEFAULT_CLASS,
  type NumberClass,
  classesContaining,
  parseRange,
  parseReservedList,
  resolveClass,
  validateClass,
} from "../../../../src/domain/numbers/classes.js"
import { GT3, LEAGUE, LMP2, n } from "./fixtures.js"

const OPEN: NumberClass = { id: "open", name: "Open", min: 0, max: 999, limitPerMember: 1, reserved: [] }
const ROOKIES: NumberClass = { id: "rookies", name: "Rookies", min: 900, max: 999, limitPerMember: 1, reserved: [] }

const problems = (c: NumberClass, others: ReadonlyArray<NumberClass> = []) => {
  const r = validateClass(c, others)
  return Either.isLeft(r) ? r.left.problems : []
}

describe("validateClass", () => {
  it("GIVEN a sound class THEN it is accepted with its name trimmed and reserved numbers sorted without duplicates", () => {
    const r = validateClass({ ...GT3, name: "  GT3 ", reserved: [n("99"), n("1"), n("99")] })
    expect(r).toEqual(Either.right({ ...GT3, name: "GT3", reserved: ["1", "99"] }))
  })

  it("GIVEN min above max THEN it is refused with a hint to swap them", () => {
    expect(problems({ ...GT3, min: 199, max: 1, reserved: [] })).toEqual([expect.stringMatching(/starts after it ends.*swap/)])
  })

  it.each([
    [-1, 10],
    [0, 1000],
    [1.5, 10],
  ])("GIVEN a range %s–%s THEN it is refused as outside 0–999", (min, max) => {
    expect(problems({ ...GT3, min, max, reserved: [] })).toEqual([expect.stringMatching(/within 0–999/)])
  })

  it.each([0, -1, 1.5])("GIVEN a per-member limit of %s THEN it is refused", (limit) => {
    expect(problems({ ...GT3, limitPerMember: limit })).toEqual([expect.stringMatching(/at least 1/)])
  })

  it("GIVEN reserved numbers outside the range THEN they are listed", () => {
    expect(problems({ ...GT3, reserved: [n("250"), n("0"), n("5")] })).toEqual([expect.stringMatching(/outside 1–199: 0, 250/)])
  })

  it("GIVEN another class with the same name in other case THEN it is refused; editing the class itself is fine", () => {
    expect(problems({ ...LMP2, id: "new", name: "gt3" }, LEAGUE)).toEqual([expect.stringMatching(/"GT3" already exists/)])
    expect(problems(GT3, LEAGUE)).toEqual([])
  })

  it("GIVEN an empty or overlong name THEN it is refused", () => {
    expect(problems({ ...GT3, name: "  " })).toEqual(["Give the class a name."])
    expect(problems({ ...GT3, name: "x".repeat(101) })).toEqual([expect.stringMatching(/101 characters/)])
  })

  it("GIVEN several problems THEN all are reported at once", () => {
    expect(problems({ ...GT3, name: "", min: 50, max: 10, limitPerMember: 0, reserved: [] })).toHaveLength(3)
  })
})

describe("classesContaining", () => {
  it("GIVEN overlapping classes THEN a number in both is in both, in the guild's order", () => {
    expect(classesContaining(n("950"), [OPEN, ROOKIES]).map((c) => c.id)).toEqual(["open", "rookies"])
    expect(classesContaining(n("5"), [OPEN, ROOKIES]).map((c) => c.id)).toEqual(["open"])
  })

  it("GIVEN a leading-zero number THEN its value decides the range", () => {
    expect(classesContaining(n("007"), LEAGUE).map((c) => c.id)).toEqual(["gt3"])
  })

  it("GIVEN a guild without classes THEN the default Open 0–999 class applies", () => {
    expect(classesContaining(n("000"), [])).toEqual([DEFAULT_CLASS])
  })
})

describe("resolveClass", () => {
  it("GIVEN a number in exactly one class THEN that class", () => {
    expect(resolveClass(n("250"), LEAGUE)).toEqual(Either.right(LMP2))
  })

  it("GIVEN a number in no class THEN OutOfRange lists the classes", () => {
    const r = resolveClass(n("500"), LEAGUE)
    expect(r).toEqual(Either.left(expect.objectContaining({ _tag: "OutOfRange", className: null })))
    expect(Either.isLeft(r) && r.left.message).toMatch(/GT3 \(1–199\), LMP2 \(200–299\)/)
  })

  it("GIVEN a number in two classes and no class named THEN AmbiguousClass names both", () => {
    const r = resolveClass(n("950"), [OPEN, ROOKIES])
    expect(r).toEqual(Either.left(expect.objectContaining({ _tag: "AmbiguousClass", candidates: ["Open", "Rookies"] })))
  })

  it("GIVEN a number in two classes and one named in any case THEN that class", () => {
    expect(resolveClass(n("950"), [OPEN, ROOKIES], " rookies ")).toEqual(Either.right(ROOKIES))
  })

  it("GIVEN an unknown class name THEN UnknownClass lists the known ones", () => {
    const r = resolveClass(n("5"), LEAGUE, "GT4")
    expect(r).toEqual(Either.left(expect.objectContaining({ _tag: "UnknownClass", requested: "GT4", known: ["GT3", "LMP2"] })))
  })

  it("GIVEN a named class that does not contain the number THEN OutOfRange with that class's range", () => {
    const r = resolveClass(n("250"), LEAGUE, "GT3")
    expect(r).toEqual(Either.left(expect.objectContaining({ _tag: "OutOfRange", className: "GT3" })))
    expect(Either.isLeft(r) && r.left.message).toMatch(/from 1 to 199/)
  })

  it("GIVEN an empty class name THEN it is as if none was given", () => {
    expect(resolveClass(n("5"), LEAGUE, "  ")).toEqual(Either.right(GT3))
  })
})

describe("parseRange", () => {
  it.each([
    ["1-199", 1, 199],
    ["1–199", 1, 199],
    [" 200 - 299 ", 200, 299],
    ["7", 7, 7],
    ["001-010", 1, 10],
    ["0-999", 0, 999],
  ])("GIVEN %j THEN %s to %s", (input, min, max) => {
    expect(parseRange(input)).toEqual(Either.right({ min, max }))
  })

  it.each(["", "1-", "-5", "1-1000", "a-b", "1-2-3", "199-1"])("GIVEN %j THEN it is refused with an example", (input) => {
    const r = parseRange(input)
    expect(Either.isLeft(r)).toBe(true)
  })

  it("GIVEN a reversed range THEN the message suggests the right order", () => {
    const r = parseRange("199-1")
    expect(Either.isLeft(r) && r.left.message).toMatch(/write 1-199/)
  })
})

describe("parseReservedList", () => {
  it("GIVEN singles and a range THEN singles keep their form and the range expands to plain numbers", () => {
    expect(parseReservedList("1, 07, 10-13")).toEqual(Either.right(["1", "07", "10", "11", "12", "13"]))
  })

  it("GIVEN spaces, semicolons, dashes with spaces and duplicates THEN a sorted list without duplicates", () => {
    expect(parseReservedList("12; 3 5 - 6,3")).toEqual(Either.right(["3", "5", "6", "12"]))
  })

  it("GIVEN an empty list THEN no reserved numbers", () => {
    expect(parseReservedList("  ")).toEqual(Either.right([]))
  })

  it("GIVEN bad entries THEN all of them are named", () => {
    const r = parseReservedList("1, x, 1000, 5-2")
    expect(r).toEqual(Either.left(expect.objectContaining({ bad: ["x", "1000", "5-2"] })))
  })
})
