import { describe, expect, it } from "vitest"
import { memberCardAction } from "../../../../../src/adapters/discord/race-night/race-member-routes.js"
import { press, useHandlers } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"
const MEMBER = "100000000000000002"
const EVENT_ID = "ev1"

describe("the card's member buttons answer as data", () => {
  const { answerOf, refusalOf, seedEvent } = useHandlers()

  it("GIVEN the card WHEN a member presses Register THEN their registration form opens; Withdraw is answered later, privately, and refused when they are not on it", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    const register = await answerOf(memberCardAction(press(MEMBER), EVENT_ID, "register"))
    expect(register._tag).toBe("Form")
    const withdraw = await answerOf(memberCardAction(press(MEMBER), EVENT_ID, "withdraw"))
    expect(withdraw).toMatchObject({ _tag: "Later", holding: "private" })
    expect(await refusalOf(memberCardAction(press(MEMBER), EVENT_ID, "withdraw"))).toMatch(/\S/)
  })
})
