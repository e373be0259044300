/**
 * After a publish, edit or cancel has been committed: the public side. Posts or edits the event
 * card, creates or updates the Discord scheduled event, and records where they are. Nothing
 * here can undo the stored event; every failure becomes a line telling the admin what to fix.
 */
import { describeError, discordErrorCode, sendableChannel } from "../channel-access.js"
import {
  channelMention,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type Client,
  type Guild,
} from "discord.js"
import { Effect } from "effect"
import { recordPublication, type StoredEvent } from "../../../app/events/events.js"
import { LiveGrid } from "../../../app/race-night/ports.js"
import { endsAt } from "../../../domain/events/draft.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import { eventCard } from "../views/event-card.js"
import { durationText } from "../views/event-format.js"
import { truncate } from "../views/embeds.js"

export interface PublishReport {
  readonly lines: ReadonlyArray<string>
  readonly cardUrl: string | null
}

export const MISSING_CREATE_EVENTS =
  "⚠️ No Discord event was created: Pitboard lacks the **Create Events** permission. Grant it in Server Settings → Roles → the Pitboard role, " +
  "then open `/event manage`, press **Edit** and then **Save changes** to add it."


const messageUrl = (guildId: string, channelId: string, messageId: string) => `https://discord.com/channels/${guildId}/${channelId}/${messageId}`

/** Discord requires 1–1000 characters; the essentials first, so truncation cuts the least useful part. */
const scheduledDescription = (event: StoredEvent): string => {
  const { details } = event
  const lines = [
    `Track: ${details.track.name} · ${durationText(details.schedule.durationMinutes)}`,
    `Vehicles: ${details.vehicles.join(", ")}`,
    `Check-in closes ${details.rules.checkInClosesMinutes} min before the start.`,
    details.details.description,
  ].filter((line) => line !== "")
  return truncate(lines.join("\n"), 1000)
}

const scheduledFields = (event: StoredEvent) => ({
  name: truncate(event.details.details.title, 100),
  scheduledStartTime: new Date(event.details.schedule.startsAt),
  scheduledEndTime: new Date(endsAt(event.details.schedule)),
  entityMetadata: { location: truncate(event.details.track.name, 100) },
  description: scheduledDescription(event),
})

const canCreateEvents = async (guild: Guild): Promise<boolean> => {
  const me = guild.members.me ?? (await guild.members.fetchMe().catch(() => null))
  return me !== null && me.permissions.has(PermissionFlagsBits.CreateEvents)
}

/** The card where the event says it is published: edited in place, or posted anew (and an old one elsewhere removed). */
const placeCard = async (client: Client, event: StoredEvent, lines: string[]): Promise<{ channelId: string; messageId: string } | null> => {
  const channelId = event.details.rolesAndChannels.publishChannelId
  const payload = eventCard(event.id, event.details)
  if (event.cardChannelId === channelId && event.cardMessageId !== null) {
    const channel = await client.channels.fetch(channelId).catch(() => null)
    if (channel?.isSendable() && "messages" in channel) {
      const edited = await channel.messages.edit(event.cardMessageId, payload).then(() => true, () => false)
      if (edited) {
        lines.push(`✅ Card updated in ${channelMention(channelId)}.`)
        return { channelId, messageId: event.cardMessageId }
      }
    }
  }
  try {
    const channel = await sendableChannel(client, channelId)
    const message = await channel.send(payload)
    lines.push(`✅ Card posted in ${channelMention(channelId)}.`)
    if (event.cardChannelId !== null && event.cardMessageId !== null && event.cardChannelId !== channelId) {
      const old = await client.channels.fetch(event.cardChannelId).catch(() => null)
      if (old !== null && "messages" in old) await old.messages.delete(event.cardMessageId).catch(() => undefined)
    }
    return { channelId, messageId: message.id }
  } catch (error) {
    lines.push(`⚠️ The card could not be posted in ${channelMention(channelId)} (${describeError(error)}). Fix Pitboard's permissions there, then use /event manage → Edit → Save changes.`)
    return null
  }
}

const placeScheduledEvent = async (guild: Guild | null, event: StoredEvent, lines: string[]): Promise<string | null> => {
  if (guild === null) return event.scheduledEventId
  const fields = scheduledFields(event)
  if (event.scheduledEventId !== null) {
    try {
      await guild.scheduledEvents.edit(event.scheduledEventId, fields)
      lines.push("✅ Discord event updated.")
      return event.scheduledEventId
    } catch (error) {
      // Deleted by hand in Discord: make a new one below. Anything else is reported and the old id kept.
      if (discordErrorCode(error) !== RESTJSONErrorCodes.UnknownGuildScheduledEvent) {
        lines.push(`⚠️ The Discord event couldn't be updated (${describeError(error)}).${discordErrorCode(error) === RESTJSONErrorCodes.MissingPermissions ? " Pitboard needs **Create Events** (or **Manage Events**)." : ""}`)
        return event.scheduledEventId
      }
    }
  }
  if (!(await canCreateEvents(guild))) {
    lines.push(MISSING_CREATE_EVENTS)
    return null
  }
  try {
    const created = await guild.scheduledEvents.create({ ...fields, privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly, entityType: GuildScheduledEventEntityType.External })
    lines.push(`✅ Discord event created for ${discordTimestamp(event.details.schedule.startsAt, "F")} at ${fields.entityMetadata.location}.`)
    return created.id
  } catch (error) {
    lines.push(discordErrorCode(error) === RESTJSONErrorCodes.MissingPermissions ? MISSING_CREATE_EVENTS : `⚠️ The Discord event couldn't be created (${describeError(error)}).`)
    return null
  }
}

/** Publish or edit: card and scheduled event brought in line with the stored event, and their ids stored. */
export const announceEvent = (client: Client, event: StoredEvent) =>
  Effect.gen(function* () {
    const lines: string[] = []
    const guild = yield* Effect.promise(() => client.guilds.fetch(event.guildId).catch(() => null))
    const card = yield* Effect.promise(() => placeCard(client, event, lines))
    const scheduledEventId = yield* Effect.promise(() => placeScheduledEvent(guild, event, lines))
    yield* recordPublication(event.guildId, event.id, {
      cardChannelId: card?.channelId ?? event.cardChannelId,
      cardMessageId: card?.messageId ?? event.cardMessageId,
      scheduledEventId,
    })
    // An edit can change capacity, times or the roster channel: the live grid follows.
    yield* Effect.flatMap(LiveGrid, (grid) => grid.refresh(event.guildId, event.id))
    return { lines, cardUrl: card === null ? null : messageUrl(event.guildId, card.channelId, card.messageId) } satisfies PublishReport
  })

/** Cancel: the card says so and takes no more clicks, the scheduled event is cancelled, and the channel is told. */
export const announceCancellation = (client: Client, event: StoredEvent) =>
  Effect.promise(async () => {
    const lines: string[] = []
    const channelId = event.details.rolesAndChannels.publishChannelId
    if (event.cardChannelId !== null && event.cardMessageId !== null) {
      const channel = await client.channels.fetch(event.cardChannelId).catch(() => null)
      const edited = channel !== null && "messages" in channel ? await channel.messages.edit(event.cardMessageId, eventCard(event.id, event.details, true)).then(() => true, () => false) : false
      lines.push(edited ? "✅ The card now says CANCELLED; its buttons are off." : "⚠️ The card couldn't be edited (deleted, or Pitboard lost access to its channel).")
    }
    if (event.scheduledEventId !== null) {
      const guild = await client.guilds.fetch(event.guildId).catch(() => null)
      const cancelled = guild === null ? false : await guild.scheduledEvents.edit(event.scheduledEventId, { status: GuildScheduledEventStatus.Canceled }).then(() => true, () => false)
      lines.push(cancelled ? "✅ The Discord event is cancelled." : "⚠️ The Discord event couldn't be cancelled; remove it by hand from the server's Events.")
    }
    const channel = await client.channels.fetch(channelId).catch(() => null)
    const told =
      channel !== null && channel.isSendable()
        ? await channel
            .send({ content: `❌ **${event.details.details.title}** on ${discordTimestamp(event.details.schedule.startsAt, "F")} has been cancelled.`, allowedMentions: { parse: [] } })
            .then(() => true, () => false)
        : false
    lines.push(told ? `✅ Members were told in ${channelMention(channelId)}.` : `⚠️ Pitboard couldn't post the notice in ${channelMention(channelId)}; tell members yourself.`)
    return lines
  })
