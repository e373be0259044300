import type { AutocompleteInteraction, SlashCommandStringOption } from "discord.js"
import * as Effect from "effect/Effect"
import { eventChoices } from "../../../app/events/event-use-cases.js"
import { formatInZone } from "../../../domain/events/time.js"

/** The `event` option every /event subcommand that acts on one published event takes. */
export const eventOption = (option: SlashCommandStringOption) =>
  option.setName("event").setDescription("The event (type to search upcoming events)").setRequired(true).setMaxLength(100).setAutocomplete(true)

/** The `event` option's suggestions (upcoming events, with their local start), shared by every /event subcommand. */
export const eventAutocomplete = (interaction: AutocompleteInteraction) =>
  Effect.gen(function* () {
    if (!interaction.inGuild()) return []
    const choices = yield* eventChoices(interaction.guildId, String(interaction.options.getFocused()))
    return choices.map(({ event }) => ({
      name: `${event.details.details.title} · ${formatInZone(event.details.schedule.startsAt, event.details.timezone)} ${event.details.timezone}`,
      value: event.id,
    }))
  })
