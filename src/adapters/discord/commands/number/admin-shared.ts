import { MessageFlags, type AutocompleteInteraction, type BaseInteraction, type SlashCommandStringOption } from "discord.js"
import { Effect } from "effect"
import type { ClaimWarning } from "../../../../domain/numbers/claims.js"
import { DEFAULT_CLASS, describeClass } from "../../../../domain/numbers/classes.js"
import { numbersOverview } from "../../../../app/numbers/queries.js"
import type { DatabaseError } from "../../../sqlite/database.js"
import { refuse, type Refusal } from "../../command.js"

/** Admin replies are for the admin alone, and mentions in them are there to be read, not to ping. */
export const privately = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const
export const noPings = { allowedMentions: { parse: [] } } as const

export const guildIdOf = (interaction: BaseInteraction): Effect.Effect<string, Refusal> =>
  interaction.inGuild() ? Effect.succeed(interaction.guildId) : Effect.fail(refuse("This only works inside a server."))

/** A database failure is a bug or a broken disk, not the admin's doing: the router's apology, not a refusal. */
export const dieOnDatabase = <A, R>(effect: Effect.Effect<A, Refusal | DatabaseError, R>): Effect.Effect<A, Refusal, R> =>
  effect.pipe(Effect.catchTag("DatabaseError", (error) => Effect.die(error)))

/** Strings, so that 7, 07 and 007 stay three numbers. */
export const numberOption = (description: string) => (option: SlashCommandStringOption) =>
  option.setName("number").setDescription(description).setRequired(true).setMinLength(1).setMaxLength(4).setAutocomplete(true)

export const classOption = (option: SlashCommandStringOption) =>
  option.setName("class").setDescription("The class, when a number could be in more than one").setMaxLength(100).setAutocomplete(true)

const focusedText = (interaction: AutocompleteInteraction) => String(interaction.options.getFocused(true).value).trim().toLowerCase()

/** Class names for the `class` option, and held numbers for `number` (what assign/revoke act on). */
export const classOrHeldNumberChoices = (interaction: AutocompleteInteraction) =>
  Effect.gen(function* () {
    if (!interaction.inGuild()) return []
    const focused = interaction.options.getFocused(true)
    const typed = focusedText(interaction)
    const view = yield* numbersOverview(interaction.guildId)
    if (focused.name === "class") {
      return view.classes
        .filter((c) => c.id !== DEFAULT_CLASS.id && c.name.toLowerCase().includes(typed))
        .map((c) => ({ name: describeClass(c), value: c.name }))
    }
    if (interaction.options.getSubcommand(false) !== "revoke") return []
    const typedNumber = typed.replace(/^#/, "")
    return view.claims
      .filter((claim) => claim.number.startsWith(typedNumber))
      .map((claim) => {
        const numberClass = view.classes.find((c) => c.id === claim.classId)
        return { name: `#${claim.number}${numberClass === undefined ? "" : ` — ${numberClass.name}`}`, value: claim.number }
      })
  })

export const warningLines = (warnings: ReadonlyArray<ClaimWarning>) => warnings.map((warning) => `⚠️ ${warning.message}`)

