import { Client, Events, GatewayIntentBits, type Interaction } from "discord.js"
import { Context, Data, Effect, Fiber, Layer, Option, Redacted, Runtime } from "effect"
import type { ModuleAccess } from "../../app/permissions.js"
import type { Router } from "./router.js"

export class DiscordClient extends Context.Tag("pitboard/DiscordClient")<DiscordClient, Client<true>>() {}

/** Start-up failures that a league admin can fix, each with a sentence that says how. */
export class StartupError extends Data.TaggedError("StartupError")<{ readonly message: string }> {}

export interface DiscordConnection {
  readonly token: Redacted.Redacted<string>
  /** Base REST URL without version; Discord's own when none. Lets tests point the real client at a fake. */
  readonly apiUrl: Option.Option<string>
  /** Logged when the bot is in no server yet, so a newcomer knows the next step. */
  readonly inviteUrl: string
}

const explainLoginFailure = (error: unknown): StartupError => {
  const code = (error as { code?: unknown }).code
  if (code === "TokenInvalid") {
    return new StartupError({
      message:
        "Discord rejected DISCORD_TOKEN. Reset it at https://discord.com/developers/applications → your application → Bot → Reset Token, and update .env.",
    })
  }
  if (code === "DisallowedIntents") {
    return new StartupError({ message: "Discord refused the gateway intents Pitboard asked for. Pitboard only needs the Guilds intent; check the Bot page of your application." })
  }
  const detail = error instanceof Error ? error.message : String(error)
  return new StartupError({ message: `Could not connect to Discord (${detail}). Check the machine's internet connection and try again.` })
}

/** The discord.js client, logged in and ready, destroyed when the app's scope closes. */
export const DiscordClientLive = (connection: DiscordConnection) =>
  Layer.scoped(
    DiscordClient,
    Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          const client = new Client({
            intents: [GatewayIntentBits.Guilds],
            rest: Option.match(connection.apiUrl, { onNone: () => ({}), onSome: (api) => ({ api }) }),
          })
          const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve))
          try {
            await client.login(Redacted.value(connection.token))
          } catch (error) {
            await client.destroy()
            throw error
          }
          return ready
        },
        catch: explainLoginFailure,
      }).pipe(
        Effect.tap((client) =>
          Effect.logInfo(
            client.guilds.cache.size === 0
              ? `connected to Discord as ${client.user.tag}, but no server has invited it yet: ${connection.inviteUrl}`
              : `connected to Discord as ${client.user.tag} in ${client.guilds.cache.size} server(s)`,
          ),
        ),
      ),
      (client) => Effect.promise(() => client.destroy()).pipe(Effect.tap(() => Effect.logInfo("disconnected from Discord"))),
    ),
  )

export const RESTARTING = "Pitboard is restarting and didn't take this. Please try again in a minute."

/**
 * Feeds every interaction to the router on its own fiber. On shutdown it stops taking new ones,
 * tells anyone who clicks meanwhile, and waits for those already running so none is cut in half.
 */
export const serveInteractions = <R>(router: Router<R>, drainTimeout = "15 seconds" as const) =>
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
          client.off(Events.InteractionCreate, onInteraction)
          client.off(Events.Error, onError)
        }),
      )
    }),
  )
