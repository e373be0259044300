import type {
  AnySelectMenuInteraction,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js"
import type { Effect } from "effect"
import type { ModuleName } from "../../domain/permissions.js"
import type { CustomIdRoute } from "./custom-id.js"
import type { Reply } from "./reply.js"

import type { Refusal } from "../../app/refusal.js"

export { Refusal, refuse } from "../../app/refusal.js"

/** Who may use a command path or press a component: everyone, a module's admins, or server managers only. */
export type Access = "member" | "manage-server" | { readonly admin: ModuleName }
export const admin = (module: ModuleName): Access => ({ admin: module })

/** One line of /help, and the access rule the router enforces for that command path. */
export interface CommandPath {
  /** "number claim", "permissions grant", "help". */
  readonly path: string
  readonly usage: string
  readonly summary: string
  readonly access: Access
  /**
   * Who sees the answer: private unless declared public (a list for the whole channel, a trade
   * offer). The router defers a slow answer with this visibility, and a deferred message's
   * visibility cannot change afterwards.
   */
  readonly visibility?: Visibility
}
export type Visibility = "private" | "public"

export interface SlashCommand<R> {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody
  /** Heading in /help, e.g. "Car numbers". */
  readonly area: string
  readonly paths: ReadonlyArray<CommandPath>
  /** Returns the answer as data (see reply.ts); handlers not yet moved to that answer Discord themselves and return nothing. */
  readonly run: (interaction: ChatInputCommandInteraction) => Effect.Effect<Reply<R> | void, Refusal, R>
  readonly autocomplete?: (
    interaction: AutocompleteInteraction,
  ) => Effect.Effect<ReadonlyArray<{ readonly name: string; readonly value: string }>, never, R>
}

interface ComponentBase<A> {
  readonly id: CustomIdRoute<A>
  readonly access: Access
}
export interface ButtonRoute<A, R> extends ComponentBase<A> {
  readonly kind: "button"
  readonly handle: (interaction: ButtonInteraction, value: A) => Effect.Effect<Reply<R> | void, Refusal, R>
}
export interface SelectRoute<A, R> extends ComponentBase<A> {
  readonly kind: "select"
  readonly handle: (interaction: AnySelectMenuInteraction, value: A) => Effect.Effect<Reply<R> | void, Refusal, R>
}
export interface ModalRoute<A, R> extends ComponentBase<A> {
  readonly kind: "modal"
  readonly handle: (interaction: ModalSubmitInteraction, value: A) => Effect.Effect<Reply<R> | void, Refusal, R>
}
export type ComponentRoute<R> = ButtonRoute<any, R> | SelectRoute<any, R> | ModalRoute<any, R>

/** A feature's whole Discord surface: its slash commands and the components its messages carry. */
export interface Feature<R> {
  readonly commands: ReadonlyArray<SlashCommand<R>>
  readonly components: ReadonlyArray<ComponentRoute<R>>
}

export const button = <A, R>(id: CustomIdRoute<A>, access: Access, handle: ButtonRoute<A, R>["handle"]): ButtonRoute<A, R> => ({ kind: "button", id, access, handle })
export const select = <A, R>(id: CustomIdRoute<A>, access: Access, handle: SelectRoute<A, R>["handle"]): SelectRoute<A, R> => ({ kind: "select", id, access, handle })
export const modal = <A, R>(id: CustomIdRoute<A>, access: Access, handle: ModalRoute<A, R>["handle"]): ModalRoute<A, R> => ({ kind: "modal", id, access, handle })

/** The path of a chat-input interaction as written in CommandPath.path. */
export const commandPathOf = (interaction: ChatInputCommandInteraction | AutocompleteInteraction): string =>
  [interaction.commandName, interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false)]
    .filter((part): part is string => typeof part === "string" && part.length > 0)
    .join(" ")
