/**
 * An event's public side, brought in line with the stored event: the card in the publish
 * channel, the Discord scheduled event, and the cancellation notice. Each reads the event as it
 * is when it is delivered, so a late or repeated delivery shows the latest truth.
 *
 * Never twice: the card's and the scheduled event's ids are stored as soon as Discord answers,
 * and before posting a card or creating a scheduled event the deliverer looks for one it may
 * have made just before a crash (the card's footer names the event; the scheduled event has
 * Pitboard as creator, the same name and start), and adopts it.
 */
import {
  channelMention,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  messageLink,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type Client,
  type Guild,
  type Message,
} from "discord.js"
import * as Effect from "effect/Effect"
import type { FollowUp } from "../../../domain/follow-up-kinds.js"
import { endsAt } from "../../../domain/events/draft.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import type { DatabaseService } from "../../sqlite/database.js"
import { readEvent, setEventCard, setPublicationState, setScheduledEventId } from "../../sqlite/repositories/events.js"
import { othersUnfinished, type OutboxRow } from "../../sqlite/repositories/outbox.js"
import { truncate } from "../embeds.js"
import { eventCard } from "../events/event-card-view.js"
import { durationText } from "../events/event-format.js"
import { nonceFor } from "./announcement-follow-ups.js"
import { classify, giveUp, isDiscordCode, postableChannel, sent, type Delivery } from "./follow-up-outcome.js"
import type { StoredEvent } from "../../../domain/events/event.js"

export const MISSING_CREATE_EVENTS =
  "No Discord event was created: Pitboard lacks the **Create Events** permission. Grant it in Server Settings → Roles → the Pitboard role, " +
  "then open `/event manage`, press **Edit** and then **Save changes** to add it."

const CARD_FIX = "Give Pitboard View Channel, Send Messages and Embed Links there, then use /event manage → Edit → Save changes"

const attempt = <A>(call: () => Promise<A>) => Effect.tryPromise({ try: call, catch: (error) => error })

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

const cardFooter = (eventId: string) => `Event ${eventId}`

/** A card Pitboard posted for this event that it did not get to record (a crash right after posting). */
const findOwnCard = async (client: Client, channelId: string, eventId: string): Promise<Message | undefined> => {
  const channel = await postableChannel(client, channelId)
  if (!("messages" in channel)) return undefined
  const recent = await channel.messages.fetch({ limit: 50 }).catch(() => null)
  return recent?.find((message) => message.author.id === client.user?.id && message.embeds[0]?.footer?.text === cardFooter(eventId))
}

/** Marks the publication complete once neither its card nor its scheduled event waits any more. */
const completeIfDone = (database: DatabaseService, row: OutboxRow, event: StoredEvent) => (delivery: Delivery) =>
  event.publication === "complete" || delivery._tag === "Retry"
    ? Effect.void
    : database
        .transaction("events.publication", async (db) => {
          if (!(await othersUnfinished(db, row.target, ["EventCard", "ScheduledEvent"], row.id))) await setPublicationState(db, event.guildId, event.id, "complete")
        })
        .pipe(Effect.ignore)

const withEvent = (database: DatabaseService, row: OutboxRow, eventId: string, use: (event: StoredEvent) => Effect.Effect<Delivery>) =>
  database.query("events.read", (db) => readEvent(db, row.guildId, eventId)).pipe(
    Effect.flatMap((event) => (event === undefined ? Effect.succeed(giveUp("the event no longer exists")) : use(event))),
    Effect.catchAll((error) => Effect.succeed(classify(error))),
  )

const placeCard = (client: Client, database: DatabaseService, row: OutboxRow, event: StoredEvent) =>
  Effect.gen(function* () {
    const channelId = event.details.rolesAndChannels.publishChannelId
    const cancelled = event.status === "cancelled"
    const payload = eventCard(event.id, event.details, cancelled)
    const recorded = event.cardChannelId !== null && event.cardMessageId !== null ? { channelId: event.cardChannelId, messageId: event.cardMessageId } : null
    if (recorded !== null && recorded.channelId === channelId) {
      const edited = yield* attempt(async () => (await postableChannel(client, channelId)).messages.edit(recorded.messageId, payload)).pipe(
        Effect.as(true),
        Effect.catchIf((error) => isDiscordCode(error, RESTJSONErrorCodes.UnknownMessage), () => Effect.succeed(false)),
      )
      if (edited) return sent(cancelled ? "The card now says CANCELLED; its buttons are off." : `Card updated in ${channelMention(channelId)}.`)
    }
    if (cancelled) return sent("The card was gone, so there was nothing to mark CANCELLED.")
    const adopted = recorded === null ? yield* attempt(() => findOwnCard(client, channelId, event.id)) : undefined
    const message =
      adopted !== undefined
        ? yield* attempt(() => adopted.edit(payload))
        : yield* attempt(async () => (await postableChannel(client, channelId)).send({ ...payload, nonce: nonceFor(row.id), enforceNonce: true }))
    yield* database.transaction("events.card", (db) => setEventCard(db, event.guildId, event.id, { channelId, messageId: message.id }))
    // The publish channel changed (through /event manage): the old card would show a stale event.
    if (recorded !== null && recorded.channelId !== channelId) {
      yield* attempt(async () => (await postableChannel(client, recorded.channelId)).messages.delete(recorded.messageId)).pipe(Effect.ignore)
    }
    return sent(`Card posted in ${channelMention(channelId)}: ${messageLink(channelId, message.id, event.guildId)}`)
  }).pipe(Effect.catchAll((error) => Effect.succeed(classify(error, CARD_FIX))))

export const deliverEventCard = (client: Client, database: DatabaseService, row: OutboxRow, card: Extract<FollowUp, { _tag: "EventCard" }>) =>
  withEvent(database, row, card.eventId, (event) => placeCard(client, database, row, event).pipe(Effect.tap(completeIfDone(database, row, event))))

const canCreateEvents = async (guild: Guild): Promise<boolean> => {
  const me = guild.members.me ?? (await guild.members.fetchMe().catch(() => null))
  return me !== null && me.permissions.has(PermissionFlagsBits.CreateEvents)
}

const EVENTS_FIX = "Pitboard needs **Create Events** (or **Manage Events**)."

const placeScheduledEvent = (client: Client, database: DatabaseService, event: StoredEvent) =>
  Effect.gen(function* () {
    const guild = yield* attempt(() => client.guilds.fetch(event.guildId))
    const record = (id: string | null) => database.transaction("events.scheduled", (db) => setScheduledEventId(db, event.guildId, event.id, id))
    if (event.status === "cancelled") {
      if (event.scheduledEventId === null) return sent(null)
      return yield* attempt(() => guild.scheduledEvents.edit(event.scheduledEventId!, { status: GuildScheduledEventStatus.Canceled })).pipe(
        Effect.as(sent("The Discord event is cancelled.")),
        Effect.catchAll((error) => Effect.succeed(classify(error, "Remove the Discord event by hand from the server's Events."))),
      )
    }
    const fields = scheduledFields(event)
    if (event.scheduledEventId !== null) {
      const edited = yield* attempt(() => guild.scheduledEvents.edit(event.scheduledEventId!, fields)).pipe(
        Effect.as(true),
        // Deleted by hand in Discord: a new one is made below.
        Effect.catchIf((error) => isDiscordCode(error, RESTJSONErrorCodes.UnknownGuildScheduledEvent), () => Effect.succeed(false)),
      )
      if (edited) return sent("Discord event updated.")
    }
    if (!(yield* attempt(() => canCreateEvents(guild)))) return giveUp(MISSING_CREATE_EVENTS)
    const existing = yield* attempt(() => guild.scheduledEvents.fetch())
    const mine = existing.find((e) => e.creatorId === client.user?.id && e.name === fields.name && e.scheduledStartTimestamp === event.details.schedule.startsAt && e.status === GuildScheduledEventStatus.Scheduled)
    const created =
      mine !== undefined
        ? yield* attempt(() => mine.edit(fields))
        : yield* attempt(() => guild.scheduledEvents.create({ ...fields, privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly, entityType: GuildScheduledEventEntityType.External }))
    yield* record(created.id)
    return sent(`Discord event created for ${discordTimestamp(event.details.schedule.startsAt, "F")} at ${fields.entityMetadata.location}.`)
  }).pipe(Effect.catchAll((error) => Effect.succeed(isDiscordCode(error, RESTJSONErrorCodes.MissingPermissions) ? giveUp(MISSING_CREATE_EVENTS) : classify(error, EVENTS_FIX))))

export const deliverScheduledEvent = (client: Client, database: DatabaseService, row: OutboxRow, scheduled: Extract<FollowUp, { _tag: "ScheduledEvent" }>) =>
  withEvent(database, row, scheduled.eventId, (event) => placeScheduledEvent(client, database, event).pipe(Effect.tap(completeIfDone(database, row, event))))

export const deliverCancellationNotice = (client: Client, database: DatabaseService, row: OutboxRow, notice: Extract<FollowUp, { _tag: "CancellationNotice" }>) =>
  withEvent(database, row, notice.eventId, (event) => {
    const channelId = event.details.rolesAndChannels.publishChannelId
    return attempt(async () =>
      (await postableChannel(client, channelId)).send({
        content: `❌ **${event.details.details.title}** on ${discordTimestamp(event.details.schedule.startsAt, "F")} has been cancelled.`,
        allowedMentions: { parse: [] },
        nonce: nonceFor(row.id),
        enforceNonce: true,
      }),
    ).pipe(
      Effect.as(sent(`Members were told in ${channelMention(channelId)}.`)),
      Effect.catchAll((error) => Effect.succeed(classify(error, `Pitboard couldn't post the notice in ${channelMention(channelId)}; tell members yourself`))),
    )
  })
