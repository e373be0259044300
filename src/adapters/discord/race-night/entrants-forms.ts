/** The entrants panel's controls that ask for something first: add, remove, capacity; and attempt resets. */
import * as Effect from "effect/Effect"
import { readEventById } from "../../../app/events/event-use-cases.js"
import { addEntrant, addEntrantForm, changeCapacity, removeEntrant, resetAttempts } from "../../../app/race-night/admin.js"
import type { AppServices } from "../handler-services.js"
import { maxDriversLimit } from "../../../domain/events/validation.js"
import { admin, button, modal, select, type ComponentRoute, dieOnDatabase, guildIdOf } from "../command.js"
import { FollowUps } from "../../../app/follow-ups.js"
import { deliveryLines } from "../events/delivery-report-view.js"
import { form as openForm, unchanged } from "../reply.js"
import { capacityModal } from "./entrants-view.js"
import { readRegistrationForm, registrationModal } from "./registration-form-view.js"
import { nameOf, runOnPanel } from "./entrants-command.js"
import { addFormId, addPickId, CAPACITY_FIELD, capacityButtonId, capacityFormId, REASON_FIELD, removeFormId, resetAttemptsId } from "./race-ids.js"

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

/** How long the panel waits for the card to show the new capacity before it says the card is on its way. */
const CARD_WAIT_MS = 5000

/**
 * The card shows the capacity: the change queued its redraw in the outbox (in the event's order,
 * retried, and drawn as the event stands then, so a cancel in between keeps the card cancelled).
 * The panel waits a little for that row, the way the cancel button does, to say how it went.
 */
const capacityForm = modal(capacityFormId, admin("events"), (interaction, { event }) =>
  runOnPanel(interaction, event, (guildId) =>
    Effect.gen(function* () {
      const changed = yield* dieOnDatabase(changeCapacity(guildId, event, interaction.user.id, interaction.fields.getTextInputValue(CAPACITY_FIELD)))
      const delivered = yield* Effect.flatMap(FollowUps, (followUps) => followUps.settle([changed.cardFollowUpId], CARD_WAIT_MS))
      return { outcome: changed.outcome, notes: deliveryLines(delivered, ["EventCard"]) }
    }),
  ),
)

export const entrantsFormComponents: ReadonlyArray<ComponentRoute<AppServices>> = [addPick, addForm, removeForm, reset, capacityButton, capacityForm]
