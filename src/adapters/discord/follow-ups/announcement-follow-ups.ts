/**
 * The announcement channel: claims, releases, trades and sync summaries, posted without pinging
 * anyone (announcements inform, they don't summon). Lines waiting one behind the other go out as
 * one message, so a race-night burst of claims does not queue for minutes on the channel's rate
 * limit. Each message carries a nonce: sent again after a crash, Discord keeps one copy.
 */
import * as Effect from "effect/Effect"
import type { Client, MessageCreateOptions } from "discord.js"
import type { Announcement, FollowUp } from "../../../domain/follow-up-kinds.js"
import { storedSyncReport } from "../../../domain/roster/reconcile.js"
import type { DatabaseService } from "../../sqlite/database.js"
import { readGuildSettings } from "../../sqlite/repositories/guild-settings.js"
import { readFollowers, type OutboxRow } from "../../sqlite/repositories/outbox.js"
import { readSyncRun } from "../../sqlite/repositories/sync-runs.js"
import { announcementText, linesThatFit } from "./announcement-texts.js"
import { summaryEmbed } from "../iracing/sync-report-view.js"
import { classify, postableChannel, sent, type Delivery } from "./follow-up-outcome.js"

const BATCH = 40

/** A nonce Discord checks for a few minutes: the same rows sent again make no second message. */
export const nonceFor = (firstId: number, lastId: number = firstId): string => `pb${firstId}-${lastId}`.slice(0, 25)

const post = (client: Client, channelId: string, message: MessageCreateOptions, fix: string) =>
  Effect.tryPromise({
    try: async () => {
      const channel = await postableChannel(client, channelId)
      await channel.send({ ...message, allowedMentions: { parse: [] }, enforceNonce: true })
    },
    catch: (error) => error,
  }).pipe(
    Effect.as(sent()),
    Effect.catchAll((error) => Effect.succeed(classify(error, fix))),
  )

const CHANNEL_FIX = "Give Pitboard View Channel and Send Messages in the announcement channel, or pick another in /setup"

export const deliverAnnouncement = (client: Client, database: DatabaseService, row: OutboxRow, announcement: Announcement, now: number): Effect.Effect<Delivery> =>
  Effect.gen(function* () {
    // Followers first: a channel set between the two reads then posts them, rather than finishing them unposted.
    const followers = yield* database.query("outbox.followers", (db) => readFollowers(db, row, ["Announce"], now, BATCH))
    const settings = yield* database.query("settings.read", (db) => readGuildSettings(db, row.guildId))
    // Nowhere to post: the lines waiting behind are done with this one, as a posted message carries
    // them. One at a time, a burst of 1,000 claims kept the worker busy for seconds after it.
    if (settings.announcementChannelId === undefined) return sent("no announcement channel is set", followers.map((follower) => follower.id))
    const texts = [announcement, ...followers.map((f) => (f.followUp._tag === "Announce" ? f.followUp.announcement : announcement))].map(announcementText)
    const count = linesThatFit(texts)
    const carried = followers.slice(0, count - 1)
    const lastId = carried.at(-1)?.id ?? row.id
    const delivery = yield* post(client, settings.announcementChannelId, { content: texts.slice(0, count).join("\n").slice(0, 2000), nonce: nonceFor(row.id, lastId) }, CHANNEL_FIX)
    return delivery._tag === "Sent" ? sent(null, carried.map((f) => f.id)) : delivery
  }).pipe(Effect.catchAll((error) => Effect.succeed(classify(error))))

export const deliverSyncSummary = (client: Client, database: DatabaseService, row: OutboxRow, summary: Extract<FollowUp, { _tag: "SyncSummary" }>): Effect.Effect<Delivery> =>
  Effect.gen(function* () {
    const [settings, run] = yield* database.query("sync.summary", (db) => Promise.all([readGuildSettings(db, row.guildId), readSyncRun(db, row.guildId, summary.runId)]))
    if (settings.announcementChannelId === undefined) return sent("no announcement channel is set")
    if (run?.report === undefined) return sent("the sync's report is no longer stored")
    const embed = summaryEmbed({
      report: storedSyncReport(run.report),
      durationMs: run.finishedAt - run.startedAt,
      finishedAt: run.finishedAt,
      league: { leagueId: summary.leagueId, leagueName: summary.leagueName },
      rosterSize: summary.rosterSize,
    })
    return yield* post(client, settings.announcementChannelId, { embeds: [embed], nonce: nonceFor(row.id) }, CHANNEL_FIX)
  }).pipe(Effect.catchAll((error) => Effect.succeed(classify(error))))
