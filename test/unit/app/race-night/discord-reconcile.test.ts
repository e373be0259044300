import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { Database } from "../../../../src/adapters/sqlite/database.js"
import { MemberRoles, reconcileUpcoming } from "../../../../src/app/race-night/discord-reconcile.js"
import { useHandlers } from "../../../support/discord-handlers.js"

const ADMIN = "800000000000000001"
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Discord as the reconciliation asks it: nobody holds the driver role (the events here have nobody on them). */
const nobodyHoldsIt = Effect.provideService(MemberRoles, { serves: () => true, holding: () => Effect.succeed(new Map()) })

describe("reconciling upcoming events with Discord", () => {
  const { read, seedEvent } = useHandlers()
  const cardsQueued = () =>
    read(Effect.flatMap(Database, (db) => db.query("test.outbox", (k) => k.selectFrom("outbox").select("payload_json").where("kind", "=", "EventCard").execute())).pipe(Effect.orDie)).then((rows) =>
      rows.map((row) => (JSON.parse(row.payload_json) as { eventId: string }).eventId).sort(),
    )

  it("GIVEN an event created before start-up and one published after THEN start-up shows the older one's card again, not the new one's (its card is on its way already); later rounds show no cards", async () => {
    await seedEvent("before-start", ADMIN)
    await pause(5)
    const startedAt = Date.now()
    await pause(5)
    await seedEvent("after-start", ADMIN)

    const reconciled = await read(reconcileUpcoming({ cardsOfEventsBefore: startedAt }).pipe(nobodyHoldsIt))
    expect(reconciled.map((r) => r.eventId).sort()).toEqual(["after-start", "before-start"])
    expect(await cardsQueued()).toEqual(["before-start"])

    await read(reconcileUpcoming({ cardsOfEventsBefore: null }).pipe(nobodyHoldsIt))
    expect(await cardsQueued()).toEqual(["before-start"])
  })
})
