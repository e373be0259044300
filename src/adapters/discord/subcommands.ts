import {
  InteractionContextType,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from "discord.js"
import type * as Effect from "effect/Effect"
import type { Access, CommandPath, SlashCommand, Visibility } from "./command.js"
import type { Refusal } from "../../app/refusal.js"
import type { Reply } from "./reply.js"

/**
 * One subcommand of a grouped command (`/number claim`): its options, its /help line and access
 * rule, and its handler. Different files can contribute subcommands to the same command.
 */
export interface Subcommand<R> {
  readonly name: string
  readonly description: string
  readonly usage: string
  readonly access: Access
  /** Declare "public" when the answer is for the whole channel; see CommandPath.visibility. */
  readonly visibility?: Visibility
  readonly options?: (builder: SlashCommandSubcommandBuilder) => SlashCommandSubcommandBuilder
  readonly run: (interaction: ChatInputCommandInteraction) => Effect.Effect<Reply<R>, Refusal, R>
  readonly autocomplete?: (
    interaction: AutocompleteInteraction,
  ) => Effect.Effect<ReadonlyArray<{ readonly name: string; readonly value: string }>, never, R>
}

const pathOf = <R>(path: string, sub: Subcommand<R>): CommandPath<R> => ({
  path,
  usage: sub.usage,
  summary: sub.description,
  access: sub.access,
  run: sub.run,
  ...(sub.visibility ? { visibility: sub.visibility } : {}),
  ...(sub.autocomplete ? { autocomplete: sub.autocomplete } : {}),
})

export const groupedCommand = <R>(spec: {
  readonly name: string
  readonly description: string
  readonly area: string
  readonly subcommands: ReadonlyArray<Subcommand<R>>
}): SlashCommand<R> => {
  const builder = new SlashCommandBuilder().setName(spec.name).setDescription(spec.description).setContexts(InteractionContextType.Guild)
  for (const sub of spec.subcommands) {
    builder.addSubcommand((b) => {
      const named = b.setName(sub.name).setDescription(sub.description)
      return sub.options ? sub.options(named) : named
    })
  }
  // The router picks the subcommand's handler by the path it already reads for access: nothing in between.
  const paths: CommandPath<R>[] = spec.subcommands.map((sub) => pathOf(`${spec.name} ${sub.name}`, sub))
  return { data: builder.toJSON(), area: spec.area, paths }
}

/** A command without subcommands (`/setup`), described the same way. */
export const singleCommand = <R>(spec: Subcommand<R> & { readonly area: string }): SlashCommand<R> => {
  const builder = new SlashCommandBuilder().setName(spec.name).setDescription(spec.description).setContexts(InteractionContextType.Guild)
  const data = spec.options ? (spec.options(builder as unknown as SlashCommandSubcommandBuilder) as unknown as SlashCommandBuilder).toJSON() : builder.toJSON()
  return {
    data,
    area: spec.area,
    paths: [pathOf(spec.name, spec)],
  }
}
