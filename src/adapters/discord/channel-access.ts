import { ChannelType, channelMention, DiscordAPIError, PermissionFlagsBits, type BaseInteraction, type Client } from "discord.js"
import * as Effect from "effect/Effect"
import { refuse } from "../../app/refusal.js"

type Needed = ReadonlyArray<readonly [bigint, string]>

export const TO_POST: Needed = [
  [PermissionFlagsBits.ViewChannel, "View Channel"],
  [PermissionFlagsBits.SendMessages, "Send Messages"],
]
export const TO_POST_EMBEDS: Needed = [...TO_POST, [PermissionFlagsBits.EmbedLinks, "Embed Links"]]

const list = (names: ReadonlyArray<string>) => names.map((name) => `**${name}**`).join(names.length > 2 ? ", " : " and ")

/**
 * Refuses a channel Pitboard could not post in, naming what to fix, before anything is stored.
 * Fetched fresh: a select's resolved channel carries no permission overwrites to judge by.
 * `what` completes "Pitboard can't post … in #channel" (e.g. "the event card").
 */
export const checkBotCanPost = (interaction: BaseInteraction, channelId: string, needs: Needed = TO_POST_EMBEDS, what = "") =>
  Effect.gen(function* () {
    const names = needs.map(([, name]) => name)
    const cannotSee = `Pitboard can't see ${channelMention(channelId)}. In that channel's settings, under Permissions, allow ${list(names)} for the Pitboard role, then pick it again.`
    const channel = yield* Effect.tryPromise(() => interaction.client.channels.fetch(channelId, { force: true })).pipe(Effect.orElseSucceed(() => null))
    if (channel === null || channel.isDMBased() || channel.guildId !== interaction.guildId) return yield* refuse(cannotSee)
    if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
      return yield* refuse(`${channelMention(channelId)} is not a text or announcement channel. Pick one where messages can be posted.`)
    }
    const me = channel.guild.members.me ?? (yield* Effect.tryPromise(() => channel.guild.members.fetchMe()).pipe(Effect.orElseSucceed(() => null)))
    const permissions = me === null ? null : channel.permissionsFor(me)
    const missing = needs.filter(([flag]) => permissions === null || !permissions.has(flag)).map(([, name]) => name)
    if (missing.length > 0) {
      return yield* refuse(
        `Pitboard can't post ${what === "" ? "" : `${what} `}in ${channelMention(channelId)}: it lacks ${list(missing)} there. Allow ${missing.length === 1 ? "it" : "them"} for the Pitboard role in that channel's Permissions, or pick another channel.`,
      )
    }
  })

/** A server text channel Pitboard can send to, fetched now; throws (with the id) otherwise. */
export const sendableChannel = async (client: Client, channelId: string) => {
  const channel = await client.channels.fetch(channelId)
  if (channel === null || !channel.isSendable() || channel.isDMBased()) throw new Error(`channel ${channelId} is not a server text channel Pitboard can post in`)
  return channel
}

/** Discord's JSON error code (50013, 50007, …), or null for anything that isn't a Discord API error. */
export const discordErrorCode = (error: unknown): number | null => (error instanceof DiscordAPIError && typeof error.code === "number" ? error.code : null)

/** An error as one readable line for logs and audit entries. */
export const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error))
