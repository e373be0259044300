import type { ButtonInteraction } from "discord.js"
import { describe, expect, it } from "vitest"
import { raceSettingsEditId, raceSettingsPanelId, raceSettingsRoleId } from "../../../../../src/adapters/discord/race-night/race-ids.js"
import { raceSettingsComponents } from "../../../../../src/adapters/discord/race-night/race-settings-routes.js"
import { DETAILS } from "../../../../fixtures/participant/sample.js"
import { press, useHandlers, replyText, routeIn } from "../../../../support/discord-handlers.js"

const LICENSED = "300000000000000009"

const ADMIN = "100000000000000001"
const EVENT_ID = "ev1"

const routeOf = routeIn<ButtonInteraction>

describe("an event's race settings panel answers as data", () => {
  const { answerOf, seedEvent } = useHandlers()

  it("GIVEN the race settings panel THEN it replaces the panel in place, Edit opens the form, and a required role is saved and said", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    const settings = await answerOf(routeOf(raceSettingsComponents, raceSettingsPanelId.route)(press(ADMIN), { event: EVENT_ID }))
    expect(settings._tag).toBe("Update")
    expect(replyText(settings)).toContain(DETAILS.details.title)
    const edit = await answerOf(routeOf(raceSettingsComponents, raceSettingsEditId.route)(press(ADMIN), { event: EVENT_ID }))
    expect(edit._tag).toBe("Form")
    const picked = { ...press(ADMIN), values: [LICENSED] } as unknown as ButtonInteraction
    const role = await answerOf(routeOf(raceSettingsComponents, raceSettingsRoleId.route)(picked, { event: EVENT_ID }))
    expect(role._tag).toBe("Update")
    expect(replyText(role)).toContain(`✅ Members need <@&${LICENSED}> to register.`)
  })
})
