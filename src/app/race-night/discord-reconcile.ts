/**
 * Reconciliation: Discord made to match the store for what Pitboard manages, at start-up and every
 * few minutes while events are upcoming. The outbox delivers every change, but a role an admin took
 * by hand, a grid message a moderator deleted or a follow-up given up while Discord was down would
 * otherwise stay wrong until the next change.
 *
 * Each upcoming event's driver role is compared with its grid among everyone who ever registered
 * (without the privileged Server Members intent Pitboard cannot list other holders of a role), and
 * the differences go out through the outbox; the live grid (and, at start-up, the card) is shown
 * again from the stored entry list.
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import { inGuild } from "../../adapters/sqlite/database.js"
import { enqueueFollowUps, markRoleChanges, membersWithWaitingRoleChanges } from "../../adapters/sqlite/repositories/outbox.js"
import { readUnfinishedEvents } from "../../adapters/sqlite/repositories/events.js"
import { driverRoleChanges } from "../../machines/race-night/driver-roles.js"
import { wakeFollowUps } from "../follow-ups.js"
import { type FollowUp } from "../../domain/follow-up-kinds.js"
import { readQuery, writeTransaction } from "../transaction.js"
import { loadEntryList } from "./entries.js"

export class MemberRoles extends Context.Tag("pitboard/MemberRoles")<
  MemberRoles,
  {
    /** Whether this process is the one serving that server (with SHARD_IDS, others serve the rest). */
    readonly serves: (guildId: string) => boolean
    /** Whether each of these members holds the role now; a member Discord no longer knows is left out. */
    readonly holding: (guildId: string, roleId: string, memberIds: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, boolean>, unknown>
  }
>() {}

export interface Reconciled {
  readonly eventId: string
  readonly given: number
  readonly taken: number
}

/** One event: Discord's roles first, then the entry list and the fix in one transaction, so a change meanwhile is never undone. */
const reconcileEvent = (guildId: string, eventId: string, roleId: string, memberIds: ReadonlyArray<string>, withCard: boolean) =>
  Effect.gen(function* () {
    // In a transaction of the server: on PostgreSQL ids are given at insert, not at commit, so the
    // mark waits for this server's transactions still writing (their rows then fall before it).
    const asked = yield* writeTransaction("race-night.reconcile-mark", (trx) => markRoleChanges(trx, guildId, memberIds))
    const roles = yield* Effect.flatMap(MemberRoles, (memberRoles) => memberRoles.holding(guildId, roleId, memberIds))
    const now = yield* Clock.currentTimeMillis
    return yield* writeTransaction("race-night.reconcile", async (trx): Promise<Reconciled> => {
      const loaded = await loadEntryList(trx, guildId, eventId)
      if (loaded === undefined || loaded.stored.status !== "published") return { eventId, given: 0, taken: 0 }
      // A member who registered after Discord was asked is not judged this time round, nor one whose
      // role change still waits in the outbox (Discord has not seen it yet) or went out while Discord
      // was being asked (the follow-up worker runs beside this, in this process or another).
      const waiting = await membersWithWaitingRoleChanges(trx, guildId, memberIds, asked)
      const changes = driverRoleChanges(loaded.list, (memberId) => (waiting.has(memberId) ? undefined : roles.get(memberId)))
      const ids = { guildId, eventId }
      const followUps: ReadonlyArray<FollowUp> = [
        ...changes.map((change): FollowUp => ({ _tag: "DriverRole", ...ids, memberId: change.memberId, roleId: loaded.stored.details.rolesAndChannels.driverRoleId, give: change.give })),
        { _tag: "LiveGrid", ...ids },
        ...(withCard ? [{ _tag: "EventCard", ...ids } as const] : []),
      ]
      await enqueueFollowUps(trx, followUps, now)
      return { eventId, given: changes.filter((c) => c.give).length, taken: changes.filter((c) => !c.give).length }
    })
  })

/**
 * Every published event that has not finished, of the servers this process serves (another
 * process, running their shards, reconciles the rest); a failure with one is logged and the
 * others go on. `cardsOfEventsBefore`: the cards of events created before then are shown again
 * too (at start-up, those a crash may have left behind; an event published since has its card on
 * its way already).
 */
export const reconcileUpcoming = (options: { readonly cardsOfEventsBefore: number | null }) =>
  Effect.gen(function* () {
    const memberRoles = yield* MemberRoles
    const now = yield* Clock.currentTimeMillis
    const events = yield* readQuery("race-night.reconcile-events", (db) => readUnfinishedEvents(db, now))
    const results: Reconciled[] = []
    for (const event of events) {
      if (!memberRoles.serves(event.guildId)) continue
      const participants = yield* readQuery("race-night.reconcile-list", (db) => loadEntryList(db, event.guildId, event.id))
      const memberIds = participants?.list.participants.map((p) => p.context.memberId) ?? []
      const result = yield* reconcileEvent(event.guildId, event.id, event.details.rolesAndChannels.driverRoleId, memberIds, options.cardsOfEventsBefore !== null && event.createdAt < options.cardsOfEventsBefore).pipe(
        inGuild(event.guildId),
        Effect.tap((r) =>
          r.given + r.taken > 0 ? Effect.logWarning(`the driver role was out of step with the grid: giving it to ${r.given}, taking it from ${r.taken}`) : Effect.void,
        ),
        Effect.catchAllCause((cause) => Effect.logWarning("could not reconcile an event with Discord; trying again at the next round", cause).pipe(Effect.as(undefined))),
        Effect.annotateLogs({ guildId: event.guildId, eventId: event.id }),
      )
      if (result !== undefined) results.push(result)
    }
    if (results.length > 0) yield* wakeFollowUps
    return results as ReadonlyArray<Reconciled>
  })

export const DEFAULT_RECONCILE_INTERVAL: Duration.DurationInput = "10 minutes"

/** At start-up (cards too: a crash may have left one behind) and then every `every` (roles and the live grid). */
export const ReconcileLive = (every: Duration.DurationInput = DEFAULT_RECONCILE_INTERVAL) =>
  Layer.scopedDiscard(
    Effect.gen(function* () {
      const startedAt = yield* Clock.currentTimeMillis
      yield* reconcileUpcoming({ cardsOfEventsBefore: startedAt }).pipe(Effect.catchAllCause((cause) => Effect.logWarning("start-up reconciliation failed", cause)))
      yield* reconcileUpcoming({ cardsOfEventsBefore: null }).pipe(
        Effect.catchAllCause((cause) => Effect.logWarning("reconciliation failed", cause)),
        Effect.delay(every),
        Effect.repeat(Schedule.forever),
      )
    }).pipe(Effect.forkScoped),
  )
