import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { unsafeCarNumber } from "../../../../src/domain/numbers/car-number.js"
import {
  checkFullName,
  checkRegistrationOpen,
  matchVehicle,
  parseIracingCustomerId,
  parseSteamId64,
  registrationFields,
  validateRegistration,
} from "../../../../src/domain/race-night/registration.js"
import { DEFAULT_RACE_NIGHT_SETTINGS, type RaceEvent } from "../../../../src/domain/race-night/race-settings.js"
import {
  AFTER_CLOSE,
  AFTER_START,
  BEFORE_OPEN,
  CHECK_IN_OPEN,
  CLOSES_AT,
  EVENT,
  LICENSED_ROLE,
  RACE_START,
  STEAM_EVENT,
  STEAM_ID,
  TEAM_EVENT,
  goodForm,
  member,
} from "../../../fixtures/participant/sample.js"

const ok = <A>(e: Either.Either<A, string>): A => Either.getOrThrowWith(e, (reason) => new Error(`expected success, got: ${reason}`))
const reason = <A>(e: Either.Either<A, string>): string => {
  if (Either.isRight(e)) throw new Error(`expected a refusal, got ${JSON.stringify(e.right)}`)
  return e.left
}

describe("full name", () => {
  it("GIVEN stray spaces THEN they are trimmed and collapsed", () => {
    expect(ok(checkFullName("  Ayrton   Senna "))).toBe("Ayrton Senna")
  })
  it("GIVEN 1 or 65 characters THEN refused, and 2 or 64 accepted", () => {
    expect(reason(checkFullName(" A "))).toMatch(/full name/)
    expect(reason(checkFullName("x".repeat(65)))).toMatch(/65 characters; the limit is 64/)
    expect(ok(checkFullName("Al"))).toBe("Al")
    expect(ok(checkFullName("x".repeat(64)))).toHaveLength(64)
  })
})

describe("iRacing customer id", () => {
  it("GIVEN 1 to 10 digits THEN accepted without leading zeros", () => {
    expect(ok(parseIracingCustomerId(" 123456 "))).toBe("123456")
    expect(ok(parseIracingCustomerId("0042"))).toBe("42")
    expect(ok(parseIracingCustomerId("1234567890"))).toBe("1234567890")
  })
  it.each(["", "0", "000", "12345678901", "12a45", "-5", "1 234"])("GIVEN “%s” THEN refused with where to find the id", (text) => {
    expect(reason(parseIracingCustomerId(text))).toMatch(/iRacing customer id/)
  })
  it("GIVEN a member linked to another id WHEN they register with a different one THEN refused with the linked id", () => {
    const linked = member("alice", { iracingCustomerId: "999" })
    expect(reason(validateRegistration(goodForm({ driverId: "123456" }), EVENT, linked))).toMatch(/linked to iRacing customer id 999/)
    expect(ok(validateRegistration(goodForm({ driverId: "0999" }), EVENT, linked)).driverId).toBe("999")
  })
})

describe("SteamID64", () => {
  it("GIVEN 17 digits starting 7656119 or a profile link THEN accepted as the bare id", () => {
    expect(ok(parseSteamId64(STEAM_ID))).toBe(STEAM_ID)
    expect(ok(parseSteamId64(`https://steamcommunity.com/profiles/${STEAM_ID}/`))).toBe(STEAM_ID)
  })
  it.each(["7656119800000000", "765611980000000012", "86561198000000001", "123456", "https://steamcommunity.com/id/senna"])(
    "GIVEN “%s” THEN refused",
    (text) => {
      expect(reason(parseSteamId64(text))).toMatch(/SteamID64 is 17 digits starting with 7656119/)
    },
  )
  it("GIVEN a Steam event THEN an iRacing id is refused and a SteamID64 is stored with the platform", () => {
    expect(reason(validateRegistration(goodForm(), STEAM_EVENT, member("alice")))).toMatch(/SteamID64/)
    const r = ok(validateRegistration(goodForm({ driverId: STEAM_ID }), STEAM_EVENT, member("alice")))
    expect(r).toMatchObject({ platform: "steam", driverId: STEAM_ID })
  })
})

describe("vehicle", () => {
  it("GIVEN any capitalisation THEN the event's own spelling is returned", () => {
    expect(ok(matchVehicle("  ferrari 296 gt3 ", EVENT.details.vehicles))).toBe("Ferrari 296 GT3")
  })
  it("GIVEN a vehicle not in the list THEN refused with the choices", () => {
    expect(reason(matchVehicle("Audi R8", EVENT.details.vehicles))).toMatch(/not one of this event's vehicles.*BMW M4 GT3/)
  })
  it("GIVEN a one-vehicle event THEN leaving it blank picks that vehicle, but a blank in a longer list is refused", () => {
    expect(ok(matchVehicle("", ["Mazda MX-5"]))).toBe("Mazda MX-5")
    expect(Either.isLeft(matchVehicle("", EVENT.details.vehicles))).toBe(true)
  })
})

describe("team name and livery", () => {
  const alice = member("alice")
  it("GIVEN teams and liveries on THEN both are required", () => {
    expect(reason(validateRegistration(goodForm({ liveryUrl: "https://x.example.org/a.png" }), TEAM_EVENT, alice))).toMatch(/team event/)
    expect(reason(validateRegistration(goodForm({ teamName: "Red Bull" }), TEAM_EVENT, alice))).toMatch(/custom liveries/)
    const r = ok(validateRegistration(goodForm({ teamName: "  Red   Bull ", liveryUrl: "https://x.example.org/a.png" }), TEAM_EVENT, alice))
    expect(r).toMatchObject({ teamName: "Red Bull", liveryUrl: "https://x.example.org/a.png" })
  })
  it("GIVEN a 51-character team name or a non-https livery THEN refused", () => {
    const livery = "https://x.example.org/a.png"
    expect(reason(validateRegistration(goodForm({ teamName: "t".repeat(51), liveryUrl: livery }), TEAM_EVENT, alice))).toMatch(/limit is 50/)
    expect(reason(validateRegistration(goodForm({ teamName: "A", liveryUrl: "http://x.example.org/a.png" }), TEAM_EVENT, alice))).toMatch(/https/)
    expect(reason(validateRegistration(goodForm({ teamName: "A", liveryUrl: `https://x.example.org/${"a".repeat(512)}` }), TEAM_EVENT, alice))).toMatch(/512/)
  })
  it("GIVEN a solo event without liveries THEN a typed team and livery are ignored", () => {
    const r = ok(validateRegistration(goodForm({ teamName: "Red Bull", liveryUrl: "javascript:alert(1)" }), EVENT, alice))
    expect(r).toMatchObject({ teamName: null, liveryUrl: null })
  })
})

describe("car number", () => {
  const needsNumber: RaceEvent = { ...EVENT, settings: { ...DEFAULT_RACE_NIGHT_SETTINGS, carNumberRequired: true } }
  it("GIVEN the member holds a number THEN it is used", () => {
    expect(ok(validateRegistration(goodForm(), EVENT, member("a", { claimedCarNumber: unsafeCarNumber("07") }))).carNumber).toBe("07")
  })
  it("GIVEN no claim THEN the number is empty, unless the event requires one", () => {
    expect(ok(validateRegistration(goodForm(), EVENT, member("a"))).carNumber).toBeNull()
    expect(reason(validateRegistration(goodForm(), needsNumber, member("a")))).toMatch(/\/number claim/)
  })
})

describe("checkRegistrationOpen", () => {
  const alice = member("alice")
  const open = (event: RaceEvent, now: number, failedAttempts = 0, who = alice) => checkRegistrationOpen(event, now, { member: who, failedAttempts })?.kind ?? "open"

  it("GIVEN a published event before check-in closes THEN open, even before check-in opens", () => {
    expect(open(EVENT, BEFORE_OPEN)).toBe("open")
    expect(open(EVENT, CLOSES_AT - 1)).toBe("open")
  })
  it("GIVEN a cancelled, started or check-in-closed event THEN closed with that reason", () => {
    expect(open({ ...EVENT, status: "cancelled" }, CHECK_IN_OPEN)).toBe("cancelled")
    expect(open(EVENT, RACE_START)).toBe("started")
    expect(open(EVENT, AFTER_START)).toBe("started")
    expect(open(EVENT, CLOSES_AT)).toBe("check-in-closed")
    expect(open(EVENT, AFTER_CLOSE)).toBe("check-in-closed")
  })
  it("GIVEN attempts one short of the limit THEN open; at the limit THEN closed, naming the limit", () => {
    const limit = DEFAULT_RACE_NIGHT_SETTINGS.failedAttemptLimit
    expect(open(EVENT, CHECK_IN_OPEN, limit - 1)).toBe("open")
    expect(checkRegistrationOpen(EVENT, CHECK_IN_OPEN, { member: alice, failedAttempts: limit })?.message).toMatch(new RegExp(`the limit is ${limit}`))
  })
  it("GIVEN the event requires a role THEN only members with it may register", () => {
    const gated: RaceEvent = { ...EVENT, settings: { ...DEFAULT_RACE_NIGHT_SETTINGS, requiredRoleId: LICENSED_ROLE } }
    expect(open(gated, CHECK_IN_OPEN)).toBe("missing-role")
    expect(checkRegistrationOpen(gated, CHECK_IN_OPEN, { member: alice, failedAttempts: 0 })?.message).toContain(`<@&${LICENSED_ROLE}>`)
    expect(open(gated, CHECK_IN_OPEN, 0, member("bob", { roleIds: [LICENSED_ROLE] }))).toBe("open")
  })
  it("GIVEN the event requires a car number THEN a member without a claim is turned away before the form", () => {
    const needsNumber: RaceEvent = { ...EVENT, settings: { ...DEFAULT_RACE_NIGHT_SETTINGS, carNumberRequired: true } }
    expect(open(needsNumber, CHECK_IN_OPEN)).toBe("needs-car-number")
    expect(open(needsNumber, CHECK_IN_OPEN, 0, member("bob", { claimedCarNumber: unsafeCarNumber("1") }))).toBe("open")
  })
})

describe("registrationFields", () => {
  it("GIVEN a solo iRacing event THEN name, prefilled customer id and vehicle only", () => {
    const fields = registrationFields(EVENT, member("a", { iracingCustomerId: "4242" }))
    expect(fields.map((f) => f.id)).toEqual(["fullName", "driverId", "vehicle"])
    expect(fields[1]).toMatchObject({ label: "iRacing customer id", value: "4242" })
  })
  it("GIVEN teams, liveries and Steam THEN five fields, within Discord's modal limit", () => {
    const steamTeams: RaceEvent = { ...TEAM_EVENT, settings: STEAM_EVENT.settings }
    const fields = registrationFields(steamTeams, member("a", { iracingCustomerId: "4242" }))
    expect(fields.map((f) => f.id)).toEqual(["fullName", "driverId", "vehicle", "teamName", "liveryUrl"])
    expect(fields[1]).toMatchObject({ label: "SteamID64", value: "" })
  })
})
