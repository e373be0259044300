import { Client, DiscordAPIError, Events, GatewayIntentBits, HTTPError } from "discord.js"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { exemptTokenlessRequests } from "./tokenless-requests.js"

/** Start-up failures that a league admin can fix, each with a sentence that says how. */
export class StartupError extends Data.TaggedError("StartupError")<{ readonly message: string }> {}

/** A failed attempt that may pass by itself (network, DNS, Discord's 5xx, no answer): tried again. */
class AttemptFailed extends Data.TaggedError("AttemptFailed")<{ readonly reason: string }> {}

export interface DiscordConnection {
  readonly token: Redacted.Redacted<string>
  /** Base REST URL without version; Discord's own when none. Lets tests point the real client at a fake. */
  readonly apiUrl: Option.Option<string>
  /** Logged when the bot is in no server yet, so a newcomer knows the next step. */
  readonly inviteUrl: string
  /** Gateway shards run by this client; none = one. "auto" asks Discord how many (GET /gateway/bot). */
  readonly shards?: Option.Option<number | "auto">
  /** The shards of that total this client runs (SHARD_IDS); none = all of them. Needs a numeric total. */
  readonly shardIds?: ReadonlyArray<number>
}

/**
 * discord.js's own sharding inside this client: the shard ids it runs and their total, or "auto".
 * Several processes split the ids between them (SHARD_IDS) against the same total, each one a
 * plain client: see README "When one machine is not enough" for why not ShardingManager.
 */
const shardingOptions = (shards: Option.Option<number | "auto"> = Option.none(), ids?: ReadonlyArray<number>) =>
  Option.match(shards, {
    onNone: () => ({}),
    onSome: (count) =>
      count === "auto" ? { shards: "auto" as const } : { shards: ids === undefined ? Array.from({ length: count }, (_, id) => id) : [...ids], shardCount: count },
  })

export const SHARDING_REQUIRED =
  "Discord requires this bot to be sharded (it is in more than 2,500 servers). Set SHARD_COUNT=auto in .env and start it again."

export const TOKEN_REJECTED =
  "Discord rejected DISCORD_TOKEN. Reset it at https://discord.com/developers/applications → your application → Bot → Reset Token, and update .env."

/**
 * One attempt may take this long. discord.js bounds its REST call (15 s, three retries), but
 * @discordjs/ws reconnects to an unreachable gateway by itself, quietly and forever.
 */
const ATTEMPT_TIMEOUT = Duration.seconds(45)

/** Waits between attempts: 1, 2, 4 … 60 s, then every minute until Discord answers. */
export const retryDelayMs = (failedAttempts: number): number => Math.min(60_000, 1000 * 2 ** Math.max(0, failedAttempts - 1))

// Only what discord.js says in words; none of these carries the token.
const describe = (error: unknown): string => {
  if (error instanceof HTTPError) return `Discord answered HTTP ${error.status} (${error.message})`
  if (error instanceof DiscordAPIError) return `Discord answered HTTP ${error.status} (${error.message})`
  if (error instanceof Error && error.name === "AbortError") return "Discord did not answer in time"
  return error instanceof Error ? error.message : String(error)
}

/** Closes the gateway may send that no retry can fix, as @discordjs/ws reports them. */
const GATEWAY_REFUSALS = new Set(["Invalid shard", "Used an invalid API version", "Used invalid intents"])

const classify = (error: unknown): StartupError | AttemptFailed => {
  const code = (error as { code?: unknown }).code
  const message = error instanceof Error ? error.message : ""
  // REST's 401 comes as TokenInvalid; a token reset between that call and IDENTIFY closes the gateway with 4004.
  if (code === "TokenInvalid" || message === "Authentication failed") return new StartupError({ message: TOKEN_REJECTED })
  if (code === "DisallowedIntents" || message === "Used disallowed intents") {
    return new StartupError({ message: "Discord refused the gateway intents Pitboard asked for. Pitboard only needs the Guilds intent; check the Bot page of your application." })
  }
  if (message === "Sharding is required") return new StartupError({ message: SHARDING_REQUIRED })
  if (GATEWAY_REFUSALS.has(message)) return new StartupError({ message: `Discord closed the connection: ${message}. This is a bug in Pitboard; please report it.` })
  // A 4xx other than "slow down" will say the same next time; DISCORD_API_URL pointing elsewhere is the usual cause.
  if (error instanceof DiscordAPIError && error.status !== 429 && error.status !== 408) {
    return new StartupError({ message: `Could not connect to Discord: ${describe(error)}. Check DISCORD_API_URL (leave it unset for Discord itself).` })
  }
  return new AttemptFailed({ reason: describe(error) })
}

/**
 * One login: a fresh client (a destroyed one cannot log in again), ready with its guilds, or
 * destroyed. Interrupting it (Ctrl+C, the attempt's timeout) destroys the client at once.
 */
const loginOnce = (connection: DiscordConnection) =>
  Effect.tryPromise({
    try: async (signal) => {
      const client = new Client({
        intents: [GatewayIntentBits.Guilds],
        rest: Option.match(connection.apiUrl, { onNone: () => ({}), onSome: (api) => ({ api }) }),
        ...shardingOptions(connection.shards, connection.shardIds),
      })
      exemptTokenlessRequests(client)
      const giveUp = () => void client.destroy()
      signal.addEventListener("abort", giveUp, { once: true })
      try {
        const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve))
        await client.login(Redacted.value(connection.token))
        return await ready
      } catch (error) {
        await client.destroy()
        throw error
      } finally {
        signal.removeEventListener("abort", giveUp)
      }
    },
    catch: classify,
  }).pipe(
    Effect.timeoutFail({
      duration: ATTEMPT_TIMEOUT,
      onTimeout: () => new AttemptFailed({ reason: `Discord did not finish connecting within ${Duration.format(ATTEMPT_TIMEOUT)}` }),
    }),
  )

/**
 * Logs in, trying again with growing waits while the failure may pass (Discord or the network
 * down at boot is common on a home server), and one log line per failed attempt. A token Discord
 * rejects fails at once: no wait makes it valid.
 */
export const connectToDiscord = (connection: DiscordConnection) =>
  Effect.gen(function* () {
    // The origin only: a URL's user:password part, should one be there, stays out of the log.
    const where = Option.match(connection.apiUrl, { onNone: () => "Discord", onSome: (url) => `${new URL(url).origin} (DISCORD_API_URL)` })
    yield* Effect.logInfo(`connecting to ${where}`)
    for (let attempt = 1; ; attempt++) {
      const result = yield* Effect.either(loginOnce(connection))
      if (Either.isRight(result)) {
        if (attempt > 1) yield* Effect.logInfo(`connected to Discord at attempt ${attempt}`)
        return result.right
      }
      if (result.left._tag === "StartupError") return yield* Effect.fail(result.left)
      const waitMs = retryDelayMs(attempt)
      yield* Effect.logWarning(`could not connect to Discord (attempt ${attempt}: ${result.left.reason}); trying again in ${waitMs / 1000} s`)
      yield* Effect.sleep(Duration.millis(waitMs))
    }
  })
