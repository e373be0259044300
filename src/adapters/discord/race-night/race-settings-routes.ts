import * as Effect from "effect/Effect"
import { readEventById } from "../../../app/events/event-use-cases.js"
import { raceSettingsOf, updateRaceSettings } from "../../../app/race-night/race-settings-use-cases.js"
import type { AppServices } from "../handler-services.js"
import { settingsToForm } from "../../../domain/race-night/settings-form.js"
import { admin, button, modal, select, type ComponentRoute, dieOnDatabase, guildIdOf } from "../command.js"
import { form, update } from "../reply.js"
import { raceSettingsModal, raceSettingsPayload } from "./race-settings-view.js"
import { RACE_SETTINGS_FIELDS, raceSettingsEditId, raceSettingsFormId, raceSettingsPanelId, raceSettingsRoleId } from "./race-ids.js"

const showSettings = (guildId: string, eventId: string, note: string | null) =>
  Effect.gen(function* () {
    const event = yield* readEventById(guildId, eventId)
    return raceSettingsPayload(eventId, event.details.details.title, yield* raceSettingsOf(guildId, eventId), note)
  })

const panel = button(raceSettingsPanelId, admin("events"), (interaction, { event }) =>
  Effect.gen(function* () {
    return update(yield* showSettings(yield* guildIdOf(interaction), event, null))
  }),
)

const openForm = button(raceSettingsEditId, admin("events"), (interaction, { event }) =>
  Effect.gen(function* () {
    const settings = yield* raceSettingsOf(yield* guildIdOf(interaction), event)
    return form(raceSettingsModal(event, settings))
  }),
)

const submitForm = modal(raceSettingsFormId, admin("events"), (interaction, { event }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const current = yield* raceSettingsOf(guildId, event)
    const fields = interaction.fields
    const picked = (id: string) => fields.getStringSelectValues(id)[0] ?? ""
    yield* dieOnDatabase(updateRaceSettings(guildId, interaction.user.id, event, {
      ...settingsToForm(current),
      platform: picked(RACE_SETTINGS_FIELDS.platform),
      checkInOpensHours: fields.getTextInputValue(RACE_SETTINGS_FIELDS.opens),
      checkoutLimit: fields.getTextInputValue(RACE_SETTINGS_FIELDS.checkouts),
      failedAttemptLimit: fields.getTextInputValue(RACE_SETTINGS_FIELDS.attempts),
      carNumberRequired: picked(RACE_SETTINGS_FIELDS.carNumber),
    }))
    return update(yield* showSettings(guildId, event, "✅ Saved."))
  }),
)

const pickRole = select(raceSettingsRoleId, admin("events"), (interaction, { event }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const roleId = interaction.values[0] ?? null
    yield* dieOnDatabase(updateRaceSettings(guildId, interaction.user.id, event, { ...settingsToForm(yield* raceSettingsOf(guildId, event)), requiredRoleId: roleId }))
    return update(yield* showSettings(guildId, event, roleId === null ? "✅ Anyone may register now." : `✅ Members need <@&${roleId}> to register.`))
  }),
)

export const raceSettingsComponents: ReadonlyArray<ComponentRoute<AppServices>> = [panel, openForm, submitForm, pickRole]
