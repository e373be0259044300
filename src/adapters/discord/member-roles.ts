import { ShardClientUtil, type ClientOptions } from "discord.js"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { MemberRoles } from "../../app/race-night/discord-reconcile.js"
import { DiscordClient } from "./discord-client.js"

/** Discord's request-members call takes at most 100 user ids (and needs no privileged intent for ids). */
const CHUNK = 100

/**
 * Whether this client runs the shard Discord sends `guildId`'s events to. With SHARD_IDS another
 * process runs the others: a server on them is that process's to look at (this one cannot even
 * ask the gateway for its members).
 */
export const servesGuild = (options: Pick<ClientOptions, "shards" | "shardCount">, guildId: string): boolean => {
  const { shards, shardCount } = options
  if (!Array.isArray(shards) || shardCount === undefined || shardCount <= 1) return true
  return shards.includes(ShardClientUtil.shardIdForGuildId(guildId, shardCount))
}

/** Asked of the gateway each time: roles change by hand, and without the Server Members intent no update reaches the cache. */
export const MemberRolesLive = Layer.effect(
  MemberRoles,
  Effect.map(DiscordClient, (client) => ({
    serves: (guildId: string) => servesGuild(client.options, guildId),
    holding: (guildId: string, roleId: string, memberIds: ReadonlyArray<string>) =>
      Effect.tryPromise({
        try: async () => {
          const holding = new Map<string, boolean>()
          const guild = await client.guilds.fetch(guildId)
          for (let from = 0; from < memberIds.length; from += CHUNK) {
            const members = await guild.members.fetch({ user: memberIds.slice(from, from + CHUNK) })
            for (const member of members.values()) holding.set(member.id, member.roles.cache.has(roleId))
          }
          return holding as ReadonlyMap<string, boolean>
        },
        catch: (error) => error,
      }),
  })),
)
