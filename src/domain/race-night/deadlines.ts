/**
 * The timed moments of race night, for the scheduler in src/app.
 *
 * The machines have no timers (a timer would not survive a restart). Instead the shell
 * stores which triggers have fired, and at start-up and whenever a timer wakes it asks
 * `dueTriggers` what to do now. A trigger is fired exactly once because the shell records
 * it in the same transaction as its work; one that fell due while the bot was down is
 * simply due at start-up.
 *
 * A trigger is identified by its kind *and* its time, so when an admin moves the event,
 * the new times are new triggers and fire again (announcing the new check-in time).
 */
import type { CheckInWindow } from "./check-in.js"
import { MINUTE_MS } from "./race-settings.js"

export const TRIGGER_KINDS = ["checkin-open", "reminder-before-close", "checkin-close", "event-start"] as const
export type TriggerKind = (typeof TRIGGER_KINDS)[number]

export interface Trigger {
  readonly kind: TriggerKind
  readonly at: number
}

export const REMINDER_BEFORE_CLOSE_MS = 15 * MINUTE_MS

/**
 * The triggers of an event, in time order. The reminder is skipped when check-in is open
 * for less than the reminder's lead time (it would come before the opening).
 */
export const eventTriggers = (window: CheckInWindow): ReadonlyArray<Trigger> => {
  const reminderAt = window.closesAt - REMINDER_BEFORE_CLOSE_MS
  return [
    { kind: "checkin-open", at: window.opensAt },
    ...(reminderAt > window.opensAt ? [{ kind: "reminder-before-close" as const, at: reminderAt }] : []),
    { kind: "checkin-close", at: window.closesAt },
    { kind: "event-start", at: window.startsAt },
  ]
}

export interface DueTrigger extends Trigger {
  /**
   * True when the moment it announces has already passed: "check-in is open" or "15
   * minutes left" after check-in closed. The shell records it as fired but says nothing.
   * Closing and starting are never stale: their work (no-shows, locking) must still happen.
   */
  readonly stale: boolean
}

export const sameTrigger = (a: Trigger, b: Trigger): boolean => a.kind === b.kind && a.at === b.at

const kindOrder = (kind: TriggerKind): number => TRIGGER_KINDS.indexOf(kind)

/** Earliest first; at the same instant, in the order the kinds happen (open before close before start). */
export const compareTriggers = (a: Trigger, b: Trigger): number => a.at - b.at || kindOrder(a.kind) - kindOrder(b.kind)

/** Triggers due at `now` and not fired yet, oldest first (ties in race-night order). */
export const dueTriggers = (triggers: ReadonlyArray<Trigger>, fired: ReadonlyArray<Trigger>, now: number): ReadonlyArray<DueTrigger> => {
  const closesAt = triggers.find((t) => t.kind === "checkin-close")?.at ?? Number.POSITIVE_INFINITY
  return triggers
    .filter((t) => t.at <= now && !fired.some((f) => sameTrigger(f, t)))
    .sort(compareTriggers)
    .map((t) => ({ ...t, stale: (t.kind === "checkin-open" || t.kind === "reminder-before-close") && now >= closesAt }))
}

/** When the shell should wake up next: the earliest trigger not fired yet, if any. */
export const nextTrigger = (triggers: ReadonlyArray<Trigger>, fired: ReadonlyArray<Trigger>): Trigger | undefined =>
  [...triggers]
    .filter((t) => !fired.some((f) => sameTrigger(f, t)))
    .sort(compareTriggers)[0]
