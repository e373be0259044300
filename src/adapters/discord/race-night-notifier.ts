/**
 * Race night's effects on Discord, after the change is committed: the driver role follows the
 * grid, and members other than the one acting are told what happened to them. Nothing here can
 * undo the stored change, so every failure is logged (and a role failure audited, with what the
 * admin must fix) and the next effect still runs. Never fails.
 */
import { describeError, discordErrorCode, sendableChannel } from "./channel-access.js"
import { RESTJSONErrorCodes, roleMention, userMention, type Client } from "discord.js"
import { Clock, Effect, Layer } from "effect"
import { RaceNightNotifier } from "../../app/race-night/ports.js"
import { SYSTEM_ACTOR, type RaceNightEffect } from "../../machines/entry-list/entry-list.js"
import { Database, type DatabaseService } from "../sqlite/database.js"
import { appendAudit } from "../sqlite/repositories/audit-log.js"
import type { StoredEvent } from "../sqlite/repositories/events.js"
import { DiscordClient } from "./client.js"
import { noticeEventOf, noticeText } from "./views/race-notices.js"

/** Keeps Discord's own error (its code says what to fix) rather than Effect's wrapper around it. */
const discord = <A>(call: () => Promise<A>) => Effect.tryPromise({ try: call, catch: (error) => error })

/** The fix in words, for the log and the audit entry an admin will read. */
const roleFix = (roleId: string, error: unknown): string =>
  discordErrorCode(error) === RESTJSONErrorCodes.MissingPermissions
    ? `Give the Pitboard role the Manage Roles permission and drag it above ${roleMention(roleId)} in Server Settings → Roles; Discord lets a bot manage only roles below its own.`
    : discordErrorCode(error) === RESTJSONErrorCodes.UnknownRole
      ? `The driver role ${roleMention(roleId)} no longer exists; pick another with /event manage → Edit.`
      : `Discord refused the change (${describeError(error)}); check the member is still in the server.`

/** The roster channel, or the publish channel when the event has none: where members look on race night. */
export const rosterChannelOf = (event: StoredEvent): string => event.details.rolesAndChannels.rosterChannelId ?? event.details.rolesAndChannels.publishChannelId

/**
 * A DM to the member; when their DMs are closed (50007) or the DM fails otherwise, a mention in the
 * roster channel that pings only them. True when either reached them.
 */
export const tellMember = (client: Client, event: StoredEvent, memberId: string, text: string) =>
  discord(() => client.users.send(memberId, { content: text.slice(0, 2000), allowedMentions: { parse: [] } })).pipe(
    Effect.as(true),
    Effect.catchAll((dmError) =>
      Effect.gen(function* () {
        const channelId = rosterChannelOf(event)
        yield* Effect.logInfo(discordErrorCode(dmError) === RESTJSONErrorCodes.CannotSendMessagesToThisUser ? "member's DMs are closed; mentioning them instead" : "DM failed; mentioning the member instead", {
          memberId,
          channelId,
          error: describeError(dmError),
        })
        return yield* discord(async () => {
          const channel = await sendableChannel(client, channelId)
          await channel.send({ content: `${userMention(memberId)} ${text}`.slice(0, 2000), allowedMentions: { users: [memberId] } })
          return true
        })
      }),
    ),
    Effect.catchAll((error) => Effect.logWarning("could not tell a member by DM or in the roster channel", { memberId, error: describeError(error) }).pipe(Effect.as(false))),
  )

const changeRole = (client: Client, database: DatabaseService, event: StoredEvent, memberId: string, give: boolean) => {
  const roleId = event.details.rolesAndChannels.driverRoleId
  const reason = `Pitboard: ${give ? "joined" : "left"} the grid of ${event.details.details.title}`.slice(0, 512)
  return discord(async () => {
    const guild = client.guilds.cache.get(event.guildId) ?? (await client.guilds.fetch(event.guildId))
    await (give ? guild.members.addRole({ user: memberId, role: roleId, reason }) : guild.members.removeRole({ user: memberId, role: roleId, reason }))
  }).pipe(
    Effect.catchAll((error) =>
      Effect.gen(function* () {
        const fix = roleFix(roleId, error)
        yield* Effect.logWarning(`could not ${give ? "give" : "take"} the driver role: ${fix}`, { memberId, roleId, eventId: event.id, error: describeError(error) })
        const at = yield* Clock.currentTimeMillis
        yield* database
          .query("race-night.role-failed", (db) =>
            appendAudit(db, { guildId: event.guildId, actorId: SYSTEM_ACTOR, action: "event.entrants.role-failed", subject: memberId, details: { eventId: event.id, roleId, give, fix }, at }),
          )
          .pipe(Effect.catchAll((auditError) => Effect.logWarning("could not audit a driver-role failure", auditError)))
      }),
    ),
  )
}

const applyEffect = (client: Client, database: DatabaseService, event: StoredEvent, actorId: string, effect: RaceNightEffect) => {
  switch (effect._tag) {
    case "GiveDriverRole":
    case "TakeDriverRole":
      return changeRole(client, database, event, effect.memberId, effect._tag === "GiveDriverRole")
    case "Notify":
      // The acting member reads their own notice as the reply to what they pressed.
      return effect.memberId === actorId ? Effect.void : tellMember(client, event, effect.memberId, noticeText(effect.notice, noticeEventOf(event)))
    default:
      return Effect.void
  }
}

export const RaceNightNotifierLive = Layer.effect(
  RaceNightNotifier,
  Effect.gen(function* () {
    const client = yield* DiscordClient
    const database = yield* Database
    return {
      apply: (event: StoredEvent, actorId: string, effects: ReadonlyArray<RaceNightEffect>) =>
        Effect.forEach(effects, (effect) => applyEffect(client, database, event, actorId, effect), { discard: true }).pipe(
          Effect.catchAllCause((cause) => Effect.logError("race-night notifier failed", cause)),
          Effect.annotateLogs({ guildId: event.guildId, eventId: event.id }),
          Effect.withSpan("RaceNight.notify"),
        ),
    }
  }),
)
