import { describe, expect, it } from "vitest"
import { newId } from "../../../src/app/ids.js"

describe("newId", () => {
  it("GIVEN ids drawn across several refills of the random pool THEN each is 12 URL-safe characters and none repeats", () => {
    const ids = Array.from({ length: 5000 }, newId)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
