import { MessageFlags, type BaseInteraction, type SlashCommandStringOption } from "discord.js"
import { Effect } from "effect"
import { MAX_DIGITS } from "../../domain/numbers/car-number.js"
import type { DatabaseError } from "../sqlite/database.js"
import { refuse, type Refusal } from "./command.js"

/** Helpers every command shares (numbers, events, sync): one place for each. */

export const guildIdOf = (interaction: BaseInteraction): Effect.Effect<string, Refusal> =>
  interaction.inGuild() ? Effect.succeed(interaction.guildId) : Effect.fail(refuse("This only works inside a server."))

/** A database failure is a bug or a broken disk, not the member's doing: the router's apology, not a refusal. */
export const dieOnDatabase = <A, R>(effect: Effect.Effect<A, Refusal | DatabaseError, R>): Effect.Effect<A, Refusal, R> =>
  effect.pipe(Effect.catchTag("DatabaseError", (error) => Effect.die(error)))

/** Private, and never pinging: mentions in a member's own reply are there to be read. */
export const privately = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const

/** Car numbers are strings so that 7, 07 and 007 stay different, at most as long as iRacing accepts. */
export const numberOption =
  (name: string, description: string, required = true) =>
  (option: SlashCommandStringOption) =>
    option.setName(name).setDescription(description).setRequired(required).setMinLength(1).setMaxLength(MAX_DIGITS).setAutocomplete(true)

export const classOption = (option: SlashCommandStringOption) =>
  option.setName("class").setDescription("The class, when a number could be in more than one").setMaxLength(100).setAutocomplete(true)
