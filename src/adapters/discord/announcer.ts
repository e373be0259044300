import { sendableChannel } from "./channel-access.js"
import { Effect, Layer } from "effect"
import type { MessageCreateOptions } from "discord.js"
import { Announcer, type SyncAnnouncement } from "../../app/announcer.js"
import { summaryEmbed } from "./views/sync-report.js"
import { Database } from "../sqlite/database.js"
import { readGuildSettings } from "../sqlite/repositories/guild-settings.js"
import { DiscordClient } from "./client.js"

/** Posts to the channel /setup chose, without pinging anyone: announcements inform, they don't summon. */
export const AnnouncerLive = Layer.effect(
  Announcer,
  Effect.gen(function* () {
    const client = yield* DiscordClient
    const database = yield* Database
    const post = (guildId: string, message: MessageCreateOptions) =>
      Effect.gen(function* () {
        const settings = yield* database.query("settings.read", (db) => readGuildSettings(db, guildId))
        if (settings.announcementChannelId === undefined) return
        const channelId = settings.announcementChannelId
        yield* Effect.tryPromise(async () => {
          const channel = await sendableChannel(client, channelId)
          await channel.send({ ...message, allowedMentions: { parse: [] } })
        })
      }).pipe(
        Effect.catchAll((error) => Effect.logWarning("could not post an announcement", error)),
        Effect.annotateLogs({ guildId }),
        // The member's reply must not wait on the channel post (Discord gives it 3 seconds, and a
        // busy race night can rate-limit channel posts); the post only logs when it fails.
        Effect.forkDaemon,
        Effect.asVoid,
      )
    return {
      announce: (guildId: string, text: string) => post(guildId, { content: text.slice(0, 2000) }),
      announceSync: (guildId: string, sync: SyncAnnouncement) => post(guildId, { embeds: [summaryEmbed(sync)] }),
    }
  }),
)
