/**
 * `/event entrants`: an admin's private panel over one event's grid and waitlist. Every control
 * redraws the panel from fresh data; the ones that change something go through the organiser
 * actions (audited) and say what happened on top of the panel.
 */
import type { BaseInteraction, MessageComponentInteraction, ModalSubmitInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { findEvent } from "../../../app/events/event-use-cases.js"
import { entrantsOf, moveEntrant } from "../../../app/race-night/admin.js"
import type { AppServices } from "../handler-services.js"
import type { Outcome } from "../../../machines/race-night/entry-list.js"
import { admin, button, select, type ComponentRoute, dieOnDatabase, guildIdOf } from "../command.js"
import { form, later, say, update } from "../reply.js"
import type { Refusal } from "../../../app/refusal.js"
import { entrantsPanel, outcomeLines, removeModal, type EntrantsPanelState } from "./entrants-view.js"
import { eventAutocomplete, eventOption } from "../events/event-autocomplete.js"
import { entrantActionId, entrantPickId, entrantsPageId, entrantSwapId } from "./race-ids.js"
import type { Subcommand } from "../subcommands.js"

type PanelInteraction = MessageComponentInteraction | ModalSubmitInteraction

/** Names for the selects, from the users Discord already sent us; a mention can't render in an option. */
export const nameOf = (interaction: BaseInteraction) => (memberId: string) => interaction.client.users.cache.get(memberId)?.displayName ?? memberId

/** The panel the admin used, redrawn from what is stored now. */
export const showEntrants = (interaction: PanelInteraction, eventId: string, state: EntrantsPanelState) =>
  Effect.gen(function* () {
    const entrants = yield* entrantsOf(yield* guildIdOf(interaction), eventId)
    return update(entrantsPanel(entrants, state, nameOf(interaction)))
  })

/**
 * Runs one admin action after acknowledging (roles and DMs follow the commit before the panel is
 * redrawn), then shows what it did. A refusal is answered privately and the panel stays as it was.
 */
export const runOnPanel = <R>(
  interaction: PanelInteraction,
  eventId: string,
  action: (guildId: string) => Effect.Effect<{ readonly outcome: Outcome; readonly notes?: ReadonlyArray<string> }, Refusal, R>,
) =>
  Effect.map(guildIdOf(interaction), (guildId) =>
    later(
      "panel",
      Effect.flatMap(action(guildId), (result) => showEntrants(interaction, eventId, { page: 0, notice: [outcomeLines(result.outcome), ...(result.notes ?? [])].join("\n") })),
    ),
  )

export const entrantsSubcommand: Subcommand<AppServices> = {
  name: "entrants",
  description: "See and change an event's grid and waitlist",
  usage: "/event entrants <event>",
  access: admin("events"),
  options: (b) => b.addStringOption(eventOption),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const event = yield* findEvent(guildId, interaction.options.getString("event", true))
      const entrants = yield* entrantsOf(guildId, event.id)
      return say(entrantsPanel(entrants, { page: 0 }, nameOf(interaction)))
    }),
  autocomplete: eventAutocomplete,
}

const page = button(entrantsPageId, admin("events"), (interaction, { event, page }) => showEntrants(interaction, event, { page }))

const pick = select(entrantPickId, admin("events"), (interaction, { event, page }) => showEntrants(interaction, event, { page, ...(interaction.values[0] === undefined ? {} : { selected: interaction.values[0] }) }))

/** Remove asks for a reason first; moving to a full grid asks whom to swap with first. */
const act = button(entrantActionId, admin("events"), (interaction, { event, member, act }) =>
  Effect.gen(function* () {
    if (act === "remove") return form(removeModal(event, member, nameOf(interaction)(member)))
    if (act === "waitlist") return yield* runOnPanel(interaction, event, (guildId) => dieOnDatabase(moveEntrant(guildId, event, interaction.user.id, member, "waitlist")))
    const entrants = yield* entrantsOf(yield* guildIdOf(interaction), event)
    if (entrants.grid.length >= entrants.capacity && entrants.waitlist.some((e) => e.memberId === member)) {
      const notice = `The grid is full (${entrants.grid.length} of ${entrants.capacity}). Choose who moves to the waitlist in exchange for <@${member}>, or raise the capacity.`
      return yield* showEntrants(interaction, event, { page: 0, swapFor: member, notice })
    }
    return yield* runOnPanel(interaction, event, (guildId) => dieOnDatabase(moveEntrant(guildId, event, interaction.user.id, member, "grid")))
  }),
)

const swap = select(entrantSwapId, admin("events"), (interaction, { event, member }) =>
  runOnPanel(interaction, event, (guildId) => dieOnDatabase(moveEntrant(guildId, event, interaction.user.id, member, "grid", interaction.values[0]))),
)

export const entrantsPanelComponents: ReadonlyArray<ComponentRoute<AppServices>> = [page, pick, act, swap]
