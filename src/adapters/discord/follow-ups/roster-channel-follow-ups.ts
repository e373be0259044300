/**
 * The event's roster channel: the live grid (one message per event, edited in place) and the
 * check-in reminder pings. The grid is rendered from the entry list as stored when it is
 * delivered; its row waits a couple of seconds after a change (see `dueDelayOf`), and one waiting
 * row per event is enough, so a burst of check-ins becomes one edit.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { RESTJSONErrorCodes, type Client } from "discord.js"
import type { FollowUp } from "../../../domain/follow-up-kinds.js"
import { readEntryList } from "../../../app/race-night/entries.js"
import { raceEventWindow } from "../../../domain/race-night/check-in.js"
import { Database, type DatabaseService } from "../../sqlite/database.js"
import { readEvent } from "../../sqlite/repositories/events.js"
import type { OutboxRow } from "../../sqlite/repositories/outbox.js"
import { setGridMessage } from "../../sqlite/repositories/participants.js"
import { renderLiveGrid } from "../race-night/live-grid-view.js"
import { reminderMessages } from "../race-night/live-grid-reminders-view.js"
import { nonceFor } from "./announcement-follow-ups.js"
import { rosterChannelOf } from "./member-follow-ups.js"
import { classify, giveUp, isDiscordCode, postableChannel, sent, type Delivery } from "./follow-up-outcome.js"

const attempt = <A>(call: () => Promise<A>) => Effect.tryPromise({ try: call, catch: (error) => error })
const ROSTER_FIX = "Give Pitboard View Channel, Send Messages and Embed Links in the event's roster channel"

export const deliverLiveGrid = (client: Client, database: DatabaseService, row: OutboxRow, grid: Extract<FollowUp, { _tag: "LiveGrid" }>): Effect.Effect<Delivery> =>
  Effect.gen(function* () {
    const loaded = yield* readEntryList(row.guildId, grid.eventId).pipe(Effect.provideService(Database, database))
    const event = loaded.stored
    const cancelled = event.status === "cancelled"
    // A cancelled event without a grid message needs none: there is no race to line up for.
    if (cancelled && event.gridMessageId === null) return sent(null)
    const payload = renderLiveGrid({ title: event.details.details.title, list: loaded.list, now: yield* Clock.currentTimeMillis, cancelled })
    const channelId = rosterChannelOf(event)
    const previous = event.gridMessageId !== null && event.gridChannelId !== null ? { channelId: event.gridChannelId, messageId: event.gridMessageId } : null
    if (previous !== null && previous.channelId === channelId) {
      const edited = yield* attempt(async () => (await postableChannel(client, channelId)).messages.edit(previous.messageId, payload)).pipe(
        Effect.as(true),
        // Deleted by a moderator: post a new one below.
        Effect.catchIf((error) => isDiscordCode(error, RESTJSONErrorCodes.UnknownMessage), () => Effect.succeed(false)),
      )
      if (edited) return sent("live grid updated")
    }
    if (cancelled) return sent(null)
    const message = yield* attempt(async () => (await postableChannel(client, channelId)).send({ ...payload, nonce: nonceFor(row.id), enforceNonce: true }))
    yield* database.transaction("live-grid.save", (db) => setGridMessage(db, row.guildId, grid.eventId, channelId, message.id))
    // The roster channel changed (through /event manage): the old message would show a stale grid.
    if (previous !== null && previous.channelId !== channelId) {
      yield* attempt(async () => (await postableChannel(client, previous.channelId)).messages.delete(previous.messageId)).pipe(Effect.ignore)
    }
    return sent("live grid posted")
  }).pipe(Effect.catchAll((error) => Effect.succeed(error !== null && typeof error === "object" && "_tag" in error && error._tag === "Refusal" ? giveUp("the event no longer exists") : classify(error, ROSTER_FIX))))

/** The ping of grid drivers who have not checked in: as many messages as Discord's limits need, each pinging only whom it names. */
export const deliverReminderPing = (client: Client, database: DatabaseService, row: OutboxRow, ping: Extract<FollowUp, { _tag: "ReminderPing" }>): Effect.Effect<Delivery> =>
  Effect.gen(function* () {
    const event = yield* database.query("events.read", (db) => readEvent(db, row.guildId, ping.eventId))
    if (event === undefined) return giveUp("the event no longer exists")
    const reminder = { kind: ping.kind, event, window: raceEventWindow({ details: event.details, settings: event.raceSettings }), memberIds: ping.memberIds, dmMemberIds: [] }
    const channel = yield* attempt(() => postableChannel(client, rosterChannelOf(event)))
    for (const [index, message] of reminderMessages(reminder).entries()) {
      yield* attempt(() => channel.send({ content: message.content, allowedMentions: { users: [...message.allowedMentions.users] }, nonce: nonceFor(row.id, index), enforceNonce: true }))
    }
    return sent(`${ping.memberIds.length} driver(s) pinged`)
  }).pipe(Effect.catchAll((error) => Effect.succeed(classify(error, ROSTER_FIX))))
