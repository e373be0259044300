/**
 * The live grid: one message per event in its roster channel, edited in place on every change.
 *
 * Changes come in bursts (a dozen check-ins in the last minutes, the no-shows and promotions of
 * closing), and Discord allows a channel only a few edits per second. So `refresh` only marks the
 * event dirty; one worker per event waits `debounce`, renders the list as it is *then*, edits, and
 * goes round again if more changes arrived meanwhile. That is at most one edit in flight and one
 * edit per `debounce` per event, and a change is shown at most about one `debounce` late.
 *
 * What is shown is read from the database at edit time, never carried in memory, so a restart
 * loses nothing: the next refresh edits the same message (its id is stored with the event).
 */
import { sendableChannel } from "./channel-access.js"
import { DiscordAPIError, RESTJSONErrorCodes, type Client } from "discord.js"
import { Clock, Duration, Effect, Fiber, Layer } from "effect"
import { readEntryList } from "../../app/race-night/entries.js"
import { LiveGrid } from "../../app/race-night/ports.js"
import { Database, type DatabaseService } from "../sqlite/database.js"
import { setGridMessage } from "../sqlite/repositories/participants.js"
import { DiscordClient } from "./client.js"
import { rosterChannelOf } from "./race-night-notifier.js"
import { renderLiveGrid } from "./views/live-grid.js"

export const DEFAULT_GRID_DEBOUNCE: Duration.DurationInput = "2 seconds"

export interface LiveGridOptions {
  /** How long changes are gathered before one edit; tests shorten it. */
  readonly debounce?: Duration.DurationInput
}

type Payload = ReturnType<typeof renderLiveGrid>

/** False when the message is gone (deleted by a moderator): the caller posts a new one. */
const editGrid = (client: Client, channelId: string, messageId: string, payload: Payload) =>
  Effect.tryPromise(async () => {
    await (await sendableChannel(client, channelId)).messages.edit(messageId, payload)
    return true
  }).pipe(
    Effect.catchIf(
      (error) => error.error instanceof DiscordAPIError && error.error.code === RESTJSONErrorCodes.UnknownMessage,
      () => Effect.succeed(false),
    ),
  )

const postGrid = (client: Client, channelId: string, payload: Payload) =>
  Effect.tryPromise(async () => (await (await sendableChannel(client, channelId)).send(payload)).id)

/** Renders the list as stored now, and edits (or first posts) the event's grid message. */
const publishGrid = (client: Client, database: DatabaseService, guildId: string, eventId: string) =>
  Effect.gen(function* () {
    const loaded = yield* readEntryList(guildId, eventId)
    const event = loaded.stored
    const cancelled = event.status === "cancelled"
    // A cancelled event without a grid message needs none: there is no race to line up for.
    if (cancelled && event.gridMessageId === null) return
    const payload = renderLiveGrid({ title: event.details.details.title, list: loaded.list, now: yield* Clock.currentTimeMillis, cancelled })
    const channelId = rosterChannelOf(event)
    const previous = event.gridMessageId !== null && event.gridChannelId !== null ? { channelId: event.gridChannelId, messageId: event.gridMessageId } : null
    if (previous !== null && previous.channelId === channelId && (yield* editGrid(client, channelId, previous.messageId, payload))) return
    if (cancelled) return
    const messageId = yield* postGrid(client, channelId, payload)
    yield* database.query("live-grid.save", (db) => setGridMessage(db, guildId, eventId, channelId, messageId))
    // The roster channel changed (through /event manage): the old message would show a stale grid.
    if (previous !== null && previous.channelId !== channelId) {
      yield* Effect.tryPromise(async () => (await sendableChannel(client, previous.channelId)).messages.delete(previous.messageId)).pipe(Effect.ignore)
    }
  }).pipe(
    Effect.catchAllCause((cause) => Effect.logWarning("could not update the live grid message", cause)),
    Effect.annotateLogs({ guildId, eventId }),
    Effect.withSpan("LiveGrid.publish"),
  )

interface Slot {
  readonly guildId: string
  readonly eventId: string
  /** A change arrived that the next edit must show. */
  pending: boolean
  fiber?: Fiber.RuntimeFiber<void>
}

export const LiveGridLive = (options: LiveGridOptions = {}) =>
  Layer.scoped(
    LiveGrid,
    Effect.gen(function* () {
      const client = yield* DiscordClient
      const database = yield* Database
      const debounce = Duration.decode(options.debounce ?? DEFAULT_GRID_DEBOUNCE)
      const slots = new Map<string, Slot>()
      // Uninterruptible: a message posted but not yet recorded would be posted twice.
      const publish = (slot: Slot) => publishGrid(client, database, slot.guildId, slot.eventId).pipe(Effect.provideService(Database, database), Effect.uninterruptible)

      const worker = (key: string, slot: Slot) =>
        Effect.gen(function* () {
          for (;;) {
            yield* Effect.sleep(debounce)
            slot.pending = false
            yield* publish(slot)
            // No yield between this check and the delete: a refresh either sees the slot or starts a new one.
            if (!slot.pending) {
              slots.delete(key)
              return
            }
          }
        })

      // On shutdown, changes still waiting out their debounce are shown now rather than lost until the next change.
      yield* Effect.addFinalizer(() =>
        Effect.gen(function* () {
          const waiting = [...slots.values()]
          yield* Effect.forEach(waiting, (slot) => (slot.fiber === undefined ? Effect.void : Fiber.interrupt(slot.fiber)), { discard: true })
          yield* Effect.forEach(
            waiting.filter((slot) => slot.pending),
            publish,
            { discard: true },
          ).pipe(Effect.timeout("10 seconds"), Effect.ignore)
          slots.clear()
        }),
      )

      return {
        refresh: (guildId: string, eventId: string) =>
          Effect.suspend(() => {
            const key = `${guildId}/${eventId}`
            const existing = slots.get(key)
            if (existing !== undefined) {
              existing.pending = true
              return Effect.void
            }
            const slot: Slot = { guildId, eventId, pending: true }
            slots.set(key, slot)
            // Interruptible even when refreshed from an uninterruptible trigger, so a shutdown can cut its wait short.
            return Effect.forkDaemon(Effect.interruptible(worker(key, slot))).pipe(
              Effect.tap((fiber) => {
                slot.fiber = fiber
              }),
              Effect.asVoid,
            )
          }),
      }
    }),
  )
