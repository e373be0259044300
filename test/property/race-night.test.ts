// Properties of race night over random interleavings of everything members, admins and the
// clock (through the scheduler's triggers) can do to one event's entry list: the grid never
// exceeds its capacity, nobody is in two places, promotions follow the queue, counters stay
// in range, driver roles balance, closing check-in leaves only checked-in drivers, and
// storing the participants at any moment and carrying on changes nothing. Then the same for
// one participant machine under any events at all, valid or not.
import * as Either from "effect/Either"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { checkInState, mayTakeFreePlace } from "../../src/domain/race-night/check-in.js"
import { type Trigger, dueTriggers, eventTriggers } from "../../src/domain/race-night/deadlines.js"
import {
  type EntryList,
  type Outcome,
  entryListFor,
  failedAttemptsOf,
  gridOf,
  nextInLine,
  refusalOf,
  waitlistOf,
} from "../../src/machines/race-night/entry-list.js"
import { driverRoleChanges } from "../../src/machines/race-night/driver-roles.js"
import { checkIn, checkOut, submitRegistration, withdraw } from "../../src/machines/race-night/member-actions.js"
import { adminAdd, adminMove, adminRemove, closeCheckIn, resetFailedAttempts, setCapacity } from "../../src/machines/race-night/organiser-actions.js"
import { DEFAULT_RACE_NIGHT_SETTINGS, type RaceEvent } from "../../src/domain/race-night/race-settings.js"
import { type ParticipantEvent, type ParticipantSnapshot, applyParticipantEvent, participantState } from "../../src/machines/participant.js"
import { persistParticipant, restoreParticipant } from "../../src/machines/participant-persistence.js"
import { ADMIN, EVENT, goodForm, HOUR, MINUTE, member, RACE_START, registrationOf } from "../fixtures/participant/sample.js"

const MEMBERS = ["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"] as const

/**
 * Who a command is about: a named member (registered or not, so refusals get exercised too),
 * or a pick among the members where the command makes sense right now (the waitlist for a
 * move up, the grid for a move down or an exchange), so that successful moves are common.
 */
type Target = { readonly member: string } | { readonly pick: number; readonly waiting: boolean }

type Command =
  | { readonly kind: "register"; readonly member: string; readonly good: boolean }
  | { readonly kind: "adminAdd"; readonly member: string }
  | { readonly kind: "withdraw"; readonly target: Target }
  | { readonly kind: "checkIn"; readonly target: Target }
  | { readonly kind: "checkOut"; readonly target: Target }
  | { readonly kind: "capacity"; readonly capacity: number }
  | { readonly kind: "move"; readonly target: Target; readonly to: "grid" | "waitlist"; readonly replacing: Target | null }
  | { readonly kind: "remove"; readonly target: Target }
  | { readonly kind: "close" }
  | { readonly kind: "resetAttempts"; readonly member: string }
  /** Time passes: a little, or on into the next phase of race night. The scheduler then fires what is due. */
  | { readonly kind: "wait"; readonly ms: number; readonly nextPhase: boolean }

const who = fc.constantFrom(...MEMBERS)
const target: fc.Arbitrary<Target> = fc.oneof(who.map((member) => ({ member })), fc.record({ pick: fc.nat(50), waiting: fc.boolean() }))
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  // Mostly good forms: with attempt limits as low as 1, bad ones quickly lock members out.
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("register" as const), member: who, good: fc.constantFrom(true, true, true, false) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("adminAdd" as const), member: who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), target }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("checkIn" as const), target }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("checkOut" as const), target }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("capacity" as const), capacity: fc.integer({ min: 1, max: 4 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("move" as const), target, to: fc.constantFrom("grid" as const, "waitlist" as const), replacing: fc.option(target, { nil: null }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), target }) },
  // The scheduler closes check-in when time passes the closing time; an extra close (a
  // second bot process, a retry) must do no harm either.
  { weight: 1, arbitrary: fc.constant({ kind: "close" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("resetAttempts" as const), member: who }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 20 * MINUTE }), nextPhase: fc.constantFrom(false, false, false, true) }) },
)

/**
 * Capacity, check-out and attempt limits vary per run. Check-in opens 3 h before the start
 * (closing 1 h before) and the clock starts 10 minutes before that; short waits and jumps to
 * the next phase usually take a run through check-in and often past the close and the start.
 */
const scenarioArb = fc.record({
  capacity: fc.integer({ min: 1, max: 3 }),
  checkoutLimit: fc.integer({ min: 0, max: 2 }),
  failedAttemptLimit: fc.integer({ min: 1, max: 3 }),
  commands: fc.array(commandArb, { maxLength: 70, size: "max" }),
})
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never

const eventFor = (s: Pick<Scenario, "capacity" | "checkoutLimit" | "failedAttemptLimit">): RaceEvent => ({
  ...EVENT,
  details: { ...EVENT.details, capacity: { ...EVENT.details.capacity, maxDrivers: s.capacity } },
  settings: { ...DEFAULT_RACE_NIGHT_SETTINGS, checkInOpensBeforeMinutes: 180, checkoutLimit: s.checkoutLimit, failedAttemptLimit: s.failedAttemptLimit },
})

const START = RACE_START - 3 * HOUR - 10 * MINUTE

interface World {
  readonly event: RaceEvent
  readonly list: EntryList
  readonly now: number
  /** The scheduler's record of fired triggers (stored by the shell). */
  readonly fired: ReadonlyArray<Trigger>
}

const BAD_FORM = goodForm({ driverId: "not-an-id" })

const resolve = (t: Target, pool: ReadonlyArray<{ readonly memberId: string }>): string =>
  "member" in t ? t.member : (pool[t.pick % Math.max(1, pool.length)]?.memberId ?? MEMBERS[t.pick % MEMBERS.length] ?? "m0")

/** Members on the list, or only those waiting (so waitlisted members check in and out too). */
const enteredPool = (list: EntryList, t: Target) => ("waiting" in t && t.waiting ? waitlistOf(list) : [...gridOf(list), ...waitlistOf(list)])

const apply = (w: World, c: Command): Outcome => {
  const { list, now: at, event } = w
  const by = { actorId: ADMIN, at }
  switch (c.kind) {
    case "register":
      return submitRegistration(list, { event, member: member(c.member), form: c.good ? goodForm() : BAD_FORM, at })
    case "adminAdd":
      return adminAdd(list, { ...by, memberId: c.member, registration: registrationOf(c.member) })
    case "withdraw":
      return withdraw(list, { memberId: resolve(c.target, enteredPool(list, c.target)), at })
    case "checkIn":
      return checkIn(list, { memberId: resolve(c.target, enteredPool(list, c.target)), at })
    case "checkOut":
      return checkOut(list, { memberId: resolve(c.target, enteredPool(list, c.target)), at })
    case "capacity":
      return setCapacity(list, { ...by, capacity: c.capacity })
    case "move": {
      const memberId = resolve(c.target, c.to === "grid" ? waitlistOf(list) : gridOf(list))
      const replacing = c.replacing === null ? {} : { replacing: resolve(c.replacing, gridOf(list)) }
      return adminMove(list, { ...by, memberId, to: c.to, ...replacing })
    }
    case "remove":
      return adminRemove(list, { ...by, memberId: resolve(c.target, enteredPool(list, c.target)), reason: "test" })
    case "close":
      return closeCheckIn(list, { at })
    case "resetAttempts":
      return resetFailedAttempts(list, { ...by, memberId: c.member })
    case "wait":
      throw new Error("time passing is handled by step")
  }
}

const nextPhaseAt = (list: EntryList, now: number): number => {
  const { opensAt, closesAt, startsAt } = list.window
  return [opensAt, closesAt, startsAt].find((t) => t > now) ?? now
}

/** The scheduler after time passed: fires what is due, once, closing check-in when due. */
const passTime = (w: World, now: number): { readonly world: World; readonly outcome: Outcome } => {
  const due = dueTriggers(eventTriggers(w.list.window), w.fired, now)
  const outcome = due.some((t) => t.kind === "checkin-close") ? closeCheckIn(w.list, { at: now }) : { list: w.list, effects: [], changed: [] }
  return { world: { ...w, list: outcome.list, now, fired: [...w.fired, ...due] }, outcome }
}

const step = (w: World, c: Command): { readonly world: World; readonly outcome: Outcome } => {
  if (c.kind === "wait") return passTime(w, (c.nextPhase ? nextPhaseAt(w.list, w.now) : w.now) + c.ms)
  const outcome = apply(w, c)
  return { world: { ...w, list: outcome.list }, outcome }
}

/** Runs a scenario, calling `check` with the list before and after every command. */
const play = (s: Scenario, check: (before: World, after: World, outcome: Outcome, c: Command) => void = () => {}): World => {
  const event = eventFor(s)
  let w: World = { event, list: entryListFor(event), now: START, fired: [] }
  for (const c of s.commands) {
    const { world, outcome } = step(w, c)
    check(w, world, outcome, c)
    w = world
  }
  return w
}

const ids = (entries: ReadonlyArray<{ readonly memberId: string }>) => entries.map((e) => e.memberId)
const RUNS = { numRuns: 250 }

describe("race night under any interleaving of members, admins and time", () => {
  it("GIVEN any commands THEN the grid never exceeds capacity, except that after a shrink it never grows while over", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        play(s, (before, after) => {
          const was = gridOf(before.list).length
          const is = gridOf(after.list).length
          if (is > after.list.capacity) expect(is).toBeLessThanOrEqual(was)
        })
      }),
      RUNS,
    )
  })

  it("GIVEN any commands THEN each member has one participant and is never on the grid and the waitlist at once", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        play(s, (_, after) => {
          const members = after.list.participants.map((p) => p.context.memberId)
          expect(new Set(members).size).toBe(members.length)
          const grid = new Set(ids(gridOf(after.list)))
          expect(ids(waitlistOf(after.list)).filter((m) => grid.has(m))).toEqual([])
        })
      }),
      RUNS,
    )
  })

  it("GIVEN any commands THEN automatic promotions follow the queue: nobody earlier in line who could take the place is left waiting", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        play(s, (_, after, outcome) => {
          const promoted = outcome.effects.flatMap((e) => (e._tag === "Promoted" && e.cause !== "admin" ? [e.memberId] : []))
          const queue = new Map(after.list.participants.map((p) => [p.context.memberId, p.context.queueNumber]))
          const numbers = promoted.map((m) => queue.get(m) ?? -1)
          expect(numbers).toEqual([...numbers].sort((a, b) => a - b))
          const lastPromoted = Math.max(-1, ...numbers)
          for (const w of waitlistOf(after.list)) {
            if (mayTakeFreePlace(w.checkedIn, after.list.window, after.now)) expect(w.queueNumber).toBeGreaterThan(lastPromoted)
          }
          // …and a free place is never left empty while someone who may take it waits.
          if (gridOf(after.list).length < after.list.capacity) expect(nextInLine(after.list, after.now)).toBeUndefined()
        })
      }),
      RUNS,
    )
  })

  it("GIVEN any commands THEN attempt and check-out counters stay between zero and their limits", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const inRange = (n: number, limit: number) => Number.isInteger(n) && n >= 0 && n <= limit
        play(s, (_, after) => {
          const attempts = MEMBERS.map((m) => failedAttemptsOf(after.list, m)).filter((n) => !inRange(n, s.failedAttemptLimit))
          const checkouts = after.list.participants.map((p) => p.context.checkouts).filter((n) => !inRange(n, s.checkoutLimit))
          expect({ attempts, checkouts }).toEqual({ attempts: [], checkouts: [] })
        })
      }),
      RUNS,
    )
  })

  it("GIVEN any commands THEN every grid join gives the driver role and every grid leave takes it, so role holders are always the grid", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const holders = new Set<string>()
        play(s, (_, after, outcome) => {
          for (const e of outcome.effects) {
            if (e._tag === "GiveDriverRole") {
              expect(holders.has(e.memberId), `${e.memberId} given the role twice`).toBe(false)
              holders.add(e.memberId)
            }
            if (e._tag === "TakeDriverRole") {
              expect(holders.has(e.memberId), `${e.memberId} lost a role they did not have`).toBe(true)
              holders.delete(e.memberId)
            }
          }
          expect([...holders].sort()).toEqual([...ids(gridOf(after.list))].sort())
        })
      }),
      RUNS,
    )
  })

  it("GIVEN any commands AND any drift of Discord's role holders (a crash, an admin's hand) THEN reconciling gives and takes exactly what makes holders among registered members equal the grid, and a second pass changes nothing", () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.constantFrom(...MEMBERS)), fc.array(fc.constantFrom(...MEMBERS)), (s, drifted, left) => {
        const end = play(s)
        const registered = end.list.participants.map((p) => p.context.memberId)
        // Discord's view: some members hold the role whatever the grid says, some left the server.
        const holders = new Set<string>(drifted)
        const gone = new Set<string>(left)
        const holds = (memberId: string) => (gone.has(memberId) ? undefined : holders.has(memberId))
        const changes = driverRoleChanges(end.list, holds)
        for (const change of changes) (change.give ? holders.add(change.memberId) : holders.delete(change.memberId))
        const grid = new Set(ids(gridOf(end.list)))
        for (const memberId of registered.filter((m) => !gone.has(m))) expect(holders.has(memberId), memberId).toBe(grid.has(memberId))
        // Members who never registered are left as they are.
        for (const memberId of drifted.filter((m) => !registered.includes(m))) expect(holders.has(memberId)).toBe(true)
        expect(driverRoleChanges(end.list, holds)).toEqual([])
      }),
      RUNS,
    )
  })

  it("GIVEN any commands THEN a refusal changes no participant, and an accepted command lists exactly the participants it changed", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        play(s, (before, after, outcome) => {
          const changed = after.list.participants
            .filter((p) => !before.list.participants.includes(p))
            .map((p) => p.context.memberId)
          expect([...changed].sort()).toEqual([...outcome.changed].sort())
          if (refusalOf(outcome) !== undefined) expect(after.list.participants).toBe(before.list.participants)
        })
      }),
      RUNS,
    )
  })

  it("GIVEN any commands WHEN check-in closes THEN everyone left on the grid checked in, and only drivers who did not were marked no-shows", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        play(s, (before, after, outcome, c) => {
          const closes = (w: World) => w.fired.some((t) => t.kind === "checkin-close")
          const closedNow = c.kind === "close" ? refusalOf(outcome) === undefined : closes(after) && !closes(before)
          if (!closedNow) return
          expect(gridOf(after.list).filter((e) => !e.checkedIn)).toEqual([])
          const noShows = outcome.effects.flatMap((e) => (e._tag === "Notify" && e.notice.kind === "no-show" ? [e.memberId] : []))
          const uncheckedBefore = gridOf(before.list).filter((e) => !e.checkedIn).map((e) => e.memberId)
          expect(noShows).toEqual(uncheckedBefore)
        })
      }),
      RUNS,
    )
  })

  it("GIVEN any commands THEN after the start nobody joins the grid from the waitlist by themselves, and nobody checks out", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        play(s, (_, after, outcome, c) => {
          if (checkInState(after.list.window, after.now) !== "started") return
          expect(outcome.effects.filter((e) => e._tag === "Promoted" && e.cause !== "admin")).toEqual([])
          if (c.kind === "checkOut" || c.kind === "register") expect(refusalOf(outcome)).toBeDefined()
        })
      }),
      RUNS,
    )
  })
})

// ---------------------------------------------------------------- stored and restored

/** What the shell keeps: each participant as stored JSON, the attempt counters, and the capacity. */
const storeAndReload = (w: World): World => {
  const stored = w.list.participants.map((p) => JSON.stringify(persistParticipant(p)))
  const participants = stored.map((json) => Either.getOrThrowWith(restoreParticipant(json), (p) => new Error(p.message)))
  const event: RaceEvent = { ...w.event, details: { ...w.event.details, capacity: { ...w.event.details.capacity, maxDrivers: w.list.capacity } } }
  return { ...w, event, list: entryListFor(event, participants, JSON.parse(JSON.stringify(w.list.failedAttempts))) }
}

const picture = (list: EntryList) =>
  [...list.participants]
    .map((p) => ({ value: participantState(p), context: p.context }))
    .sort((a, b) => (a.context.memberId < b.context.memberId ? -1 : 1))

describe("storing race night at any moment", () => {
  it("GIVEN any commands WHEN every participant is stored and restored at any step THEN carrying on gives the same list and the same effects", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (s, cutSeed) => {
        const cut = cutSeed % (s.commands.length + 1)
        const liveEffects: Array<unknown> = []
        const live = play(s, (_, __, outcome) => liveEffects.push(outcome.effects))
        const first = play({ ...s, commands: s.commands.slice(0, cut) })
        let w = storeAndReload(first)
        const restEffects: Array<unknown> = []
        for (const c of s.commands.slice(cut)) {
          const { world, outcome } = step(w, c)
          restEffects.push(outcome.effects)
          w = world
        }
        expect(picture(w.list)).toEqual(picture(live.list))
        expect(w.list.failedAttempts).toEqual(live.list.failedAttempts)
        expect(w.list.capacity).toBe(live.list.capacity)
        expect(restEffects).toEqual(liveEffects.slice(cut))
      }),
      { numRuns: 150 },
    )
  })
})

describe("one participant under any events", () => {
  const window = entryListFor(EVENT).window
  const times = [START, window.opensAt + MINUTE, window.closesAt + MINUTE, window.startsAt + MINUTE]
  const at = fc.constantFrom(...times)
  const actor = fc.constantFrom("m0", "m1", ADMIN)
  const eventArb: fc.Arbitrary<ParticipantEvent> = fc.oneof(
    fc.record({ at, actorId: actor, to: fc.constantFrom("grid" as const, "waitlist" as const), queueNumber: fc.integer({ min: 1, max: 9 }) }).map(
      (e): ParticipantEvent => ({ ...e, type: "REGISTER", eventId: "ev1", memberId: "m0", registration: registrationOf("m0") }),
    ),
    fc.record({ at, actorId: actor }).map((e): ParticipantEvent => ({ ...e, type: "PROMOTE" })),
    fc.record({ at, actorId: actor, queueNumber: fc.integer({ min: 1, max: 9 }) }).map((e): ParticipantEvent => ({ ...e, type: "DEMOTE" })),
    fc.record({ at, actorId: actor }).map((e): ParticipantEvent => ({ ...e, type: "CHECK_IN", window })),
    fc.record({ at, actorId: actor, checkoutLimit: fc.integer({ min: 0, max: 2 }) }).map((e): ParticipantEvent => ({ ...e, type: "CHECK_OUT", window })),
    fc.record({ at, actorId: actor }).map((e): ParticipantEvent => ({ ...e, type: "WITHDRAW", window })),
    fc.record({ at, actorId: actor, reason: fc.constantFrom(undefined, "", "spam") }).map((e): ParticipantEvent => ({ ...e, type: "REMOVE" })),
    fc.record({ at, actorId: actor }).map((e): ParticipantEvent => ({ ...e, type: "MARK_NO_SHOW" })),
  )

  const runAll = (from: ParticipantSnapshot | null, events: ReadonlyArray<ParticipantEvent>) => {
    let s = from
    const results: Array<string> = []
    for (const e of events) {
      const r = applyParticipantEvent(s, e)
      results.push("refused" in r ? `refused: ${r.refused}` : `${r.historyEntry.action} -> ${r.historyEntry.status}`)
      if ("next" in r) s = r.next
    }
    return { end: s, results }
  }

  it("GIVEN any events WHEN the participant is stored and restored at any step THEN continuing gives the same answers and the same participant", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), fc.nat(), (events, cutSeed) => {
        const cut = cutSeed % (events.length + 1)
        const live = runAll(null, events)
        const first = runAll(null, events.slice(0, cut))
        const restored = first.end === null ? null : Either.getOrThrowWith(restoreParticipant(JSON.stringify(persistParticipant(first.end))), (p) => new Error(p.message))
        const rest = runAll(restored, events.slice(cut))
        expect(rest.results).toEqual(live.results.slice(cut))
        expect({ value: rest.end?.value, context: rest.end?.context }).toEqual({ value: live.end?.value, context: live.end?.context })
      }),
      { numRuns: 300 },
    )
  })

  it("GIVEN any events THEN check-outs never go negative or past the limit in force, and only the grid and waitlist are ever checked in", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        let s: ParticipantSnapshot | null = null
        for (const e of events) {
          const r = applyParticipantEvent(s, e)
          if ("refused" in r) continue
          const c = r.next.context
          if (e.type === "CHECK_OUT") expect(c.checkouts).toBeLessThanOrEqual(e.checkoutLimit)
          expect(c.checkouts).toBeGreaterThanOrEqual(0)
          if (c.checkedIn) expect(["grid", "waitlist"]).toContain(r.next.value)
          s = r.next
        }
      }),
      { numRuns: 300 },
    )
  })
})
