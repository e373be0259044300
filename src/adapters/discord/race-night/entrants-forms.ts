/** The entrants panel's controls that ask for something first: add, remove, capacity; and attempt resets. */
import type { Client } from "discord.js"
import * as Effect from "effect/Effect"
import { readEventById } from "../../../app/events/event-use-cases.js"
import { addEntrant, addEntrantForm, changeCapacity, removeEntrant, resetAttempts } from "../../../app/race-night/admin.js"
import type { AppServices } from "../handler-services.js"
import { maxDriversLimit } from "../../../domain/events/validation.js"
import { admin, button, modal, select, type ComponentRoute, dieOnDatabase, guildIdOf } from "../command.js"
import { eventCard } from "../events/event-card-view.js"
import { form as openForm, unchanged } from "../reply.js"
import { capacityModal } from "./entrants-view.js"
import { readRegistrationForm, registrationModal } from "./registration-form-view.js"
import { nameOf, runOnPanel } from "./entrants-command.js"
import { addFormId, addPickId, CAPACITY_FIELD, capacityButtonId, capacityFormId, REASON_FIELD, removeFormId, resetAttemptsId } from "./race-ids.js"
import type { StoredEvent } from "../../../domain/events/event.js"

/** Add: the admin picked a member; their registration form opens, prefilled like the member's own. */
const addPick = select(addPickId, admin("events"), (interaction, { event }) =>
  Effect.gen(function* () {
    const memberId = interaction.values[0]
    if (memberId === undefined) return unchanged
    const form = yield* addEntrantForm(yield* guildIdOf(interaction), event, memberId)
    const title = `Add ${nameOf(interaction)(memberId)}`
    return openForm(registrationModal(addFormId.encode({ event, member: memberId }), title, form.fields, form.event.details.vehicles))
  }),
)

const addForm = modal(addFormId, admin("events"), (interaction, { event, member }) =>
  runOnPanel(interaction, event, (guildId) => dieOnDatabase(addEntrant(guildId, event, interaction.user.id, member, readRegistrationForm(interaction.fields)))),
)

const removeForm = modal(removeFormId, admin("events"), (interaction, { event, member }) =>
  runOnPanel(interaction, event, (guildId) => dieOnDatabase(removeEntrant(guildId, event, interaction.user.id, member, interaction.fields.getTextInputValue(REASON_FIELD)))),
)

const reset = select(resetAttemptsId, admin("events"), (interaction, { event }) =>
  Effect.gen(function* () {
    const memberId = interaction.values[0]
    if (memberId === undefined) return unchanged
    return yield* runOnPanel(interaction, event, (guildId) => dieOnDatabase(resetAttempts(guildId, event, interaction.user.id, memberId)))
  }),
)

const capacityButton = button(capacityButtonId, admin("events"), (interaction, { event }) =>
  Effect.gen(function* () {
    const stored = yield* readEventById(yield* guildIdOf(interaction), event)
    const { capacity, track } = stored.details
    return openForm(capacityModal(event, capacity.maxDrivers, maxDriversLimit(track, capacity.broadcastSlots)))
  }),
)

/** The card shows the capacity, so it is redrawn; a card Pitboard can't edit any more is only logged. */
const redrawCard = (client: Client, event: StoredEvent) =>
  Effect.tryPromise(async () => {
    if (event.cardChannelId === null || event.cardMessageId === null) return
    const channel = await client.channels.fetch(event.cardChannelId)
    if (channel === null || !("messages" in channel)) return
    await channel.messages.edit(event.cardMessageId, eventCard(event.id, event.details))
  }).pipe(Effect.catchAll((error) => Effect.logWarning("could not redraw the event card after a capacity change", { eventId: event.id, error: String(error) })))

const capacityForm = modal(capacityFormId, admin("events"), (interaction, { event }) =>
  runOnPanel(interaction, event, (guildId) =>
    dieOnDatabase(changeCapacity(guildId, event, interaction.user.id, interaction.fields.getTextInputValue(CAPACITY_FIELD))).pipe(
      Effect.tap((result) => redrawCard(interaction.client, result.event)),
    ),
  ),
)

export const entrantsFormComponents: ReadonlyArray<ComponentRoute<AppServices>> = [addPick, addForm, removeForm, reset, capacityButton, capacityForm]
