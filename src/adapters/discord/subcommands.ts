import {
  InteractionContextType,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from "discord.js"
import { Effect } from "effect"
import type { Access, CommandPath, Refusal, SlashCommand, Visibility } from "./command.js"
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
  readonly run: (interaction: ChatInputCommandInteraction) => Effect.Effect<Reply<R> | void, Refusal, R>
  readonly autocomplete?: (
    interaction: AutocompleteInteraction,
  ) => Effect.Effect<ReadonlyArray<{ readonly name: string; readonly value: string }>, never, R>
}

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
  const byName = new Map(spec.subcommands.map((sub) => [sub.name, sub]))
  const paths: CommandPath[] = spec.subcommands.map((sub) => ({
    path: `${spec.name} ${sub.name}`,
    usage: sub.usage,
    summary: sub.description,
    access: sub.access,
    ...(sub.visibility ? { visibility: sub.visibility } : {}),
  }))
  return {
    data: builder.toJSON(),
    area: spec.area,
    paths,
    run: (interaction) => {
      const sub = byName.get(interaction.options.getSubcommand(true))
      return sub === undefined ? Effect.dieMessage(`unknown subcommand ${interaction.options.getSubcommand(true)}`) : sub.run(interaction)
    },
    autocomplete: (interaction) => {
      const sub = byName.get(interaction.options.getSubcommand(false) ?? "")
      return sub?.autocomplete === undefined ? Effect.succeed([]) : sub.autocomplete(interaction)
    },
  }
}

/** A command without subcommands (`/setup`), described the same way. */
export const singleCommand = <R>(spec: Subcommand<R> & { readonly area: string }): SlashCommand<R> => {
  const builder = new SlashCommandBuilder().setName(spec.name).setDescription(spec.description).setContexts(InteractionContextType.Guild)
  const data = spec.options ? (spec.options(builder as unknown as SlashCommandSubcommandBuilder) as unknown as SlashCommandBuilder).toJSON() : builder.toJSON()
  return {
    data,
    area: spec.area,
    paths: [{ path: spec.name, usage: spec.usage, summary: spec.description, access: spec.access, ...(spec.visibility ? { visibility: spec.visibility } : {}) }],
    run: spec.run,
    ...(spec.autocomplete ? { autocomplete: spec.autocomplete } : {}),
  }
}
