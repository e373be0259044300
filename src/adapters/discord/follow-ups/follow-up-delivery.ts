/** The follow-up worker on Discord: which deliverer sends which follow-up, as one Effect layer. */
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type { Client } from "discord.js"
import { FollowUps } from "../../../app/follow-ups.js"
import { Database, type DatabaseService } from "../../sqlite/database.js"
import type { OutboxRow } from "../../sqlite/repositories/outbox.js"
import { DiscordClient } from "../discord-client.js"
import { deliverAnnouncement, deliverSyncSummary } from "./announcement-follow-ups.js"
import { deliverCancellationNotice, deliverEventCard, deliverScheduledEvent } from "./event-follow-ups.js"
import { deliverDriverRole, deliverNotice, deliverReminderDm } from "./member-follow-ups.js"
import type { Delivery } from "./follow-up-outcome.js"
import { deliverLiveGrid, deliverReminderPing } from "./roster-channel-follow-ups.js"
import { deliverPenaltyNotice, deliverStandings } from "../championships/championship-follow-ups.js"
import { makeFollowUpWorker, type WorkerOptions } from "./follow-up-worker.js"
import { StandingsPictures } from "../championships/standings-pictures.js"

export interface DeliveryOptions extends WorkerOptions {
  /** The live grid waits this long before it reads the entry list, so a burst of changes is one edit. */
  readonly liveGridDebounce?: Duration.DurationInput
}

export const DEFAULT_GRID_DEBOUNCE: Duration.DurationInput = "2 seconds"

export const deliverFollowUp =
  (client: Client, database: DatabaseService, options: DeliveryOptions = {}, standingsPictures: Option.Option<StandingsPictures["Type"]> = Option.none()) =>
  (row: OutboxRow): Effect.Effect<Delivery> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const followUp = row.followUp
      switch (followUp._tag) {
        case "Announce":
          return deliverAnnouncement(client, database, row, followUp.announcement, now)
        case "SyncSummary":
          return deliverSyncSummary(client, database, row, followUp)
        case "DriverRole":
          return deliverDriverRole(client, row, followUp)
        case "TellMember":
          return deliverNotice(client, database, row, followUp)
        case "ReminderDm":
          return deliverReminderDm(client, database, row, followUp)
        case "ReminderPing":
          return deliverReminderPing(client, database, row, followUp)
        case "EventCard":
          return deliverEventCard(client, database, row, followUp)
        case "ScheduledEvent":
          return deliverScheduledEvent(client, database, row, followUp)
        case "CancellationNotice":
          return deliverCancellationNotice(client, database, row, followUp)
        case "LiveGrid":
          return Effect.zipRight(Effect.sleep(options.liveGridDebounce ?? DEFAULT_GRID_DEBOUNCE), deliverLiveGrid(client, database, row, followUp))
        case "StandingsPosted":
          return deliverStandings(client, database, standingsPictures, row, followUp)
        case "PenaltyNotice":
          return deliverPenaltyNotice(client, row, followUp)
      }
    })

export const FollowUpsLive = (options: DeliveryOptions = {}) =>
  Layer.scoped(
    FollowUps,
    Effect.gen(function* () {
      const client = yield* DiscordClient
      const database = yield* Database
      // Optional: a bot built without the pictures (some tests) posts the standings as an embed alone.
      const standingsPictures = yield* Effect.serviceOption(StandingsPictures)
      return yield* makeFollowUpWorker(database, deliverFollowUp(client, database, options, standingsPictures), options)
    }),
  )
