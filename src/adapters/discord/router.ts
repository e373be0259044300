import {
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type BaseInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from "discord.js"
import { Cause, Effect, Either } from "effect"
import { canAdminister, type Actor } from "../../domain/permissions.js"
import { ModuleAccess } from "../../app/permissions.js"
import { commandPathOf, refuse, Refusal, type Access, type ComponentRoute, type Feature, type SlashCommand } from "./command.js"
import { parseCustomId } from "./custom-id.js"
import { replyPrivately } from "./replies.js"

export const APOLOGY =
  "Sorry, something went wrong on Pitboard's side and nothing was changed. Please try again; if it keeps happening, tell a league admin (error id: %ID%)."
export const STALE_COMPONENT =
  "This button or menu is from an older version of Pitboard and no longer works. Run the command again to get a fresh one."
export const MALFORMED_COMPONENT = "Pitboard doesn't recognise this button or menu, so it did nothing. Run the command again."

/** Reads who is acting from what Discord computed for this interaction. */
export const actorOf = (interaction: BaseInteraction): Actor => {
  const member = interaction.member
  const roleIds = member === null ? [] : Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()]
  const permissions = interaction.memberPermissions
  return {
    userId: interaction.user.id,
    roleIds,
    managesServer:
      permissions !== null &&
      (permissions.has(PermissionFlagsBits.ManageGuild) || permissions.has(PermissionFlagsBits.Administrator)),
  }
}

const accessLabel = (access: Access) =>
  access === "manage-server" ? "the Manage Server permission" : access === "member" ? "nothing" : `admin rights for ${access.admin}`

/** The server-side gate every admin command, button and modal passes through. */
export const checkAccess = (interaction: BaseInteraction, access: Access) =>
  Effect.gen(function* () {
    if (access === "member") return
    if (!interaction.inGuild()) return yield* refuse("This only works inside a server.")
    const actor = actorOf(interaction)
    if (access === "manage-server") {
      if (!actor.managesServer) return yield* refuse(`You need ${accessLabel(access)} to do this.`)
      return
    }
    const moduleAccess = yield* ModuleAccess
    const grants = yield* moduleAccess.grants(interaction.guildId).pipe(Effect.orDie)
    if (!canAdminister(actor, access.admin, grants)) {
      return yield* refuse(
        `You need ${accessLabel(access)} to do this. A member with Manage Server can give it to you with /permissions grant.`,
      )
    }
  })

export interface Router<R> {
  readonly handle: (interaction: Interaction) => Effect.Effect<void, never, R | ModuleAccess>
  readonly commands: ReadonlyArray<SlashCommand<R>>
}

/** Builds the single dispatcher for slash commands, autocomplete, buttons, selects and modals. */
export const makeRouter = <R>(features: ReadonlyArray<Feature<R>>): Router<R> => {
  const commands = features.flatMap((feature) => feature.commands)
  const commandsByName = new Map(commands.map((command) => [command.data.name, command]))
  const components = new Map<string, ComponentRoute<R>>()
  for (const route of features.flatMap((feature) => feature.components)) {
    if (components.has(route.id.route)) throw new Error(`two components claim the custom_id route "${route.id.route}"`)
    components.set(route.id.route, route)
  }

  const pathAccess = (command: SlashCommand<R>, interaction: ChatInputCommandInteraction | AutocompleteInteraction) => {
    const path = commandPathOf(interaction)
    const declared = command.paths.find((entry) => entry.path === path)
    // An undeclared path is a programming error; refusing is safer than guessing it is public.
    return declared === undefined ? Either.left(path) : Either.right(declared.access)
  }

  const runCommand = (interaction: ChatInputCommandInteraction) =>
    Effect.gen(function* () {
      const command = commandsByName.get(interaction.commandName)
      if (command === undefined) return yield* refuse("Pitboard doesn't know this command any more. It may take a minute for Discord to refresh the list.")
      const access = pathAccess(command, interaction)
      if (Either.isLeft(access)) return yield* Effect.dieMessage(`command path "${access.left}" is not declared`)
      yield* checkAccess(interaction, access.right)
      yield* command.run(interaction)
    })

  const runAutocomplete = (interaction: AutocompleteInteraction) =>
    Effect.gen(function* () {
      const command = commandsByName.get(interaction.commandName)
      const access = command === undefined ? undefined : pathAccess(command, interaction)
      const allowed =
        command?.autocomplete !== undefined &&
        access !== undefined &&
        Either.isRight(access) &&
        (yield* Effect.either(checkAccess(interaction, access.right)))._tag === "Right"
      const choices = allowed && command.autocomplete ? yield* command.autocomplete(interaction) : []
      yield* Effect.promise(() => interaction.respond(choices.slice(0, 25).map((c) => ({ name: c.name.slice(0, 100), value: c.value }))))
    })

  const runComponent = (interaction: Interaction) =>
    Effect.gen(function* () {
      if (!interaction.isMessageComponent() && !interaction.isModalSubmit()) return
      const parsed = parseCustomId(interaction.customId)
      if (parsed._tag === "Stale") return yield* refuse(STALE_COMPONENT)
      if (parsed._tag === "Malformed") return yield* refuse(MALFORMED_COMPONENT)
      const route = components.get(parsed.route)
      if (route === undefined) return yield* refuse(STALE_COMPONENT)
      const kindMatches =
        (route.kind === "button" && interaction.isButton()) ||
        (route.kind === "select" && interaction.isAnySelectMenu()) ||
        (route.kind === "modal" && interaction.isModalSubmit())
      if (!kindMatches) return yield* refuse(MALFORMED_COMPONENT)
      const value = route.id.decodeFields(parsed.fields)
      if (Either.isLeft(value)) {
        yield* Effect.logInfo("refused a malformed custom_id", { customId: interaction.customId, reason: value.left })
        return yield* refuse(MALFORMED_COMPONENT)
      }
      yield* checkAccess(interaction, route.access)
      yield* (route.handle as (i: Interaction, v: unknown) => Effect.Effect<void, Refusal, R>)(interaction, value.right)
    })

  const dispatch = (interaction: Interaction): Effect.Effect<void, Refusal, R | ModuleAccess> => {
    if (interaction.isChatInputCommand()) return runCommand(interaction)
    if (interaction.isAutocomplete()) return runAutocomplete(interaction)
    return runComponent(interaction)
  }

  const handle = (interaction: Interaction) =>
    dispatch(interaction).pipe(
      Effect.catchTag("Refusal", (refusal) =>
        interaction.isRepliable() ? replyPrivately(interaction, refusal.message) : Effect.void,
      ),
      Effect.catchAllCause((cause) =>
        Effect.gen(function* () {
          if (Cause.isInterruptedOnly(cause)) return
          yield* Effect.logError("interaction handler failed", cause)
          if (interaction.isAutocomplete()) {
            if (!interaction.responded) yield* Effect.promise(() => interaction.respond([])).pipe(Effect.ignore)
          } else if (interaction.isRepliable()) {
            yield* replyPrivately(interaction, APOLOGY.replace("%ID%", interaction.id))
          }
        }),
      ),
      Effect.annotateLogs({ interactionId: interaction.id, userId: interaction.user.id, guildId: interaction.guildId ?? "dm" }),
      Effect.withLogSpan("interaction"),
    )

  return { handle, commands }
}
