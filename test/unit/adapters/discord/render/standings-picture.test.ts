import { writeFileSync } from "node:fs"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { describe, expect, it } from "vitest"
import { StandingsPictures, StandingsPicturesLive } from "../../../../../src/adapters/discord/championships/standings-pictures.js"
import { standingsPicture } from "../../../../../src/adapters/discord/championships/standings-picture.js"
import { standingsSize } from "../../../../../src/adapters/discord/championships/standings-image.js"
import { computeStandings } from "../../../../../src/domain/championships/standings.js"
import { SMALL_PENALTIES, SMALL_SEASON, SMALL_SYSTEM } from "../../../../fixtures/championships/season.js"

const table = {
  championship: { id: "c1", name: "GT3 Sprint Cup", description: "", archived: false },
  system: SMALL_SYSTEM,
  rounds: SMALL_SEASON,
  penalties: SMALL_PENALTIES,
  standings: computeStandings({ rounds: SMALL_SEASON, penalties: SMALL_PENALTIES, system: SMALL_SYSTEM }),
}

const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) })

describe("standings picture", () => {
  it("GIVEN a season's table THEN the picture shows each class's rows with dropped rounds marked, as data the worker can draw", () => {
    const picture = standingsPicture(table)
    expect(picture.rounds).toEqual(["R1", "R2", "R3"])
    expect(picture.classes.map((c) => [c.name, c.rows.map((r) => [r.name, r.total])])).toEqual([
      ["GT3", [["B", 22], ["A", 19], ["D", 9], ["C", 8]]],
      ["LMP2", [["X", 21], ["Y", 17]]],
    ])
    expect(picture.classes[0]!.rows[3]!.cells).toEqual([
      { text: "4", dropped: true, didNotFinish: false },
      { text: "5", dropped: false, didNotFinish: false },
      { text: "6", dropped: false, didNotFinish: false },
    ])
  })

  it("GIVEN the picture WHEN a worker draws it THEN a PNG of the laid-out size comes back, and asking again is served from the cache", async () => {
    const runtime = ManagedRuntime.make(StandingsPicturesLive())
    try {
      const pictures = await runtime.runPromise(StandingsPictures)
      const picture = standingsPicture(table)
      const png = await runtime.runPromise(pictures.png(picture))
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG")
      expect(pngSize(png)).toEqual(standingsSize(picture))
      if (process.env.PITBOARD_SAVE_PICTURES === "1") writeFileSync("/tmp/standings.png", png)
      const again = await runtime.runPromise(pictures.png(standingsPicture(table)))
      expect(again).toBe(png)
      const changed = await runtime.runPromise(pictures.png({ ...picture, title: "Another" }))
      expect(changed).not.toBe(png)
    } finally {
      await runtime.dispose()
    }
  })
})
