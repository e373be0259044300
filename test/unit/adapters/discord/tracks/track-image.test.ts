import { describe, expect, it } from "vitest"
import { holdImage, peekImage, releaseImage } from "../../../../../src/adapters/discord/tracks/track-image.js"

describe("an attached track picture waiting for its form", () => {
  const at = 1_800_000_000_000
  it("is handed only to the admin and guild that attached it, until it is saved", () => {
    holdImage("111", { userId: "u1", guildId: "g1", url: "https://cdn/spa.png" }, at)
    expect(peekImage("111", "u1", "g1", at + 1000)).toBe("https://cdn/spa.png")
    expect(peekImage("111", "u2", "g1", at + 1000)).toBeUndefined()
    expect(peekImage("111", "u1", "g2", at + 1000)).toBeUndefined()
    releaseImage("111")
    expect(peekImage("111", "u1", "g1", at + 1000)).toBeUndefined()
  })

  it("expires after an hour", () => {
    holdImage("222", { userId: "u1", guildId: "g1", url: "https://cdn/monza.png" }, at)
    expect(peekImage("222", "u1", "g1", at + 59 * 60_000)).toBe("https://cdn/monza.png")
    expect(peekImage("222", "u1", "g1", at + 60 * 60_000)).toBeUndefined()
  })

  it("never holds more than 500: the oldest abandoned ones go first", () => {
    for (let i = 0; i < 600; i++) holdImage(`flood-${i}`, { userId: "u1", guildId: "g1", url: `https://cdn/${i}.png` }, at)
    expect(peekImage("flood-0", "u1", "g1", at)).toBeUndefined()
    expect(peekImage("flood-599", "u1", "g1", at)).toBe("https://cdn/599.png")
  })
})
