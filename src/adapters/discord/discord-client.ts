import { type Client, Events, type Interaction } from "discord.js"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Runtime from "effect/Runtime"
import type { ModuleAccess } from "../../app/module-access.js"
import type { Router } from "./router.js"
import { connectToDiscord, type DiscordConnection } from "./connect.js"
import { watchGateway } from "./gateway-watch.js"


export class DiscordClient extends Context.Tag("pitboard/DiscordClient")<DiscordClient, Client<true>>() {}

export interface ClientOptions {
  /** How long disconnecting may take at shutdown; a dead network would otherwise hold the close handshake 30 s. */
  readonly disconnectWithin: Duration.DurationInput
  /** Told when Discord closes the gateway in a way discord.js will not reconnect from. */
  readonly onLostForGood?: (reason: string) => void
}

/**
 * The discord.js client, logged in and ready (retrying while Discord or the network is down),
 * destroyed when the app's scope closes.
 */
export const DiscordClientLive = (connection: DiscordConnection, options: ClientOptions) =>
  Layer.scoped(
    DiscordClient,
    Effect.gen(function* () {
      // Acquisition runs uninterruptibly; connecting must not, or Ctrl+C waits for Discord to answer.
      let unwatch = () => {}
      const client = yield* Effect.acquireRelease(Effect.interruptible(connectToDiscord(connection)), (client) =>
        Effect.gen(function* () {
          unwatch()
          yield* Effect.interruptible(Effect.promise(() => client.destroy())).pipe(Effect.timeout(options.disconnectWithin), Effect.ignore)
          yield* Effect.logInfo("disconnected from Discord")
        }),
      )
      yield* Effect.logInfo(
        client.guilds.cache.size === 0
          ? `connected to Discord as ${client.user.tag}, but no server has invited it yet: ${connection.inviteUrl}`
          : `connected to Discord as ${client.user.tag} in ${client.guilds.cache.size} server(s)`,
      )
      const runtime = yield* Effect.runtime<never>()
      unwatch = watchGateway(client, (line) => void Runtime.runFork(runtime)(line), options.onLostForGood ?? (() => undefined))
      return client
    }),
  )

export const RESTARTING = "Pitboard is restarting and didn't take this. Please try again in a minute."

/**
 * Feeds every interaction to the router on its own fiber. On shutdown it stops taking new ones,
 * tells anyone who clicks meanwhile, and waits for those already running so none is cut in half.
 */
export const serveInteractions = <R>(router: Router<R>, drainTimeout: Duration.DurationInput = "15 seconds") =>
  Layer.scopedDiscard(
    Effect.gen(function* () {
      const client = yield* DiscordClient
      const runtime = yield* Effect.runtime<R | ModuleAccess>()
      const inFlight = new Set<Fiber.RuntimeFiber<void, never>>()
      let accepting = true
      const onInteraction = (interaction: Interaction) => {
        if (!accepting) {
          if (interaction.isRepliable()) void interaction.reply({ content: RESTARTING, flags: 64 }).catch(() => undefined)
          return
        }
        const fiber = Runtime.runFork(runtime)(router.handle(interaction))
        inFlight.add(fiber)
        fiber.addObserver(() => inFlight.delete(fiber))
      }
      const onError = (error: Error) => Runtime.runFork(runtime)(Effect.logError("discord.js client error", error))
      client.on(Events.InteractionCreate, onInteraction)
      client.on(Events.Error, onError)
      yield* Effect.addFinalizer(() =>
        Effect.gen(function* () {
          accepting = false
          yield* Effect.logInfo(`shutting down: waiting for ${inFlight.size} interaction(s) in flight`)
          // Finalizers run uninterruptibly: only an interruptible wait can be cut short by the timeout.
          yield* Effect.interruptible(Fiber.awaitAll([...inFlight])).pipe(Effect.timeout(drainTimeout), Effect.ignore)
          if (inFlight.size > 0) {
            yield* Effect.logWarning(
              `shutting down: ${inFlight.size} interaction(s) still running after ${Duration.format(Duration.decode(drainTimeout))} were cut off (what they had saved is kept; their members may see no answer)`,
            )
          }
          client.off(Events.InteractionCreate, onInteraction)
          client.off(Events.Error, onError)
        }),
      )
    }),
  )
