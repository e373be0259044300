import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { parseRaceNightSettingsForm, settingsToForm, type RaceNightSettingsForm } from "../../../../src/domain/race-night/settings-form.js"
import { DEFAULT_RACE_NIGHT_SETTINGS } from "../../../../src/domain/race-night/race-settings.js"

const form = (overrides: Partial<RaceNightSettingsForm> = {}): RaceNightSettingsForm => ({ ...settingsToForm(DEFAULT_RACE_NIGHT_SETTINGS), ...overrides })

describe("race-night settings form", () => {
  it("GIVEN the defaults shown in the form THEN submitting them unchanged gives the defaults back", () => {
    expect(parseRaceNightSettingsForm(form())).toEqual(Either.right(DEFAULT_RACE_NIGHT_SETTINGS))
  })

  it("GIVEN Steam, 1.5 hours, no check-outs and car numbers required THEN each is stored in its unit", () => {
    const parsed = parseRaceNightSettingsForm(form({ platform: "Steam", checkInOpensHours: "1,5", checkoutLimit: "0", carNumberRequired: "yes", requiredRoleId: "300000000000000001" }))
    expect(parsed).toEqual(
      Either.right({ ...DEFAULT_RACE_NIGHT_SETTINGS, platform: "steam", checkInOpensBeforeMinutes: 90, checkoutLimit: 0, carNumberRequired: true, requiredRoleId: "300000000000000001" }),
    )
  })

  it("GIVEN several bad values THEN every problem is named in one reply", () => {
    const parsed = parseRaceNightSettingsForm(form({ platform: "rfactor", checkInOpensHours: "-2", checkoutLimit: "two", failedAttemptLimit: "0", carNumberRequired: "maybe" }))
    expect(Either.isLeft(parsed)).toBe(true)
    const reason = Either.isLeft(parsed) ? parsed.left : ""
    for (const fragment of ["rfactor", "-2", "two", "attempt limit", "maybe"]) expect(reason).toContain(fragment)
  })
})
