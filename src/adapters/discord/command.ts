import {
  type AnySelectMenuInteraction,
  type AutocompleteInteraction,
  type BaseInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js"
import * as Effect from "effect/Effect"
import { refuse, type Refusal } from "../../app/refusal.js"
import type { ModuleName } from "../../domain/permissions.js"
import type { DatabaseError } from "../sqlite/database.js"
import type { CustomIdRoute } from "./custom-id.js"
import type { Reply } from "./reply.js"

/** Who may use a command path or press a component: everyone, a module's admins, or server managers only. */
export type Access = "member" | "manage-server" | { readonly admin: ModuleName }
export const admin = (module: ModuleName): Access => ({ admin: module })

/** One line of /help, the access rule the router enforces for that command path, and its handler. */
export interface CommandPath<R> {
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
  /** The handler: the router runs it directly once the path's access rule passed. */
  readonly run: (interaction: ChatInputCommandInteraction) => Effect.Effect<Reply<R>, Refusal, R>
  readonly autocomplete?: (
    interaction: AutocompleteInteraction,
  ) => Effect.Effect<ReadonlyArray<{ readonly name: string; readonly value: string }>, never, R>
}
export type Visibility = "private" | "public"

export interface SlashCommand<R> {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody
  /** Heading in /help, e.g. "Car numbers". */
  readonly area: string
  /**
   * Handlers return the answer as data (see reply.ts) and the router sends it; one with nothing to
   * say returns `unchanged` (a menu emptied), which the router still acknowledges.
   */
  readonly paths: ReadonlyArray<CommandPath<R>>
}

interface ComponentBase<A> {
  readonly id: CustomIdRoute<A>
  readonly access: Access
}
export interface ButtonRoute<A, R> extends ComponentBase<A> {
  readonly kind: "button"
  readonly handle: (interaction: ButtonInteraction, value: A) => Effect.Effect<Reply<R>, Refusal, R>
}
export interface SelectRoute<A, R> extends ComponentBase<A> {
  readonly kind: "select"
  readonly handle: (interaction: AnySelectMenuInteraction, value: A) => Effect.Effect<Reply<R>, Refusal, R>
}
export interface ModalRoute<A, R> extends ComponentBase<A> {
  readonly kind: "modal"
  readonly handle: (interaction: ModalSubmitInteraction, value: A) => Effect.Effect<Reply<R>, Refusal, R>
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

/** What every handler needs (numbers, events, sync): one place for each. */
export const guildIdOf = (interaction: BaseInteraction): Effect.Effect<string, Refusal> =>
  interaction.inGuild() ? Effect.succeed(interaction.guildId) : Effect.fail(refuse("This only works inside a server."))

/** A database failure is a bug or a broken disk, not the member's doing: the router's apology, not a refusal. */
export const dieOnDatabase = <A, R>(effect: Effect.Effect<A, Refusal | DatabaseError, R>): Effect.Effect<A, Refusal, R> =>
  effect.pipe(Effect.catchTag("DatabaseError", (error) => Effect.die(error)))
