import { type Client, type CloseEvent, Events, GatewayCloseCodes } from "discord.js"
import * as Effect from "effect/Effect"
import { TOKEN_REJECTED } from "./connect.js"

// Codes of the WebSocket itself and of @discordjs/ws, beside Discord's own 4000-range ones.
const SOCKET_CLOSES: Record<number, string> = {
  1000: "closed normally",
  1001: "going away",
  1006: "the connection dropped without a close",
  4200: "closed by discord.js to resume, as Discord asked or after a missed heartbeat",
}

const STILL_DOWN_EVERY_MS = 60_000

const describeClose = (code: number | undefined): string =>
  code === undefined ? "no close code" : `code ${code}, ${GatewayCloseCodes[code] ?? SOCKET_CLOSES[code] ?? "unknown"}`

const fixFor = (code: number): string =>
  code === GatewayCloseCodes.AuthenticationFailed
    ? TOKEN_REJECTED
    : code === GatewayCloseCodes.DisallowedIntents
      ? "Pitboard only needs the Guilds intent; check the Bot page of your application."
      : "Restart Pitboard; if it happens again, please report it."

/**
 * discord.js reconnects a dropped gateway by itself, silently, every half second or so while the
 * network is down. These lines let an admin reading the log see a drop (Warn, with its close
 * code), that it lasts (Warn, once a minute, not once a try) and the way back (Info). A close
 * discord.js will not recover from leaves the bot deaf: `onLostForGood` is told, to stop the
 * process so a service manager notices. Returns the unwatch, for before Pitboard closes the
 * gateway itself.
 */
export const watchGateway = (client: Client<true>, log: (line: Effect.Effect<void>) => void, onLostForGood: (reason: string) => void): (() => void) => {
  let lastClose: number | undefined
  let down: { since: number; tries: number; toldAt: number } | undefined
  const onClose = (event: CloseEvent) => (lastClose = event.code)
  const onReconnecting = () => {
    const now = Date.now()
    if (down === undefined) {
      down = { since: now, tries: 1, toldAt: now }
      return log(Effect.logWarning(`the connection to Discord's gateway closed (${describeClose(lastClose)}); reconnecting. Clicks sent meanwhile may go unanswered.`))
    }
    down.tries += 1
    if (now - down.toldAt < STILL_DOWN_EVERY_MS) return
    down.toldAt = now
    log(Effect.logWarning(`still reconnecting to Discord's gateway: ${down.tries} tries in ${Math.round((now - down.since) / 1000)} s (last close: ${describeClose(lastClose)})`))
  }
  const back = (how: string) => {
    const after = down === undefined ? "" : ` after ${((Date.now() - down.since) / 1000).toFixed(1)} s and ${down.tries} ${down.tries === 1 ? "try" : "tries"}`
    down = undefined
    log(Effect.logInfo(`reconnected to Discord${after}: ${how}`))
  }
  const onResume = (_shard: number, replayed: number) => back(`session resumed, ${replayed} missed event(s) replayed`)
  const onReady = () => back("a new session (events sent while it was away are lost)")
  const onError = (error: Error) => log(Effect.logWarning(`Discord gateway error: ${error.message}`))
  const onDisconnect = (event: CloseEvent) => {
    const reason = `Discord closed the gateway for good (${describeClose(event.code)}). ${fixFor(event.code)}`
    log(Effect.logError(reason))
    onLostForGood(reason)
  }
  const shards = [...client.ws.shards.values()]
  for (const shard of shards) shard.on("close", onClose)
  client.on(Events.ShardReconnecting, onReconnecting)
  client.on(Events.ShardResume, onResume)
  client.on(Events.ShardReady, onReady)
  client.on(Events.ShardError, onError)
  client.on(Events.ShardDisconnect, onDisconnect)
  return () => {
    for (const shard of shards) shard.off("close", onClose)
    client.off(Events.ShardReconnecting, onReconnecting)
    client.off(Events.ShardResume, onResume)
    client.off(Events.ShardReady, onReady)
    client.off(Events.ShardError, onError)
    client.off(Events.ShardDisconnect, onDisconnect)
  }
}
