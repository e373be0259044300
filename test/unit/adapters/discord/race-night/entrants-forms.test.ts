import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { entrantsFormComponents } from "../../../../../src/adapters/discord/race-night/entrants-forms.js"
import { addFormId, addPickId, CAPACITY_FIELD, capacityButtonId, capacityFormId, REASON_FIELD, removeFormId, resetAttemptsId } from "../../../../../src/adapters/discord/race-night/race-ids.js"
import { unchanged, type Reply } from "../../../../../src/adapters/discord/reply.js"
import { DETAILS } from "../../../../fixtures/participant/sample.js"
import { choose, GUILD, press, submit, useHandlers, replyText, routeIn } from "../../../../support/discord-handlers.js"
import { readEvent, setEventCard } from "../../../../../src/adapters/sqlite/repositories/events.js"
import { loadEntryList } from "../../../../../src/app/race-night/entries.js"
import { Database } from "../../../../../src/adapters/sqlite/database.js"
import { FollowUps } from "../../../../../src/app/follow-ups.js"
import type { DeliveryOutcome } from "../../../../../src/domain/follow-up-kinds.js"

const ADMIN = "100000000000000001"
const DRIVER = "100000000000000002"
const EVENT_ID = "ev1"

const route = (name: string) => routeIn(entrantsFormComponents, name)
const formOf = (reply: Reply<never>) => (reply._tag === "Form" ? reply.modal.toJSON() : undefined)
const registration = { fullName: "Ayrton Senna", driverId: "123456", vehicle: "BMW M4 GT3" }

describe("the entrants panel's add, remove and capacity forms answer as data", () => {
  const { answerOf, finalAnswerOf, read, refusalOf, seedEvent } = useHandlers()
  const add = () => finalAnswerOf(route(addFormId.route)(submit(ADMIN, registration) as never, { event: EVENT_ID, member: DRIVER }))

  it("GIVEN an admin picks a member to add THEN that member's registration form opens for the admin, aimed at them; once submitted the panel is redrawn in place saying who was added", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    const opened = await answerOf(route(addPickId.route)(choose(ADMIN, [DRIVER]) as never, { event: EVENT_ID }))
    expect(opened._tag).toBe("Form")
    expect(formOf(opened)).toMatchObject({ custom_id: addFormId.encode({ event: EVENT_ID, member: DRIVER }), title: `Add ${DRIVER}` })
    const first = await answerOf(route(addFormId.route)(submit(ADMIN, registration) as never, { event: EVENT_ID, member: DRIVER }))
    expect(first).toMatchObject({ _tag: "Later", holding: "panel" })
    const panel = first._tag === "Later" ? await answerOf(first.work) : first
    expect(panel._tag).toBe("Update")
    expect(panel._tag === "Update" && panel.payload.content).toMatch(new RegExp(`^✅ <@${DRIVER}> `))
    expect(panel._tag === "Update" && panel.payload.components?.length).toBeGreaterThan(0)
    expect(replyText(panel)).toContain(DETAILS.details.title)
  })

  it("GIVEN a member already on the grid WHEN the admin picks them to add THEN it is refused saying where they are, and no form opens", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    await add()
    expect(await refusalOf(route(addPickId.route)(choose(ADMIN, [DRIVER]) as never, { event: EVENT_ID }))).toBe(`<@${DRIVER}> is already registered: on the grid.`)
  })

  it("GIVEN a form missing the driver's name THEN the add is refused and the panel stays as it was", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    const refusal = await refusalOf(route(addFormId.route)(submit(ADMIN, { ...registration, fullName: "" }) as never, { event: EVENT_ID, member: DRIVER }))
    expect(refusal).toMatch(/name/i)
    const stored = await read(Effect.flatMap(Database, (db) => db.query("test", (k) => loadEntryList(k, GUILD, EVENT_ID))))
    expect(stored?.list.participants).toEqual([])
  })

  it("GIVEN a member on the grid WHEN the admin removes them with a reason THEN the panel is redrawn in place saying so; removing them again is refused", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    await add()
    const remove = () => route(removeFormId.route)(submit(ADMIN, { [REASON_FIELD]: "Did not pay the entry fee" }) as never, { event: EVENT_ID, member: DRIVER })
    const panel = await finalAnswerOf(remove())
    expect(panel._tag).toBe("Update")
    expect(panel._tag === "Update" && panel.payload.content).toMatch(new RegExp(`^✅ <@${DRIVER}> `))
    expect(await refusalOf(remove())).toBe(`<@${DRIVER}> is removed by an admin in this event, so that does not apply.`)
  })

  it("GIVEN the capacity button THEN a form opens prefilled with today's capacity and the track's limit; a new capacity redraws the panel, one over the limit or not a number is refused", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    const opened = formOf(await answerOf(route(capacityButtonId.route)(press(ADMIN) as never, { event: EVENT_ID })))
    expect(opened?.custom_id).toBe(capacityFormId.encode({ event: EVENT_ID }))
    expect(JSON.stringify(opened)).toContain(`"value":"${DETAILS.capacity.maxDrivers}"`)
    expect(JSON.stringify(opened)).toContain(`At most ${DETAILS.track.pitSlots - DETAILS.capacity.broadcastSlots} at this track`)
    const capacity = (typed: string) => route(capacityFormId.route)(submit(ADMIN, { [CAPACITY_FIELD]: typed }) as never, { event: EVENT_ID })
    const panel = await finalAnswerOf(capacity("5"))
    expect(DETAILS.capacity.maxDrivers).not.toBe(5)
    expect(panel._tag).toBe("Update")
    expect(replyText(panel)).toContain("0 of 5 on the grid")
    const stored = await read(Effect.flatMap(Database, (db) => db.query("test", (k) => readEvent(k, GUILD, EVENT_ID))))
    expect(stored?.details.capacity.maxDrivers).toBe(5)
    expect(await refusalOf(capacity("500"))).toMatch(/38/)
    expect(await refusalOf(capacity("many"))).toMatch(/capacity/i)
  })

  it("GIVEN a new capacity THEN the card's redraw is left to the outbox (one EventCard row, no edit of its own) and the panel waits for that row and says how it went", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    await read(Effect.flatMap(Database, (db) => db.query("test", (k) => setEventCard(k, GUILD, EVENT_ID, { channelId: "1200000000000000001", messageId: "1200000000000000002" }))))
    const channelFetches: Array<string> = []
    const interaction = {
      ...(submit(ADMIN, { [CAPACITY_FIELD]: "5" }) as object),
      client: { users: { cache: new Map() }, channels: { fetch: async (id: string) => (channelFetches.push(id), null) } },
    }
    const settled: Array<ReadonlyArray<number>> = []
    const followUps = {
      wake: Effect.void,
      settle: (ids: ReadonlyArray<number>) => {
        settled.push(ids)
        return Effect.succeed(ids.map((id): DeliveryOutcome => ({ id, followUp: { _tag: "EventCard", guildId: "g", eventId: EVENT_ID }, state: "sent", attempts: 1, result: "Card updated in <#1>." })))
      },
    }
    const first = await answerOf(route(capacityFormId.route)(interaction as never, { event: EVENT_ID }))
    expect(first).toMatchObject({ _tag: "Later", holding: "panel" })
    const panel = first._tag === "Later" ? await answerOf(Effect.provideService(first.work, FollowUps, followUps)) : first
    expect(channelFetches).toEqual([])
    const cards = await read(Effect.flatMap(Database, (db) => db.query("test", (k) => k.selectFrom("outbox").select(["id", "kind"]).where("kind", "=", "EventCard").execute())))
    expect(cards).toHaveLength(1)
    expect(settled).toEqual([[cards[0]!.id]])
    expect(panel._tag === "Update" && panel.payload.content).toContain("✅ Card updated in <#1>.")
  })

  it("GIVEN the add or reset menu emptied THEN the panel is acknowledged and left as it was: no form, no change", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    expect(await answerOf(route(addPickId.route)(choose(ADMIN, []) as never, { event: EVENT_ID }))).toEqual(unchanged)
    expect(await answerOf(route(resetAttemptsId.route)(choose(ADMIN, []) as never, { event: EVENT_ID }))).toEqual(unchanged)
  })

  it("GIVEN an event that does not exist THEN the capacity button and the attempt reset are refused", async () => {
    await seedEvent(EVENT_ID, ADMIN)
    expect(await refusalOf(route(capacityButtonId.route)(press(ADMIN) as never, { event: "gone" }))).toMatch(/event/i)
    expect(await refusalOf(route(resetAttemptsId.route)(choose(ADMIN, [DRIVER]) as never, { event: "gone" }))).toMatch(/event/i)
  })
})
