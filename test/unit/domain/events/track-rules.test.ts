import * as Either from "effect/Either"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { checkTrackForm, checkTrackImage, holdsTrack, rankTrackMatches, trackNameKey, type TrackForm } from "../../../../src/domain/events/track-rules.js"

const refusal = <A>(result: Either.Either<A, string>): string => {
  if (Either.isRight(result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.right)}`)
  return result.left
}

const form = (patch: Partial<TrackForm> = {}): TrackForm => ({ name: "Spa-Francorchamps", layout: "Grand Prix", pitSlots: "40", broadcastSlots: "2", details: "", ...patch })

describe("the track form", () => {
  it("a valid form is tidied: spaces trimmed and collapsed, slots read as numbers", () => {
    expect(checkTrackForm(form({ name: "  Spa-Francorchamps ", layout: " Grand   Prix ", pitSlots: " 40 ", details: "  Bus stop.  " }))).toEqual(
      Either.right({ name: "Spa-Francorchamps", layout: "Grand Prix", pitSlots: 40, broadcastSlots: 2, details: "Bus stop." }),
    )
  })

  it("an empty layout and empty broadcast slots mean none", () => {
    expect(checkTrackForm(form({ layout: "", broadcastSlots: "  " }))).toEqual(Either.right({ name: "Spa-Francorchamps", layout: "", pitSlots: 40, broadcastSlots: 0, details: "" }))
  })

  it.each([
    ["0", "between 1 and 200; you entered 0"],
    ["201", "between 1 and 200; you entered 201"],
    ["-3", "must be a whole number"],
    ["2.5", "must be a whole number"],
    ["forty", "must be a whole number, like 24 (you entered “forty”)"],
    ["", "must be a whole number"],
  ])("pit slots %j are refused with what to enter", (pitSlots, reason) => {
    expect(refusal(checkTrackForm(form({ pitSlots })))).toContain(reason)
  })

  it("1 and 200 pit slots are the limits, both allowed", () => {
    expect(Either.isRight(checkTrackForm(form({ pitSlots: "1", broadcastSlots: "0" })))).toBe(true)
    expect(Either.isRight(checkTrackForm(form({ pitSlots: "200", broadcastSlots: "199" })))).toBe(true)
  })

  it("broadcast slots must leave at least one pit slot for a driver", () => {
    expect(refusal(checkTrackForm(form({ pitSlots: "20", broadcastSlots: "20" })))).toBe("Broadcast slots must be fewer than the 20 pit slots, so at least one is left for a driver; enter 19 or fewer.")
    expect(refusal(checkTrackForm(form({ broadcastSlots: "two" })))).toContain("Broadcast slots must be a whole number")
  })

  it("names and layouts up to 100 characters and details up to 1000 are allowed, one more is refused", () => {
    expect(Either.isRight(checkTrackForm(form({ name: "n".repeat(100), layout: "l".repeat(100), details: "d".repeat(1000) })))).toBe(true)
    expect(refusal(checkTrackForm(form({ name: "n".repeat(101) })))).toContain("The name is 101 characters; the limit is 100")
    expect(refusal(checkTrackForm(form({ layout: "l".repeat(101) })))).toContain("The layout is 101 characters; the limit is 100")
    expect(refusal(checkTrackForm(form({ details: "d".repeat(1001) })))).toContain("The details are 1001 characters; the limit is 1000")
    expect(refusal(checkTrackForm(form({ name: " \n " })))).toContain("needs a name")
  })

  it("PROPERTY: a form is accepted exactly when 1 ≤ pit ≤ 200 and 0 ≤ broadcast < pit", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 260 }), fc.integer({ min: -5, max: 260 }), (pit, broadcast) => {
        const result = checkTrackForm(form({ pitSlots: String(pit), broadcastSlots: String(broadcast) }))
        const valid = pit >= 1 && pit <= 200 && broadcast >= 0 && broadcast < pit
        expect(Either.isRight(result)).toBe(valid)
        if (Either.isRight(result)) expect(result.right.pitSlots - result.right.broadcastSlots).toBeGreaterThanOrEqual(1)
      }),
    )
  })
})

describe("the same track", () => {
  it("name and layout together make the key; case and spacing don't matter", () => {
    expect(trackNameKey(" Spa  Francorchamps", "GRAND PRIX ")).toBe("spa francorchamps|grand prix")
    expect(trackNameKey("Spa", "Endurance")).not.toBe(trackNameKey("Spa", "Grand Prix"))
    // The separator keeps "A|B" + "" apart from "A" + "B".
    expect(trackNameKey("Spa", "")).toBe("spa|")
  })

  it("PROPERTY: the key ignores case and runs of spaces", () => {
    const word = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/)
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.array(word, { maxLength: 3 }), (nameWords, layoutWords) => {
        const name = nameWords.join(" ")
        const layout = layoutWords.join(" ")
        expect(trackNameKey(`  ${nameWords.join("   ").toUpperCase()} `, layoutWords.join("  ").toLowerCase())).toBe(trackNameKey(name, layout))
      }),
    )
  })
})

describe("the track picture", () => {
  const file = (contentType: string | null, url = "https://cdn.discordapp.com/ephemeral-attachments/1/2/spa.png?ex=1") => ({ filename: "spa.png", contentType, url })

  it("an image of any kind is kept as its URL", () => {
    expect(checkTrackImage(file("image/png"))).toEqual(Either.right("https://cdn.discordapp.com/ephemeral-attachments/1/2/spa.png?ex=1"))
    expect(Either.isRight(checkTrackImage(file("IMAGE/JPEG")))).toBe(true)
  })

  it("anything that isn't an image, or has no type, is refused naming the file", () => {
    expect(refusal(checkTrackImage({ ...file("application/pdf"), filename: "rules.pdf" }))).toContain("“rules.pdf” is a application/pdf file, not an image")
    expect(refusal(checkTrackImage(file(null)))).toContain("a file of unknown type")
  })

  it("a link that isn't a web address is refused", () => {
    expect(refusal(checkTrackImage(file("image/png", "javascript:alert(1)")))).toContain("usable link")
    expect(refusal(checkTrackImage(file("image/png", "not a url")))).toContain("usable link")
  })
})

describe("which events keep a track", () => {
  const now = 1_800_000_000_000
  it("a published event that hasn't ended keeps it; a finished or cancelled one doesn't", () => {
    expect(holdsTrack({ status: "published", endsAt: now + 1 }, now)).toBe(true)
    expect(holdsTrack({ status: "published", endsAt: now }, now)).toBe(false)
    expect(holdsTrack({ status: "cancelled", endsAt: now + 1000 }, now)).toBe(false)
  })
})

describe("autocomplete order", () => {
  const tracks = [
    { name: "Autodromo Nazionale Monza", layout: "GP" },
    { name: "Monza", layout: "Oval" },
    { name: "Red Bull Ring", layout: "" },
    { name: "Spa-Francorchamps", layout: "Endurance" },
  ]
  it("names starting with the text come first, then a word that starts with it, then anything containing it", () => {
    expect(rankTrackMatches(tracks, "monza").map((t) => t.name)).toEqual(["Monza", "Autodromo Nazionale Monza"])
    expect(rankTrackMatches(tracks, "endur").map((t) => t.name)).toEqual(["Spa-Francorchamps"])
    expect(rankTrackMatches(tracks, "ull").map((t) => t.name)).toEqual(["Red Bull Ring"])
    expect(rankTrackMatches(tracks, "  ")).toEqual(tracks)
    expect(rankTrackMatches(tracks, "zolder")).toEqual([])
  })
})
