/**
 * Race night's clock: check-in opening, the reminder before it closes, closing, and the start.
 *
 * Nothing here keeps a timer that a restart could lose. Every check asks the database which
 * triggers of which events are due and not yet fired (domain/race-night/deadlines.ts), and fires
 * each in its own transaction that also records it in `fired_triggers` and writes what it makes
 * happen on Discord to the outbox. So a trigger fires exactly once however many checks or bots
 * run, one that fell due while the bot was down fires at the first check after start-up, and its
 * messages are delivered even if the bot stops right after the commit.
 *
 * Late reminders: the domain marks "check-in is open" and "15 minutes left" stale once check-in
 * has closed. Those are recorded and not sent; a reminder that is late but still before closing
 * (the bot was down at the opening) is sent, since it is still true and still useful.
 */
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import { Database, inGuild } from "../../adapters/sqlite/database.js"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"
import { recordFiredTrigger } from "../../adapters/sqlite/repositories/participants.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import type { Transaction } from "kysely"
import { raceEventWindow } from "../../domain/race-night/check-in.js"
import { type DueTrigger, type TriggerKind, dueTriggers, eventTriggers, sameTrigger, compareTriggers } from "../../domain/race-night/deadlines.js"
import { type Outcome, SYSTEM_ACTOR } from "../../machines/race-night/entry-list.js"
import { closeCheckIn } from "../../machines/race-night/organiser-actions.js"
import { writeTransaction } from "../transaction.js"
import { type LoadedEvent, loadEntryList, saveOutcome } from "./entries.js"
import { wakeFollowUps } from "../follow-ups.js"
import { type FollowUp } from "../../domain/follow-up-kinds.js"
import { followUpsOf } from "./entry-list-follow-ups.js"
import { planReminder, type Reminder } from "./reminders.js"
import { readScheduledEvents, type ScheduledEvent } from "./scheduler-store.js"

/** What a check did, for logs and tests. */
export interface FiredTrigger {
  readonly guildId: string
  readonly eventId: string
  readonly kind: TriggerKind
  readonly at: number
  readonly stale: boolean
  readonly firedAt: number
  readonly noShows: number
  readonly promoted: number
  readonly reminded: number
}

export const dueTriggersOf = (scheduled: ScheduledEvent, now: number): ReadonlyArray<DueTrigger> =>
  dueTriggers(eventTriggers(raceEventWindow({ details: scheduled.stored.details, settings: scheduled.settings })), scheduled.fired, now)

interface Committed {
  readonly loaded: LoadedEvent
  readonly outcome?: Outcome
  readonly reminder?: Reminder
}

const noShowsIn = (outcome: Outcome | undefined): number =>
  (outcome?.effects ?? []).filter((e) => e._tag === "Notify" && e.notice.kind === "no-show").length
const promotedIn = (outcome: Outcome | undefined): number => (outcome?.effects ?? []).filter((e) => e._tag === "Promoted").length

/** The reminder's follow-ups: one ping in the roster channel, and a DM to each driver who wants one. */
const reminderFollowUps = (reminder: Reminder): ReadonlyArray<FollowUp> => {
  if (reminder.memberIds.length === 0) return []
  const ids = { guildId: reminder.event.guildId, eventId: reminder.event.id, kind: reminder.kind }
  return [{ _tag: "ReminderPing", ...ids, memberIds: reminder.memberIds }, ...reminder.dmMemberIds.map((memberId): FollowUp => ({ _tag: "ReminderDm", ...ids, memberId }))]
}

/**
 * The trigger's work, its record and what it makes happen on Discord, in one transaction;
 * undefined when it is not (or no longer) ours to fire.
 */
const commitTrigger = (guildId: string, eventId: string, trigger: DueTrigger, now: number) =>
  writeTransaction("race-night.trigger", async (trx): Promise<Committed | undefined> => {
    const loaded = await loadEntryList(trx, guildId, eventId)
    if (loaded === undefined || loaded.event.status !== "published") return undefined
    // An admin may have moved the event since the scan: its old times are no longer triggers.
    if (!eventTriggers(loaded.list.window).some((t) => sameTrigger(t, trigger))) return undefined
    // False when another check (or another bot on the same file) fired it first.
    if (!(await recordFiredTrigger(trx, eventId, trigger, now))) return undefined
    const committed = await triggerWork(trx, loaded, trigger, now)
    // Every trigger changes what the grid message says (the phase line); the start makes it final.
    const followUps = [
      ...(committed.outcome === undefined ? [] : followUpsOf(loaded.stored, SYSTEM_ACTOR, committed.outcome)),
      ...(committed.reminder === undefined ? [] : reminderFollowUps(committed.reminder)),
      { _tag: "LiveGrid", guildId, eventId } as const,
    ]
    await enqueueFollowUps(trx, followUps, now)
    return committed
  })

const triggerWork = async (trx: Transaction<DB>, loaded: LoadedEvent, trigger: DueTrigger, now: number): Promise<Committed> => {
  const { guildId, id: eventId } = loaded.stored
  switch (trigger.kind) {
    case "checkin-close": {
      const outcome = closeCheckIn(loaded.list, { at: now })
      await saveOutcome(trx, guildId, outcome, now)
      await appendAudit(trx, {
        guildId,
        actorId: SYSTEM_ACTOR,
        action: "event.checkin.close",
        subject: eventId,
        details: { noShows: noShowsIn(outcome), promoted: promotedIn(outcome), due: trigger.at },
        at: now,
      })
      return { loaded, outcome }
    }
    case "checkin-open":
    case "reminder-before-close":
      return trigger.stale ? { loaded } : { loaded, reminder: await planReminder(trx, loaded.stored, loaded.list, trigger.kind) }
    case "event-start":
      return { loaded }
  }
}

const fireTrigger = (guildId: string, eventId: string, trigger: DueTrigger, now: number) =>
  Effect.gen(function* () {
    const committed = yield* commitTrigger(guildId, eventId, trigger, now)
    if (committed === undefined) return undefined
    yield* wakeFollowUps
    yield* Effect.logInfo(`race-night trigger ${trigger.kind} fired${trigger.stale ? " (stale: recorded, not announced)" : ""}`)
    const fired: FiredTrigger = {
      guildId,
      eventId,
      kind: trigger.kind,
      at: trigger.at,
      stale: trigger.stale,
      firedAt: now,
      noShows: noShowsIn(committed.outcome),
      promoted: promotedIn(committed.outcome),
      reminded: committed.reminder?.memberIds.length ?? 0,
    }
    return fired
  })

/**
 * One check: fires every due trigger of every published, unfinished event, oldest first. One
 * trigger's failure is logged and retried at the next check; it does not stop the others.
 */
export const runDueTriggers = Effect.gen(function* () {
  const now = yield* Clock.currentTimeMillis
  const database = yield* Database
  const scheduled = yield* database.query("race-night.scheduled", (db) => readScheduledEvents(db, now))
  const due = scheduled
    .flatMap((event) => dueTriggersOf(event, now).map((trigger) => ({ event, trigger })))
    .sort((a, b) => compareTriggers(a.trigger, b.trigger))
  const fired: FiredTrigger[] = []
  for (const { event, trigger } of due) {
    const { guildId, id: eventId } = event.stored
    // Uninterruptible: a shutdown waits for the notices of a committed closing rather than dropping them.
    const result = yield* fireTrigger(guildId, eventId, trigger, now).pipe(
      // The closing reads who checked in and writes the no-shows: kept apart from the members' own
      // check-ins on any process by the server's lock; fired_triggers' key makes it once-only.
      inGuild(guildId),
      Effect.uninterruptible,
      Effect.catchAllCause((cause) => Effect.logError(`race-night trigger ${trigger.kind} failed; retrying at the next check`, cause).pipe(Effect.as(undefined))),
      Effect.annotateLogs({ guildId, eventId }),
    )
    if (result !== undefined) fired.push(result)
  }
  return fired as ReadonlyArray<FiredTrigger>
})

export const DEFAULT_SCHEDULER_INTERVAL: Duration.DurationInput = "20 seconds"

/** Checks at start-up (late triggers fire now) and then every `checkEvery`. */
export const RaceNightSchedulerLive = (checkEvery: Duration.DurationInput = DEFAULT_SCHEDULER_INTERVAL) =>
  Layer.scopedDiscard(
    runDueTriggers.pipe(
      Effect.catchAllCause((cause) => Effect.logError("race-night scheduler check failed", cause)),
      Effect.repeat(Schedule.spaced(checkEvery)),
      Effect.forkScoped,
    ),
  )
