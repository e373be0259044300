import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import {
  CarNumber,
  canonicalNumber,
  formatCarNumber,
  looksAlike,
  numericValue,
  parseCarNumber,
  sortNumbers,
} from "../../../../src/domain/numbers/car-number.js"
import { n } from "./fixtures.js"

const problemOf = (input: string) => {
  const r = parseCarNumber(input)
  return Either.isLeft(r) ? r.left.problem : `accepted ${r.right}`
}

describe("parseCarNumber", () => {
  it.each([
    ["0", "0"],
    ["000", "000"],
    ["7", "7"],
    ["07", "07"],
    ["007", "007"],
    ["999", "999"],
    [" 42 ", "42"],
    ["#7", "7"],
    ["# 07", "07"],
  ])("GIVEN %j WHEN parsed THEN it is the number %s, leading zeros kept", (input, expected) => {
    expect(parseCarNumber(input)).toEqual(Either.right(expected))
  })

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["#", "empty"],
    ["-1", "negative"],
    ["- 12", "negative"],
    ["4a", "not-digits"],
    ["abc", "not-digits"],
    ["4 2", "not-digits"],
    ["7.5", "not-digits"],
    ["+7", "not-digits"],
    ["٧", "not-digits"],
    ["1000", "too-long"],
    ["0007", "too-long"],
  ])("GIVEN %j WHEN parsed THEN it is refused as %s", (input, problem) => {
    expect(problemOf(input)).toBe(problem)
  })

  it("GIVEN letters WHEN parsed THEN the message names the offending character and shows valid examples", () => {
    const r = parseCarNumber("4a")
    expect(Either.isLeft(r) && r.left.message).toMatch(/digits only.*"a".*7, 07 or 123/)
  })

  it("GIVEN four digits WHEN parsed THEN the message says at most 3 digits and how many were typed", () => {
    const r = parseCarNumber("1000")
    expect(Either.isLeft(r) && r.left.message).toMatch(/at most 3 digits.*has 4/)
  })

  it("GIVEN a negative number WHEN parsed THEN the message says numbers cannot be negative", () => {
    const r = parseCarNumber("-1")
    expect(Either.isLeft(r) && r.left.message).toMatch(/cannot be negative/)
  })
})

describe("CarNumber schema", () => {
  it("GIVEN stored text WHEN decoded THEN only 1 to 3 ASCII digits pass", () => {
    const decode = Schema.decodeUnknownEither(CarNumber)
    expect(Either.isRight(decode("07"))).toBe(true)
    expect(Either.isLeft(decode("1000"))).toBe(true)
    expect(Either.isLeft(decode(" 7"))).toBe(true)
    expect(Either.isLeft(decode(7))).toBe(true)
  })
})

describe("numbers are strings", () => {
  it("GIVEN 7, 07 and 007 THEN they are three different numbers with the same value", () => {
    expect(new Set([n("7"), n("07"), n("007")]).size).toBe(3)
    expect([n("7"), n("07"), n("007")].map(numericValue)).toEqual([7, 7, 7])
  })

  it("GIVEN 7 and 07 THEN they look alike, but a number does not look like itself or like 70", () => {
    expect(looksAlike(n("7"), n("07"))).toBe(true)
    expect(looksAlike(n("007"), n("07"))).toBe(true)
    expect(looksAlike(n("7"), n("7"))).toBe(false)
    expect(looksAlike(n("7"), n("70"))).toBe(false)
  })

  it("GIVEN a shown number WHEN read back THEN it is unchanged", () => {
    expect(formatCarNumber(n("07"))).toBe("#07")
    expect(parseCarNumber(formatCarNumber(n("07")))).toEqual(Either.right("07"))
  })

  it("GIVEN a value THEN its plain form has no leading zeros, and values outside 0–999 are rejected", () => {
    expect(canonicalNumber(7)).toBe("7")
    expect(canonicalNumber(0)).toBe("0")
    expect(() => canonicalNumber(1000)).toThrow(RangeError)
    expect(() => canonicalNumber(-1)).toThrow(RangeError)
    expect(() => canonicalNumber(1.5)).toThrow(RangeError)
  })
})

describe("sortNumbers", () => {
  it("GIVEN mixed numbers WHEN sorted THEN by value, then shorter form first", () => {
    const input = ["10", "007", "7", "000", "07", "0", "9", "00"].map(n)
    expect(sortNumbers(input)).toEqual(["0", "00", "000", "7", "07", "007", "9", "10"])
  })

  it("GIVEN an input array WHEN sorted THEN the input is not changed", () => {
    const input = [n("2"), n("1")]
    sortNumbers(input)
    expect(input).toEqual(["2", "1"])
  })
})
