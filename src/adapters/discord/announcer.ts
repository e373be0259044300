import { Effect, Layer } from "effect"
import { Announcer } from "../../app/announcer.js"
import { Database } from "../sqlite/database.js"
import { readGuildSettings } from "../sqlite/repositories/guild-settings.js"
import { DiscordClient } from "./client.js"

/** Posts to the channel /setup chose, without pinging anyone: announcements inform, they don't summon. */
export const AnnouncerLive = Layer.effect(
  Announcer,
  Effect.gen(function* () {
    const client = yield* DiscordClient
    const database = yield* Database
    return {
      announce: (guildId: string, text: string) =>
        Effect.gen(function* () {
          const settings = yield* database.query("settings.read", (db) => readGuildSettings(db, guildId))
          if (settings.announcementChannelId === undefined) return
          const channelId = settings.announcementChannelId
          yield* Effect.tryPromise(async () => {
            const channel = await client.channels.fetch(channelId)
            if (channel === null || !channel.isSendable()) throw new Error(`channel ${channelId} is not a text channel`)
            await channel.send({ content: text.slice(0, 2000), allowedMentions: { parse: [] } })
          })
        }).pipe(
          Effect.catchAll((error) => Effect.logWarning("could not post an announcement", error)),
          Effect.annotateLogs({ guildId }),
        ),
    }
  }),
)
