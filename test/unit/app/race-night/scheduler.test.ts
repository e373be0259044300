import { join } from "node:path"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { Database } from "../../../../src/adapters/sqlite/database.js"
import { insertEvent, setEventStatus, updateEventDetails } from "../../../../src/adapters/sqlite/repositories/events.js"
import { readFiredTriggers, saveReminderDms } from "../../../../src/adapters/sqlite/repositories/participants.js"
import { readEntryList, runEntryAction } from "../../../../src/app/race-night/entries.js"
import { FollowUpsUndelivered } from "../../../../src/app/follow-ups.js"
import { type FollowUp } from "../../../../src/domain/follow-up-kinds.js"
import { runDueTriggers } from "../../../../src/app/race-night/scheduler.js"
import { gridOf, waitlistOf } from "../../../../src/machines/race-night/entry-list.js"
import { checkIn, register } from "../../../../src/machines/race-night/member-actions.js"
import { AFTER_CLOSE, AFTER_START, BEFORE_OPEN, CHECK_IN_OPEN, CLOSES_AT, DAY, DETAILS, registrationOf } from "../../../fixtures/participant/sample.js"
import { useTempDir } from "../../../support/sqlite-test-database.js"
import { TestDatabaseLive } from "../../../support/test-database.js"
import { fixedClock } from "../../../support/fixed-clock.js"

const GUILD = "900000000000000001"
const EVENT_ID = "ev1"

/** The scheduler against a real SQLite file; what it asks of Discord is read back from the outbox. */
const setup = (path: string) => {
  const layer = Layer.mergeAll(TestDatabaseLive(path), FollowUpsUndelivered)
  const runtime = ManagedRuntime.make(layer)
  const at = <A, E>(ms: number, effect: Effect.Effect<A, E, Layer.Layer.Success<typeof layer>>) => runtime.runPromise(Effect.withClock(effect, fixedClock(ms)))
  const db = <A>(f: Parameters<typeof Database.Service.query<A>>[1]) => runtime.runPromise(Effect.flatMap(Database, (d) => d.query("test", f)))
  /** The follow-ups written since the last call, in order; they count as delivered from then on. */
  const followUps = async (): Promise<FollowUp[]> => {
    const rows = await db((k) => k.selectFrom("outbox").select(["id", "payload_json"]).where("state", "=", "pending").orderBy("id").execute())
    await db((k) => k.updateTable("outbox").set({ state: "sent" }).where("state", "=", "pending").execute())
    return rows.map((row) => JSON.parse(row.payload_json) as FollowUp)
  }
  return { runtime, at, db, followUps }
}

const describeFollowUp = (f: FollowUp): string => {
  switch (f._tag) {
    case "TellMember":
      return `tell ${f.memberId} ${f.notice.kind}`
    case "DriverRole":
      return `${f.give ? "give" : "take"} role ${f.memberId}`
    case "ReminderPing":
      return `ping ${f.kind} ${f.memberIds.join(",")}`
    case "ReminderDm":
      return `dm ${f.kind} ${f.memberId}`
    default:
      return `${f._tag} ${"eventId" in f ? f.eventId : ""}`
  }
}

type Harness = ReturnType<typeof setup>

/** Five members: the first three on the grid (capacity 3), two waiting; m0, m3 and m4 check in. */
const seed = async (h: Harness) => {
  await h.db((k) => insertEvent(k, { id: EVENT_ID, guildId: GUILD, details: DETAILS, createdBy: "admin", at: BEFORE_OPEN }))
  for (const m of ["m0", "m1", "m2", "m3", "m4"]) {
    await h.at(BEFORE_OPEN, runEntryAction(GUILD, EVENT_ID, m, (loaded, now) => register(loaded.list, { memberId: m, actorId: m, at: now, registration: registrationOf(`Driver ${m}`) })))
  }
  for (const m of ["m0", "m3", "m4"]) await h.at(CHECK_IN_OPEN, runEntryAction(GUILD, EVENT_ID, m, (loaded, now) => checkIn(loaded.list, { memberId: m, at: now })))
  // Only what the scheduler does is under test.
  await h.followUps()
}

const members = (entries: ReadonlyArray<{ memberId: string }>) => entries.map((e) => e.memberId)

describe("the race-night scheduler", () => {
  const dir = useTempDir()
  let h: Harness
  beforeEach(() => {
    h = setup(join(dir(), "pitboard.sqlite"))
  })
  afterEach(async () => {
    await h.runtime.dispose()
  })

  it("GIVEN check-in is not open yet THEN nothing fires", async () => {
    await seed(h)
    expect(await h.at(BEFORE_OPEN, runDueTriggers)).toEqual([])
    expect(await h.db((k) => readFiredTriggers(k, EVENT_ID))).toEqual([])
  })

  it("GIVEN check-in opened THEN the grid drivers not checked in are reminded once, by DM only if they did not turn DMs off", async () => {
    await seed(h)
    await h.db((k) => saveReminderDms(k, GUILD, "m2", false))
    const fired = await h.at(CHECK_IN_OPEN, runDueTriggers)
    expect(fired.map((f) => f.kind)).toEqual(["checkin-open"])
    expect((await h.followUps()).map(describeFollowUp)).toEqual(["ping checkin-open m1,m2", "dm checkin-open m1", `LiveGrid ${EVENT_ID}`])
    expect(await h.at(CHECK_IN_OPEN + 1000, runDueTriggers)).toEqual([])
    expect(await h.followUps()).toEqual([])
  })

  it("GIVEN check-in closed THEN no-shows lose their places to checked-in waitlisted members in queue order, exactly once under concurrent checks", async () => {
    await seed(h)
    await h.at(CHECK_IN_OPEN, runDueTriggers)
    await h.followUps()
    const [first, second] = await Promise.all([h.at(AFTER_CLOSE, runDueTriggers), h.at(AFTER_CLOSE, runDueTriggers)])
    const closes = [...first!, ...second!].filter((f) => f.kind === "checkin-close")
    expect(closes).toHaveLength(1)
    expect(closes[0]).toMatchObject({ noShows: 2, promoted: 2 })
    const { list } = await h.at(AFTER_CLOSE, readEntryList(GUILD, EVENT_ID))
    expect(members(gridOf(list))).toEqual(["m0", "m3", "m4"])
    expect(members(waitlistOf(list))).toEqual([])
    const followUps = (await h.followUps()).map(describeFollowUp)
    expect(followUps).toEqual(expect.arrayContaining(["tell m1 no-show", "tell m2 no-show", "tell m3 promoted", "tell m4 promoted", "take role m1", "take role m2", "give role m3", "give role m4"]))
    // The 15-minute reminder fell due in the same gap but after closing it would be wrong: recorded, not sent.
    expect(followUps.filter((f) => f.startsWith("ping") || f.startsWith("dm"))).toEqual([])
    expect((await h.db((k) => readFiredTriggers(k, EVENT_ID))).map((t) => t.kind).sort()).toEqual(["checkin-close", "checkin-open", "reminder-before-close"])
  })

  it("GIVEN the bot was down for the whole window THEN the first check fires every missed trigger in order and only closing and the start do work", async () => {
    await seed(h)
    const fired = await h.at(AFTER_START, runDueTriggers)
    expect(fired.map((f) => `${f.kind}${f.stale ? " (stale)" : ""}`)).toEqual(["checkin-open (stale)", "reminder-before-close (stale)", "checkin-close", "event-start"])
    expect((await h.followUps()).map(describeFollowUp).filter((f) => f.startsWith("ping") || f.startsWith("dm"))).toEqual([])
    // After the start nobody is promoted: a race in progress takes no new drivers.
    const { list } = await h.at(AFTER_START, readEntryList(GUILD, EVENT_ID))
    expect(members(gridOf(list))).toEqual(["m0"])
  })

  it("GIVEN the 15-minute reminder is due while check-in is still open THEN it is sent", async () => {
    await seed(h)
    await h.at(CHECK_IN_OPEN, runDueTriggers)
    await h.followUps()
    const fired = await h.at(CLOSES_AT - 10 * 60_000, runDueTriggers)
    expect(fired.map((f) => f.kind)).toEqual(["reminder-before-close"])
    expect((await h.followUps()).map(describeFollowUp)).toEqual(["ping reminder-before-close m1,m2", "dm reminder-before-close m1", "dm reminder-before-close m2", `LiveGrid ${EVENT_ID}`])
  })

  it("GIVEN an admin moved the event a day later after check-in opened THEN the new opening fires again at its new time, and nothing early", async () => {
    await seed(h)
    await h.at(CHECK_IN_OPEN, runDueTriggers)
    await h.db((k) => updateEventDetails(k, GUILD, EVENT_ID, { ...DETAILS, schedule: { ...DETAILS.schedule, startsAt: DETAILS.schedule.startsAt + DAY } }, CHECK_IN_OPEN))
    expect(await h.at(AFTER_CLOSE, runDueTriggers)).toEqual([])
    const fired = await h.at(AFTER_CLOSE + DAY - 2 * 60 * 60_000, runDueTriggers)
    expect(fired.map((f) => f.kind)).toEqual(["checkin-open"])
  })

  it("GIVEN a cancelled event THEN none of its triggers fire", async () => {
    await seed(h)
    await h.db((k) => setEventStatus(k, GUILD, EVENT_ID, "cancelled", CHECK_IN_OPEN))
    expect(await h.at(AFTER_CLOSE, runDueTriggers)).toEqual([])
    expect(await h.followUps()).toEqual([])
  })
})
