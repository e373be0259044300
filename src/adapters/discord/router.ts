import {
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type BaseInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type RepliableInteraction,
} from "discord.js"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import { inGuild } from "../sqlite/database.js"
import { canAdminister, type Actor } from "../../domain/permissions.js"
import { Metrics } from "../../shared/metrics.js"
import { ModuleAccess } from "../../app/module-access.js"
import { StoredChanges } from "../../app/stored-changes.js"
import { discordErrorCode } from "./channel-access.js"
import { commandPathOf, guildIdOf, type Access, type ComponentRoute, type Feature, type SlashCommand } from "./command.js"
import { refuse, Refusal } from "../../app/refusal.js"
import { parseCustomId } from "./custom-id.js"
import { sendReply, type Reply, replyPrivately } from "./reply.js"
import { guardFirstResponse, isInteractionGone, type FirstResponseGate, type LateAcknowledgement } from "./first-response.js"

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
    const guildId = yield* guildIdOf(interaction)
    const actor = actorOf(interaction)
    if (access === "manage-server") {
      if (!actor.managesServer) return yield* refuse(`You need ${accessLabel(access)} to do this.`)
      return
    }
    const moduleAccess = yield* ModuleAccess
    const grants = yield* moduleAccess.grants(guildId).pipe(Effect.orDie)
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

/**
 * How long a handler may take before the router acknowledges for it. Discord allows 3 s for the
 * first response; 2 s leaves the acknowledgement itself a second to get there. Faster work is
 * still answered directly, because a defer costs the member an extra round trip.
 */
export const DEFER_AFTER: Duration.DurationInput = "2 seconds"

export interface RouterOptions {
  /** Tests lower it to keep slow handlers short; see DEFER_AFTER. */
  readonly deferAfter?: Duration.DurationInput
}

/** Builds the single dispatcher for slash commands, autocomplete, buttons, selects and modals. */
export const makeRouter = <R>(features: ReadonlyArray<Feature<R>>, options: RouterOptions = {}): Router<R> => {
  const deferAfter = Duration.toMillis(Duration.decode(options.deferAfter ?? DEFER_AFTER))
  // Discord's 3 s run from when it created the interaction (its id says when), not from when the
  // gateway got it here: on a busy race night that can be a second later. A clock that runs
  // ahead of Discord's can only make the defer come earlier, never later than `deferAfter`.
  const msUntilDeferDue = (createdAt: number, receivedAt: number) => Math.max(0, Math.min(deferAfter, createdAt + deferAfter - receivedAt))
  const commands = features.flatMap((feature) => feature.commands)
  const commandsByName = new Map(commands.map((command) => [command.data.name, command]))
  const components = new Map<string, ComponentRoute<R>>()
  for (const route of features.flatMap((feature) => feature.components)) {
    if (components.has(route.id.route)) throw new Error(`two components claim the custom_id route "${route.id.route}"`)
    components.set(route.id.route, route)
  }

  const declaredPath = (command: SlashCommand<R>, interaction: ChatInputCommandInteraction | AutocompleteInteraction) => {
    const path = commandPathOf(interaction)
    const declared = command.paths.find((entry) => entry.path === path)
    // An undeclared path is a programming error; refusing is safer than guessing it is public.
    return declared === undefined ? Either.left(path) : Either.right(declared)
  }

  const runCommand = (interaction: ChatInputCommandInteraction) =>
    Effect.gen(function* () {
      const command = commandsByName.get(interaction.commandName)
      if (command === undefined) return yield* refuse("Pitboard doesn't know this command any more. It may take a minute for Discord to refresh the list.")
      const declared = declaredPath(command, interaction)
      if (Either.isLeft(declared)) return yield* Effect.dieMessage(`command path "${declared.left}" is not declared`)
      yield* checkAccess(interaction, declared.right.access)
      yield* sendReply(interaction, yield* declared.right.run(interaction))
    })

  const runAutocomplete = (interaction: AutocompleteInteraction) =>
    Effect.gen(function* () {
      const command = commandsByName.get(interaction.commandName)
      const declared = command === undefined ? undefined : declaredPath(command, interaction)
      const suggest = declared !== undefined && Either.isRight(declared) ? declared.right : undefined
      const allowed = suggest?.autocomplete !== undefined && (yield* Effect.either(checkAccess(interaction, suggest.access)))._tag === "Right"
      const choices = allowed && suggest?.autocomplete ? yield* suggest.autocomplete(interaction) : []
      // Suggestions cannot be deferred: late ones are simply no longer wanted.
      yield* Effect.tryPromise(() => interaction.respond(choices.slice(0, 25).map((c) => ({ name: c.name.slice(0, 100), value: c.value })))).pipe(
        Effect.catchAll(({ error }) =>
          isInteractionGone(error) ? Effect.logDebug("suggestions arrived after Discord stopped waiting; dropped") : Effect.die(error),
        ),
      )
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
        yield* Effect.logDebug(`its custom_id did not decode: ${value.left}`)
        return yield* refuse(MALFORMED_COMPONENT)
      }
      yield* checkAccess(interaction, route.access)
      const reply = yield* (route.handle as (i: Interaction, v: unknown) => Effect.Effect<Reply<R>, Refusal, R>)(interaction, value.right)
      if (interaction.isRepliable()) yield* sendReply(interaction, reply)
    })

  const dispatch = (interaction: Interaction): Effect.Effect<void, Refusal, R | ModuleAccess> => {
    if (interaction.isChatInputCommand()) return runCommand(interaction)
    if (interaction.isAutocomplete()) return runAutocomplete(interaction)
    return runComponent(interaction)
  }

  /**
   * Decided before the handler runs, since the timer may fire at any point of it. A modal opened by
   * a slash command answers privately: no modal route answers for the whole channel today.
   */
  const lateAcknowledgementFor = (interaction: RepliableInteraction): LateAcknowledgement => {
    if (interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage())) return { kind: "update" }
    if (!interaction.isChatInputCommand()) return { kind: "reply", ephemeral: true }
    const path = commandPathOf(interaction)
    const declared = commandsByName.get(interaction.commandName)?.paths.find((entry) => entry.path === path)
    return { kind: "reply", ephemeral: declared?.visibility !== "public" }
  }

  const answered = (interaction: Interaction, gate?: FirstResponseGate): Effect.Effect<Outcome, never, R | ModuleAccess> =>
    dispatch(interaction).pipe(
      Effect.as<Outcome>("ok"),
      Effect.catchTag("Refusal", (refusal) =>
        Effect.logDebug(`refused: ${refusal.message}`).pipe(
          Effect.zipRight(interaction.isRepliable() ? replyPrivately(interaction, refusal.message) : Effect.void),
          Effect.as<Outcome>("refused"),
        ),
      ),
      Effect.catchAllCause((cause) =>
        Effect.gen(function* () {
          if (Cause.isInterruptedOnly(cause)) return "interrupted" as const
          // Nothing reaches the member any more, not even the apology; reportUndelivered says what they missed.
          if (gate?.interactionGone()) return "error" as const
          yield* Effect.logError("interaction handler failed", cause)
          if (interaction.isAutocomplete()) {
            if (!interaction.responded) yield* Effect.promise(() => interaction.respond([])).pipe(Effect.ignore)
          } else if (interaction.isRepliable()) {
            yield* replyPrivately(interaction, APOLOGY.replace("%ID%", interaction.id))
          }
          return "error" as const
        }),
      ),
    )

  /**
   * Every interaction leaves exactly one line, written here and nowhere else: where it was headed,
   * how it ended and how long it took. Who and which server come from the annotations. Never an
   * option value or a message text: those are the members' business, not the log's. The same
   * facts, without who, are counted for /metrics.
   */
  const logOutcome = (interaction: Interaction, outcome: Outcome, startedAt: number, deferred: boolean) =>
    Effect.gen(function* () {
      const ms = (yield* Clock.currentTimeMillis) - startedAt
      const route = routeOf(interaction)
      const kind = kindOf(interaction)
      const metrics = yield* Metrics
      metrics.interaction({ route, kind, outcome, seconds: ms / 1000, deferred })
      // Suggestions come at every keystroke: at Info they would drown the lines an admin looks for.
      yield* (interaction.isAutocomplete() ? Effect.logDebug : Effect.logInfo)("interaction").pipe(Effect.annotateLogs({ route, kind, outcome, ms, deferred }))
    })

  const handle = (interaction: Interaction) => {
    const annotated = <A, E, Q>(effect: Effect.Effect<A, E, Q>) =>
      effect.pipe(
        Effect.annotateLogs({ interactionId: interaction.id, userId: interaction.user.id, guildId: interaction.guildId ?? "dm" }),
        // Its transactions take the server's lock on PostgreSQL (several processes, one database).
        inGuild(interaction.guildId),
        Effect.withLogSpan("interaction"),
      )
    if (!interaction.isRepliable()) {
      return annotated(
        Effect.gen(function* () {
          const startedAt = yield* Clock.currentTimeMillis
          yield* logOutcome(interaction, yield* answered(interaction), startedAt, false)
        }),
      )
    }
    const gate = guardFirstResponse(interaction, lateAcknowledgementFor(interaction))
    return annotated(
      Effect.gen(function* () {
        const startedAt = yield* Clock.currentTimeMillis
        // A plain timer, not a forked fiber: a fiber forked, put to sleep and interrupted for every
        // interaction is run-loop work and garbage on a race night's burst, for what a timer does.
        // The gate decides who answers first, so the timer firing mid-answer is safe; it never rejects.
        const outcome = yield* Effect.acquireUseRelease(
          Effect.sync(() => setTimeout(() => void gate.acknowledgeLate(), msUntilDeferDue(interaction.createdTimestamp, startedAt))),
          () => answered(interaction, gate),
          (timer) => Effect.sync(() => clearTimeout(timer)),
        )
        yield* Effect.promise(() => gate.settled())
        if (gate.acknowledgedLate()) yield* Effect.logDebug("the handler was slow; the router acknowledged for it")
        const undelivered = yield* reportUndelivered(interaction, gate)
        const changes = yield* FiberRef.get(StoredChanges)
        if (changes.length > 0) yield* Effect.logDebug(`stored: ${changes.map((change) => `${change.action} ${change.subject}`).join(", ")}`)
        yield* logOutcome(interaction, undelivered ? "undelivered" : outcome, startedAt, gate.acknowledgedLate())
      }).pipe(Effect.locally(StoredChanges, [])),
    )
  }

  return { handle, commands }
}

/**
 * Where the interaction was headed: the command path, or the custom_id's route. Never the rest of
 * the custom_id: its fields are ids of what was pressed, not something a log needs to keep.
 */
const routeOf = (interaction: Interaction) => {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) return `/${commandPathOf(interaction)}`
  if (interaction.isMessageComponent() || interaction.isModalSubmit()) {
    const parsed = parseCustomId(interaction.customId)
    if (parsed._tag === "Parsed") return parsed.route
    return parsed._tag === "Stale" ? `custom_id version ${parsed.version}` : "unrecognised custom_id"
  }
  return `interaction type ${interaction.type}`
}

const kindOf = (interaction: Interaction) => {
  if (interaction.isChatInputCommand()) return "command"
  if (interaction.isAutocomplete()) return "suggestions"
  if (interaction.isButton()) return "button"
  if (interaction.isAnySelectMenu()) return "select"
  if (interaction.isModalSubmit()) return "form"
  return "other"
}

/**
 * How an interaction ended, as the member saw it: answered, refused with a reason, met with the
 * apology, or (undelivered) answered by the bot but never shown to them.
 */
type Outcome = "ok" | "refused" | "error" | "undelivered" | "interrupted"

/**
 * The member acted, maybe their change was stored, and they never saw the answer: the one case a
 * league admin must be able to find later. Who and which server come from the interaction's own
 * log annotations (userId, guildId); this adds where they were headed and what was stored.
 */
const reportUndelivered = (interaction: RepliableInteraction, gate: FirstResponseGate) =>
  Effect.gen(function* () {
    const failures = gate.failures()
    if (failures.length === 0) return false
    const changes = yield* FiberRef.get(StoredChanges)
    const last = failures[failures.length - 1]!
    yield* Effect.logWarning("the member's answer could not be delivered").pipe(
      Effect.annotateLogs({
        route: routeOf(interaction),
        action: changes.length === 0 ? "nothing stored" : changes.map((change) => change.action).join(", "),
        subject: changes.map((change) => change.subject).join(", "),
        failedCall: last.method,
        discordCode: discordErrorCode(last.error) ?? "none",
        error: last.error instanceof Error ? last.error.message : String(last.error),
      }),
    )
    return true
  })
