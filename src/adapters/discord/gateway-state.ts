import { Status, type Client } from "discord.js"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { BotStatus, type GatewayState } from "../../app/bot-status.js"
import { DiscordClient } from "./discord-client.js"

const STATE_NAMES: Readonly<Record<number, string>> = {
  [Status.Ready]: "connected",
  [Status.Connecting]: "connecting",
  [Status.Reconnecting]: "reconnecting",
  [Status.Idle]: "idle",
  [Status.Nearly]: "nearly ready",
  [Status.Disconnected]: "disconnected for good",
  [Status.WaitingForGuilds]: "waiting for its servers",
  [Status.Identifying]: "identifying",
  [Status.Resuming]: "resuming",
}

/**
 * Read from the shards, not `client.ws.status`: the manager's status turns Ready once and stays
 * so, while a shard's follows every drop and resume.
 */
export const gatewayStateOf = (client: Client): GatewayState => {
  const shards = [...client.ws.shards.values()]
  if (shards.length === 0) return { connected: false, state: "no connection", pingMs: undefined }
  const waiting = shards.find((shard) => shard.status !== Status.Ready)
  // discord.js reports -1 until the first heartbeat is acknowledged.
  const pings = shards.map((shard) => shard.ping).filter((ping) => ping >= 0)
  return {
    connected: waiting === undefined,
    state: waiting === undefined ? "connected" : (STATE_NAMES[waiting.status] ?? `status ${waiting.status}`),
    pingMs: pings.length === 0 ? undefined : pings.reduce((sum, ping) => sum + ping, 0) / pings.length,
  }
}

/** Points the bot's status at the logged-in client, so /readyz, /metrics and /status see the live gateway. */
export const GatewayStateLive = Layer.effectDiscard(
  Effect.gen(function* () {
    const client = yield* DiscordClient
    const status = yield* BotStatus
    status.watchGateway(() => gatewayStateOf(client))
  }),
)
