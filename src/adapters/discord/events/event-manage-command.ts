import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { cancelEvent, findEvent, readEventById } from "../../../app/events/event-use-cases.js"
import { editEvent } from "../../../app/events/wizard-drafts.js"
import type { AppServices } from "../handler-services.js"
import { admin, button, type ComponentRoute, dieOnDatabase, guildIdOf } from "../command.js"
import { later, NOTHING_CHANGED, sayQuietly, update } from "../reply.js"
import { confirmCancelPayload, managePayload } from "./event-list-view.js"
import { closedPanel } from "./wizard-panel-view.js"
import type { Subcommand } from "../subcommands.js"
import { manageCancelId, manageEditId } from "./event-ids.js"
import { FollowUps } from "../../../app/follow-ups.js"
import { deliveryLines, membersToldLine } from "./delivery-report-view.js"
import { showPanel } from "./wizard-input-routes.js"
import { eventAutocomplete, eventOption } from "./event-autocomplete.js"
import { ALREADY_EDITING } from "./event-texts.js"

export const manageSubcommand: Subcommand<AppServices> = {
  name: "manage",
  description: "Edit or cancel a published event",
  usage: "/event manage <event>",
  access: admin("events"),
  options: (b) => b.addStringOption(eventOption),
  run: (interaction) =>
    Effect.gen(function* () {
      const event = yield* findEvent(yield* guildIdOf(interaction), interaction.options.getString("event", true))
      return sayQuietly(managePayload(event))
    }),
  autocomplete: eventAutocomplete,
}

/** Edit opens the wizard at review with the published answers; Save changes updates the card and the Discord event. */
const edit = button(manageEditId, admin("events"), (interaction, { event }) =>
  Effect.gen(function* () {
    const { panel, resumed } = yield* dieOnDatabase(editEvent(yield* guildIdOf(interaction), interaction.user.id, event))
    return yield* showPanel(panel, resumed ? { kind: "warning", text: ALREADY_EDITING } : undefined)
  }),
)

/** How long the panel waits for the card, the Discord event and the notices before it says they are on their way. */
const CANCEL_WAIT_MS = 8000

const cancel = button(manageCancelId, admin("events"), (interaction, { event, step }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    if (step === "ask") return update(confirmCancelPayload(yield* readEventById(guildId, event)))
    if (step === "keep") return update(managePayload(yield* readEventById(guildId, event), NOTHING_CHANGED))
    // The panel waits for the card, the Discord event and the notices: longer than Discord's 3 s.
    return later(
      "panel",
      Effect.gen(function* () {
        const cancelled = yield* dieOnDatabase(cancelEvent(guildId, interaction.user.id, event))
        const delivered = yield* Effect.flatMap(FollowUps, (followUps) => followUps.settle(cancelled.followUpIds, CANCEL_WAIT_MS))
        const lines = [...deliveryLines(delivered, ["EventCard", "ScheduledEvent", "CancellationNotice"]), membersToldLine(delivered, cancelled.registered)]
        const now = yield* Clock.currentTimeMillis
        return update(closedPanel(`Cancelled: ${cancelled.event.details.details.title}`, [...lines, `\n-# Cancelled <t:${Math.floor(now / 1000)}:R>.`]))
      }),
    )
  }),
)

export const manageComponents: ReadonlyArray<ComponentRoute<AppServices>> = [edit, cancel]
