/** Delivers check-in reminders: one ping in the roster channel, and a DM to each driver who wants one. */
import { describeError, sendableChannel } from "./channel-access.js"
import type { Client } from "discord.js"
import { Effect, Layer } from "effect"
import { RaceNightReminders, type Reminder } from "../../app/race-night/reminders.js"
import { DiscordClient } from "./client.js"
import { rosterChannelOf } from "./race-night-notifier.js"
import { reminderDm, reminderMessages } from "./views/live-grid-reminders.js"

/** DMs go over REST one by one (open the DM channel, then send): a few at a time stays clear of rate limits. */
const DM_CONCURRENCY = 4


const postInRoster = (client: Client, reminder: Reminder) =>
  Effect.tryPromise(async () => {
    const channelId = rosterChannelOf(reminder.event)
    const channel = await sendableChannel(client, channelId)
    for (const message of reminderMessages(reminder)) {
      await channel.send({ content: message.content, allowedMentions: { users: [...message.allowedMentions.users] } })
    }
  }).pipe(Effect.catchAll((error) => Effect.logWarning("could not post the check-in reminder in the roster channel", { error: describeError(error) })))

const sendDms = (client: Client, reminder: Reminder) => {
  const text = reminderDm(reminder)
  return Effect.forEach(
    reminder.dmMemberIds,
    (memberId) =>
      // Closed DMs are common and the channel ping already reached them: log, don't escalate.
      Effect.tryPromise(() => client.users.send(memberId, { content: text, allowedMentions: { parse: [] } })).pipe(
        Effect.catchAll((error) => Effect.logInfo("could not DM a check-in reminder", { memberId, error: describeError(error) })),
      ),
    { concurrency: DM_CONCURRENCY, discard: true },
  )
}

export const RaceNightRemindersLive = Layer.effect(
  RaceNightReminders,
  Effect.map(DiscordClient, (client) => ({
    send: (reminder: Reminder) =>
      Effect.zipRight(postInRoster(client, reminder), sendDms(client, reminder)).pipe(
        Effect.annotateLogs({ guildId: reminder.event.guildId, eventId: reminder.event.id, reminder: reminder.kind }),
        Effect.withSpan("RaceNight.remind"),
      ),
  })),
)
