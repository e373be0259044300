/**
 * Race night's follow-ups for one member: the driver role follows the grid, notices go by DM (or,
 * when DMs are closed, as a mention in the event's roster channel that pings only them), and
 * check-in reminders go by DM to drivers who did not turn them off.
 */
import { RESTJSONErrorCodes, roleMention, Routes, userMention, type Client } from "discord.js"
import * as Effect from "effect/Effect"
import type { FollowUp } from "../../../domain/follow-up-kinds.js"
import { raceEventWindow } from "../../../domain/race-night/check-in.js"
import type { DatabaseService } from "../../sqlite/database.js"
import { readEvent } from "../../sqlite/repositories/events.js"
import type { OutboxRow } from "../../sqlite/repositories/outbox.js"
import { describeError } from "../channel-access.js"
import { reminderDm } from "../race-night/live-grid-reminders-view.js"
import { noticeEventOf, noticeText } from "../race-night/race-notices-view.js"
import { nonceFor } from "./announcement-follow-ups.js"
import { classify, giveUp, isDiscordCode, postableChannel, sent, type Delivery } from "./follow-up-outcome.js"
import type { StoredEvent } from "../../../domain/events/event.js"

/** The roster channel, or the publish channel when the event has none: where members look on race night. */
export const rosterChannelOf = (event: StoredEvent): string => event.details.rolesAndChannels.rosterChannelId ?? event.details.rolesAndChannels.publishChannelId

const attempt = <A>(call: () => Promise<A>) => Effect.tryPromise({ try: call, catch: (error) => error })

const withEvent = (database: DatabaseService, row: OutboxRow, eventId: string, use: (event: StoredEvent) => Effect.Effect<Delivery>) =>
  database.query("events.read", (db) => readEvent(db, row.guildId, eventId)).pipe(
    Effect.flatMap((event) => (event === undefined ? Effect.succeed(giveUp("the event no longer exists")) : use(event))),
    Effect.catchAll((error) => Effect.succeed(classify(error))),
  )

/** The fix in words, for the audit entry an admin will read. */
const roleFix = (roleId: string, error: unknown): string =>
  isDiscordCode(error, RESTJSONErrorCodes.MissingPermissions)
    ? `Give the Pitboard role the Manage Roles permission and drag it above ${roleMention(roleId)} in Server Settings → Roles; Discord lets a bot manage only roles below its own.`
    : isDiscordCode(error, RESTJSONErrorCodes.UnknownRole)
      ? `The driver role ${roleMention(roleId)} no longer exists; pick another with /event manage → Edit.`
      : `Discord refused the change (${describeError(error)}); check the member is still in the server.`

/** Adding a role a member has, or removing one they lack, changes nothing: safe to repeat after a crash. */
export const deliverDriverRole = (client: Client, row: OutboxRow, role: Extract<FollowUp, { _tag: "DriverRole" }>): Effect.Effect<Delivery> => {
  const reason = `Pitboard: ${role.give ? "joined" : "left"} the grid`
  return attempt(() =>
    role.give
      ? client.rest.put(Routes.guildMemberRole(row.guildId, role.memberId, role.roleId), { reason })
      : client.rest.delete(Routes.guildMemberRole(row.guildId, role.memberId, role.roleId), { reason }),
  ).pipe(
    Effect.as(sent(`${role.give ? "gave" : "took"} ${roleMention(role.roleId)} ${role.give ? "to" : "from"} ${userMention(role.memberId)}`)),
    Effect.catchAll((error) => {
      const delivery = classify(error)
      if (delivery._tag !== "GiveUp") return Effect.succeed(delivery)
      const fix = roleFix(role.roleId, error)
      return Effect.succeed<Delivery>({
        _tag: "GiveUp",
        reason: `could not ${role.give ? "give" : "take"} the driver role: ${fix}`,
        audit: { action: "event.entrants.role-failed", subject: role.memberId, details: { eventId: role.eventId, roleId: role.roleId, give: role.give, fix } },
      })
    }),
  )
}

/**
 * A DM; when the member's DMs are closed (or the DM fails for good otherwise), a mention in the
 * roster channel. Both carry a nonce, so a repeat after a crash makes no second message.
 */
const tell = (client: Client, row: OutboxRow, event: StoredEvent, memberId: string, text: string) =>
  Effect.gen(function* () {
    const dm = yield* attempt(() => client.users.send(memberId, { content: text.slice(0, 2000), allowedMentions: { parse: [] }, nonce: nonceFor(row.id), enforceNonce: true })).pipe(
      Effect.as(sent("sent by DM")),
      Effect.catchAll((error) => Effect.succeed(classify(error))),
    )
    if (dm._tag !== "GiveUp") return dm
    const channelId = rosterChannelOf(event)
    yield* Effect.logInfo("could not DM the member; mentioning them in the roster channel instead", { memberId, channelId, reason: dm.reason })
    return yield* attempt(async () => {
      const channel = await postableChannel(client, channelId)
      await channel.send({ content: `${userMention(memberId)} ${text}`.slice(0, 2000), allowedMentions: { users: [memberId] }, nonce: nonceFor(row.id, 0), enforceNonce: true })
    }).pipe(
      Effect.as(sent(`DMs closed; mentioned in <#${channelId}>`)),
      Effect.catchAll((error) => Effect.succeed(classify(error, `Could not reach the member by DM (${dm.reason}) nor in <#${channelId}>; give Pitboard Send Messages there`))),
    )
  })

export const deliverNotice = (client: Client, database: DatabaseService, row: OutboxRow, notice: Extract<FollowUp, { _tag: "TellMember" }>) =>
  withEvent(database, row, notice.eventId, (event) => tell(client, row, event, notice.memberId, noticeText(notice.notice, noticeEventOf(event))))

/** A reminder DM only: the roster-channel ping already reached them, so closed DMs are fine. */
export const deliverReminderDm = (client: Client, database: DatabaseService, row: OutboxRow, reminder: Extract<FollowUp, { _tag: "ReminderDm" }>) =>
  withEvent(database, row, reminder.eventId, (event) => {
    const text = reminderDm({ kind: reminder.kind, event, window: raceEventWindow({ details: event.details, settings: event.raceSettings }), memberIds: [reminder.memberId], dmMemberIds: [reminder.memberId] })
    return attempt(() => client.users.send(reminder.memberId, { content: text, allowedMentions: { parse: [] }, nonce: nonceFor(row.id), enforceNonce: true })).pipe(
      Effect.as(sent("sent by DM")),
      Effect.catchAll((error) => {
        const delivery = classify(error)
        return Effect.succeed(delivery._tag === "GiveUp" ? sent(`not sent (${delivery.reason}); the roster channel ping reached them`) : delivery)
      }),
    )
  })
