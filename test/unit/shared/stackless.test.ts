import { describe, expect, it } from "vitest"
import { stackless } from "../../../src/shared/stackless.js"

describe("stackless", () => {
  it("GIVEN an error made through it THEN it has no stack frames, and errors made afterwards still do", () => {
    const quiet = stackless(() => new Error("refused"))
    expect(quiet.message).toBe("refused")
    expect(quiet.stack ?? "").not.toMatch(/\n\s+at /)
    expect(new Error("bug").stack).toMatch(/\n\s+at /)
  })

  it("GIVEN the maker throws THEN the stack trace limit is restored all the same", () => {
    const before = Error.stackTraceLimit
    expect(() => stackless(() => { throw new Error("while making") })).toThrow("while making")
    expect(Error.stackTraceLimit).toBe(before)
  })
})
