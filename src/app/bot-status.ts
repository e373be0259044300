import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

export interface GatewayState {
  readonly connected: boolean
  /** What discord.js says about the connection, for a reason an admin can read ("connecting", "resuming"…). */
  readonly state: string
  /** The last heartbeat's round trip; undefined until Discord has answered one. */
  readonly pingMs: number | undefined
}

const NOT_LOGGED_IN: GatewayState = { connected: false, state: "not logged in yet", pingMs: undefined }

/**
 * What this run knows about itself, for /readyz, /metrics and /status. It exists before the bot
 * logs in to Discord (the health endpoints answer during start-up), so the gateway and the command
 * registration are attached to it as start-up reaches them.
 */
export interface BotStatusService {
  readonly startedAt: number
  readonly gateway: () => GatewayState
  readonly commandsRegistered: () => boolean
  readonly watchGateway: (read: () => GatewayState) => void
  readonly markCommandsRegistered: () => void
}

export class BotStatus extends Context.Tag("pitboard/BotStatus")<BotStatus, BotStatusService>() {}

export const makeBotStatus = (startedAt: number): BotStatusService => {
  let readGateway = () => NOT_LOGGED_IN
  let registered = false
  return {
    startedAt,
    gateway: () => readGateway(),
    commandsRegistered: () => registered,
    watchGateway: (read) => {
      readGateway = read
    },
    markCommandsRegistered: () => {
      registered = true
    },
  }
}

export const BotStatusLive = Layer.effect(BotStatus, Effect.map(Clock.currentTimeMillis, makeBotStatus))

/** What /readyz reports missing; empty when the bot can take interactions. */
export const notReadyBecause = (status: Pick<BotStatusService, "gateway" | "commandsRegistered">): ReadonlyArray<string> => {
  const gateway = status.gateway()
  return [
    ...(gateway.connected ? [] : [`the Discord gateway is not connected (${gateway.state})`]),
    ...(status.commandsRegistered() ? [] : ["the slash commands are not registered yet"]),
  ]
}
