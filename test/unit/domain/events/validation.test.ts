import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import {
  checkCapacity,
  checkDescription,
  checkDiscordId,
  checkDriversPerTeam,
  checkHttpsUrl,
  checkSpecialRules,
  checkTitle,
  checkTrack,
  explainTeamCount,
  maxDriversLimit,
  parseCheckInMinutes,
  parseDuration,
  parseVehicles,
  parseWholeNumber,
  teamCount,
} from "../../../../src/domain/events/validation.js"
import { SPA } from "../../../fixtures/wizard/answers.js"

const refusal = <A>(result: Either.Either<A, string>): string => {
  if (Either.isRight(result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.right)}`)
  return result.left
}

describe("title and description", () => {
  it("a title is trimmed and may be exactly 100 characters", () => {
    expect(checkTitle("  Round 1  ")).toEqual(Either.right("Round 1"))
    expect(checkTitle("x".repeat(100))).toEqual(Either.right("x".repeat(100)))
  })
  it("a blank title or one of 101 characters is refused with what to do instead", () => {
    expect(refusal(checkTitle("   "))).toMatch(/needs a title/)
    expect(refusal(checkTitle("x".repeat(101)))).toMatch(/101 characters.*Shorten/)
  })
  it("a description may be empty and up to 2,000 characters, not more", () => {
    expect(checkDescription("")).toEqual(Either.right(""))
    expect(checkDescription("d".repeat(2000))).toEqual(Either.right("d".repeat(2000)))
    expect(refusal(checkDescription("d".repeat(2001)))).toMatch(/2001 characters; the limit is 2000/)
  })
})

describe("vehicles", () => {
  it("one per line: trimmed, blank lines skipped, repeats dropped ignoring case", () => {
    expect(parseVehicles(" BMW M4 GT3 \n\nbmw m4 gt3\r\nFerrari 296 GT3\n")).toEqual(Either.right(["BMW M4 GT3", "Ferrari 296 GT3"]))
  })
  it("an empty list is refused", () => {
    expect(refusal(parseVehicles(" \n \n"))).toMatch(/at least one vehicle/)
  })
  it("30 vehicles are fine and 31 are refused", () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `Car ${i}`).join("\n")
    expect(Either.map(parseVehicles(lines(30)), (v) => v.length)).toEqual(Either.right(30))
    expect(refusal(parseVehicles(lines(31)))).toMatch(/31 different vehicles; the limit is 30/)
  })
  it("31 lines that repeat one car count as fewer vehicles and pass", () => {
    expect(parseVehicles(Array.from({ length: 31 }, () => "Mazda MX-5").join("\n"))).toEqual(Either.right(["Mazda MX-5"]))
  })
  it("a vehicle name of 101 characters is refused, 100 is fine", () => {
    expect(Either.isRight(parseVehicles("v".repeat(100)))).toBe(true)
    expect(refusal(parseVehicles("v".repeat(101)))).toMatch(/longer than 100 characters/)
  })
})

describe("durations", () => {
  it.each([
    ["90", 90],
    ["90m", 90],
    ["90 min", 90],
    ["2h", 120],
    ["1h30", 90],
    ["1h 30m", 90],
    ["1:30", 90],
    ["10", 10],
    ["48h", 2880],
  ])("“%s” is %i minutes", (text, minutes) => {
    expect(parseDuration(text)).toEqual(Either.right(minutes))
  })
  it("under 10 minutes or over 48 hours is refused", () => {
    expect(refusal(parseDuration("9"))).toMatch(/at least 10 minutes/)
    expect(refusal(parseDuration("48h1"))).toMatch(/at most 48 hours/)
  })
  it("words it can't read are refused with examples", () => {
    expect(refusal(parseDuration("an hour"))).toMatch(/“90”.*“1h30”/)
  })
})

describe("tracks and capacity", () => {
  it("the driver limit is the pit slots minus the broadcast slots", () => {
    expect(maxDriversLimit(SPA, 2)).toBe(38)
    expect(maxDriversLimit(SPA, 0)).toBe(40)
  })
  it("capacity up to the limit is accepted; one more is refused with the limit and how to raise it", () => {
    expect(checkCapacity(SPA, 38, 2)).toEqual(Either.right({ maxDrivers: 38, broadcastSlots: 2 }))
    const reason = refusal(checkCapacity(SPA, 39, 2))
    expect(reason).toMatch(/40 pit slots, with 2 kept for broadcast, so at most 38 drivers fit/)
    expect(reason).toMatch(/keep fewer broadcast slots/)
    expect(refusal(checkCapacity(SPA, 41, 0))).toBe("Spa-Francorchamps has 40 pit slots, so at most 40 drivers fit. Enter 40 or fewer.")
  })
  it("zero drivers, or every slot kept for broadcast, is refused", () => {
    expect(refusal(checkCapacity(SPA, 0, 0))).toMatch(/at least 1 driver/)
    expect(refusal(checkCapacity(SPA, 1, 40))).toMatch(/at most 39 can be broadcast slots/)
  })
  it("a track with no pit slots, or all of them for broadcast, is refused", () => {
    expect(refusal(checkTrack({ ...SPA, pitSlots: 0 }))).toMatch(/\/track edit/)
    expect(refusal(checkTrack({ ...SPA, broadcastSlots: 40 }))).toMatch(/no room for drivers/)
    expect(checkTrack({ ...SPA, name: " Spa-Francorchamps " })).toEqual(Either.right(SPA))
  })
  it("whole numbers only", () => {
    expect(parseWholeNumber(" 24 ", "Max drivers")).toEqual(Either.right(24))
    for (const text of ["24.5", "-1", "2e1", "twenty", ""]) expect(refusal(parseWholeNumber(text, "Max drivers"))).toMatch(/Max drivers must be a whole number/)
  })
})

describe("teams", () => {
  it("the team count rounds up, and the explanation mentions the short last team", () => {
    expect(teamCount(24, 4)).toBe(6)
    expect(teamCount(25, 4)).toBe(7)
    expect(explainTeamCount(24, 4)).toBe("24 drivers in teams of 4 make 6 teams.")
    expect(explainTeamCount(25, 4)).toBe("25 drivers in teams of 4 make 7 teams; the last one has 1 driver.")
  })
  it("teams off, or 2 to 10 drivers per team that fit the capacity", () => {
    expect(checkDriversPerTeam(null, 30)).toEqual(Either.right(null))
    expect(checkDriversPerTeam(2, 30)).toEqual(Either.right(2))
    expect(checkDriversPerTeam(10, 30)).toEqual(Either.right(10))
    expect(refusal(checkDriversPerTeam(1, 30))).toMatch(/choose “Teams off”/)
    expect(refusal(checkDriversPerTeam(11, 30))).toMatch(/2 to 10/)
    expect(refusal(checkDriversPerTeam(4, 3))).toMatch(/don't fit in an event for 3 drivers/)
  })
})

describe("links", () => {
  it("empty means no link", () => {
    expect(checkHttpsUrl("  ", "regulation link")).toEqual(Either.right(null))
  })
  it("https links are accepted as the URL parser normalises them", () => {
    expect(checkHttpsUrl(" https://League.Example.org/rules ", "regulation link")).toEqual(Either.right("https://league.example.org/rules"))
  })
  it("http, javascript and other schemes are refused", () => {
    expect(refusal(checkHttpsUrl("http://example.org", "regulation link"))).toMatch(/must start with https:\/\/.*not http:/)
    expect(refusal(checkHttpsUrl("javascript:alert(1)", "regulation link"))).toMatch(/must start with https:\/\//)
  })
  it("text that isn't a link, a link without a proper site, or one with a password is refused", () => {
    expect(refusal(checkHttpsUrl("league rules", "regulation link"))).toMatch(/isn't a web address/)
    expect(refusal(checkHttpsUrl("https://localhost/rules", "regulation link"))).toMatch(/no proper site name/)
    expect(refusal(checkHttpsUrl("https://me:secret@example.org/", "regulation link"))).toMatch(/password/)
  })
  it("a link longer than a Discord button takes is refused", () => {
    expect(refusal(checkHttpsUrl(`https://example.org/${"a".repeat(500)}`, "custom liveries link"))).toMatch(/512 characters/)
  })
})

describe("check-in, rules and ids", () => {
  it("check-in closes 60 minutes before the start unless told otherwise, from 0 to 1,440", () => {
    expect(parseCheckInMinutes("")).toEqual(Either.right(60))
    expect(parseCheckInMinutes("0")).toEqual(Either.right(0))
    expect(parseCheckInMinutes("1440")).toEqual(Either.right(1440))
    expect(refusal(parseCheckInMinutes("1441"))).toMatch(/at most 1440 minutes/)
    expect(refusal(parseCheckInMinutes("-5"))).toMatch(/whole number/)
  })
  it("special rules up to 1,000 characters", () => {
    expect(Either.isRight(checkSpecialRules("r".repeat(1000)))).toBe(true)
    expect(refusal(checkSpecialRules("r".repeat(1001)))).toMatch(/regulation link/)
  })
  it("role and channel ids must be Discord ids", () => {
    expect(checkDiscordId("300000000000000001", "driver role")).toEqual(Either.right("300000000000000001"))
    expect(refusal(checkDiscordId("@everyone", "driver role"))).toBe("Choose the driver role from the list.")
  })
})
