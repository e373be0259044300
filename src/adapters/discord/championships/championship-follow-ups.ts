/**
 * Championship follow-ups on Discord: the standings posted to the announcement channel after
 * results arrive (read as stored when sent, so a late post shows the latest table), and the DM
 * telling a driver about a penalty.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { Client } from "discord.js"
import type { FollowUp } from "../../../domain/follow-up-kinds.js"
import { loadTable } from "../../../app/championships/standings-use-cases.js"
import type { DatabaseService } from "../../sqlite/database.js"
import { readGuildSettings } from "../../sqlite/repositories/guild-settings.js"
import type { OutboxRow } from "../../sqlite/repositories/outbox.js"
import { nonceFor } from "../follow-ups/announcement-follow-ups.js"
import { classify, postableChannel, sent, type Delivery } from "../follow-ups/follow-up-outcome.js"
import { standingsEmbed } from "./standings-view.js"
import { standingsPicture } from "./standings-picture.js"
import type { StandingsPictures } from "./standings-pictures.js"
import { standingsFiles, withPicture } from "./results-views.js"

const CHANNEL_FIX = "Give Pitboard View Channel and Send Messages in the announcement channel, or pick another in /setup"

/**
 * The table as an embed with its picture, as /championship standings shows it. A picture that
 * cannot be drawn (the worker failed) leaves the embed alone rather than holding the post back.
 */
export const deliverStandings = (
  client: Client,
  database: DatabaseService,
  pictures: Option.Option<StandingsPictures["Type"]>,
  row: OutboxRow,
  posted: Extract<FollowUp, { _tag: "StandingsPosted" }>,
): Effect.Effect<Delivery> =>
  Effect.gen(function* () {
    const [settings, table] = yield* database.query("championships.standings-post", (db) => Promise.all([readGuildSettings(db, row.guildId), loadTable(db, row.guildId, posted.championshipId)]))
    if (settings.announcementChannelId === undefined) return sent("no announcement channel is set")
    if (table === undefined) return sent("the championship no longer exists")
    const channelId = settings.announcementChannelId
    const png = Option.isSome(pictures) ? Option.getOrUndefined(yield* Effect.option(pictures.value.png(standingsPicture(table)))) : undefined
    return yield* Effect.tryPromise({
      try: async () => {
        const channel = await postableChannel(client, channelId)
        await channel.send({
          embeds: [withPicture(standingsEmbed(table, "Standings updated"), png)],
          files: standingsFiles(png, table),
          allowedMentions: { parse: [] },
          nonce: nonceFor(row.id),
          enforceNonce: true,
        })
      },
      catch: (error) => error,
    }).pipe(
      Effect.as(sent(`standings posted in <#${channelId}>`)),
      Effect.catchAll((error) => Effect.succeed(classify(error, CHANNEL_FIX))),
    )
  }).pipe(Effect.catchAll((error) => Effect.succeed(classify(error))))

export const penaltyText = (notice: Extract<FollowUp, { _tag: "PenaltyNotice" }>): string =>
  notice.withdrawn
    ? `The stewards of **${notice.championship}** withdrew your ${notice.penalty}${notice.round === null ? "" : ` (${notice.round})`}.`
    : `The stewards of **${notice.championship}** gave you a ${notice.penalty}${notice.round === null ? "" : ` in ${notice.round}`}. Reason: ${notice.reason}`

export const deliverPenaltyNotice = (client: Client, row: OutboxRow, notice: Extract<FollowUp, { _tag: "PenaltyNotice" }>): Effect.Effect<Delivery> =>
  Effect.tryPromise({
    try: () => client.users.send(notice.memberId, { content: penaltyText(notice).slice(0, 2000), allowedMentions: { parse: [] }, nonce: nonceFor(row.id), enforceNonce: true }),
    catch: (error) => error,
  }).pipe(
    Effect.as(sent("sent by DM")),
    Effect.catchAll((error) => Effect.succeed(classify(error, "The driver can read the penalty in /championship standings"))),
  )
