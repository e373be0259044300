/**
 * What a member does from the event card: open the registration form, submit it, withdraw,
 * check in and check out. Each write is one `runEntryAction`; the member's own notice comes
 * back to be their reply, everyone else's goes out through the notifier.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { type Notice, type Outcome, refuse as refuseOutcome, refusalOf } from "../../machines/race-night/entry-list.js"
import { checkIn, checkOut, submitRegistration, withdraw } from "../../machines/race-night/member-actions.js"
import { type Member, type RegistrationField, type RegistrationForm, registrationFields } from "../../domain/race-night/registration.js"
import { linkOf } from "../iracing/links.js"
import { myNumbers } from "../numbers/queries.js"
import { refuse } from "../refusal.js"
import { noteStoredChange } from "../stored-changes.js"
import { type LoadedEvent, readEntryList, runEntryAction } from "./entries.js"
import type { StoredEvent } from "../../domain/events/event.js"

export const EVENT_CANCELLED = "This event was cancelled, so nothing about it can change any more."

/**
 * What the bot knows about a member outside the form: their iRacing link (to prefill and check
 * the customer id) and the first car number they hold (events have no number class of their own).
 */
export const memberFacts = (guildId: string, memberId: string, roleIds: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const link = yield* linkOf(guildId, memberId)
    const numbers = yield* myNumbers(guildId, memberId)
    return {
      memberId,
      roleIds,
      iracingCustomerId: link === undefined ? null : String(link.custId),
      claimedCarNumber: numbers.claims[0]?.number ?? null,
    } satisfies Member
  })

/** The notice meant for `memberId` in an outcome (the acting member's reply). */
export const noticeFor = (outcome: Outcome, memberId: string): Notice | undefined => {
  for (const effect of outcome.effects) if (effect._tag === "Notify" && effect.memberId === memberId) return effect.notice
  return undefined
}

export interface RegistrationFormView {
  readonly event: StoredEvent
  readonly fields: ReadonlyArray<RegistrationField>
}

/**
 * The form to show, or why the member can't register at all. The reason comes from the domain
 * itself: a dry run with a blank form (which never passes, the name being required) is refused
 * for the form only when nothing else stands in the way, and that refusal is the only kind that
 * counts an attempt. Nothing is stored here.
 */
export const openRegistration = Effect.fnUntraced(function* (guildId: string, eventId: string, memberId: string, roleIds: ReadonlyArray<string>) {
  const loaded = yield* readEntryList(guildId, eventId)
  const member = yield* memberFacts(guildId, memberId, roleIds)
  const now = yield* Clock.currentTimeMillis
  const blank: RegistrationForm = { fullName: "", driverId: "", vehicle: "" }
  const dryRun = submitRegistration(loaded.list, { event: loaded.event, member, form: blank, at: now })
  const countsAttempt = dryRun.effects.some((effect) => effect._tag === "FailedAttemptsChanged")
  const reason = refusalOf(dryRun)
  if (reason !== undefined && !countsAttempt) return yield* refuse(reason)
  return { event: loaded.stored, fields: registrationFields(loaded.event, member) } satisfies RegistrationFormView
})

/** The submitted form; a refusal carries the reason and, for a bad form, the attempts left. */
export const registerMember = (guildId: string, eventId: string, member: Member, form: RegistrationForm) =>
  runEntryAction(guildId, eventId, member.memberId, (loaded, now) => submitRegistration(loaded.list, { event: loaded.event, member, form, at: now })).pipe(
    Effect.tap(() => noteStoredChange("race-night.register", `event ${eventId}`)),
  )

/** Withdraw, check in, check out and admin changes are refused on a cancelled event before anything else is asked. */
export const unlessCancelled =
  (decide: (loaded: LoadedEvent, now: number) => Outcome) =>
  (loaded: LoadedEvent, now: number): Outcome =>
    loaded.event.status === "cancelled" ? refuseOutcome(loaded.list, EVENT_CANCELLED) : decide(loaded, now)

export type MemberAction = "withdraw" | "checkin" | "checkout"

const DECIDE: Record<MemberAction, (memberId: string) => (loaded: LoadedEvent, now: number) => Outcome> = {
  withdraw: (memberId) => (loaded, at) => withdraw(loaded.list, { memberId, at }),
  checkin: (memberId) => (loaded, at) => checkIn(loaded.list, { memberId, at }),
  checkout: (memberId) => (loaded, at) => checkOut(loaded.list, { memberId, at }),
}

export const memberAction = (guildId: string, eventId: string, memberId: string, action: MemberAction) =>
  runEntryAction(guildId, eventId, memberId, unlessCancelled(DECIDE[action](memberId))).pipe(
    Effect.tap(() => noteStoredChange(`race-night.${action}`, `event ${eventId}`)),
  )

