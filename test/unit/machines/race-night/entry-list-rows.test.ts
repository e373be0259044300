import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { unsafeCarNumber } from "../../../../src/domain/numbers/car-number.js"
import { checkIn, register } from "../../../../src/machines/race-night/member-actions.js"
import { ENTRY_EXPORT_COLUMNS, EventExport, entryExportRows, eventExport } from "../../../../src/machines/race-night/entry-list-rows.js"
import { BEFORE_OPEN, CHECK_IN_OPEN, registrationOf, STEAM_ID } from "../../../fixtures/participant/sample.js"
import { emptyList, ok } from "./helpers.js"

const T = BEFORE_OPEN
const list = (() => {
  let l = emptyList(1)
  l = ok(register(l, { memberId: "ana", actorId: "ana", at: T, registration: registrationOf("=HYPERLINK(\"x\")", { carNumber: unsafeCarNumber("07"), teamName: "+Team", liveryUrl: "https://x.example.org/l.png" }) }))
  l = ok(register(l, { memberId: "ben", actorId: "ben", at: T + 60_000, registration: registrationOf("Ben Steam", { platform: "steam", driverId: STEAM_ID, carNumber: null }) }))
  return ok(checkIn(l, { memberId: "ana", at: CHECK_IN_OPEN }))
})()

describe("entry list export", () => {
  it("GIVEN a grid and a waitlist THEN one row each, grid first, with every column filled from the registration", () => {
    const rows = entryExportRows(list, { ben: "BenTheRacer" })
    expect(Object.keys(rows[0] ?? {})).toEqual(ENTRY_EXPORT_COLUMNS)
    expect(rows).toEqual([
      {
        position: "1", status: "grid", member: "ana", full_name: "'=HYPERLINK(\"x\")", iracing_id: "100015", steam_id: "", car_number: "07",
        vehicle: "BMW M4 GT3", team: "'+Team", livery_url: "https://x.example.org/l.png", checked_in: "yes", registered_at: new Date(T).toISOString(),
      },
      {
        position: "1", status: "waitlist", member: "BenTheRacer", full_name: "Ben Steam", iracing_id: "", steam_id: STEAM_ID, car_number: "",
        vehicle: "BMW M4 GT3", team: "", livery_url: "", checked_in: "no", registered_at: new Date(T + 60_000).toISOString(),
      },
    ])
  })

  it("GIVEN the JSON export THEN it matches the documented EventExport shape, survives JSON, and keeps values exactly", () => {
    const doc = eventExport(list, { title: "GT3 Sprint", exportedAt: CHECK_IN_OPEN })
    const decoded = Schema.decodeUnknownSync(EventExport)(JSON.parse(JSON.stringify(doc)))
    expect(decoded).toEqual(doc)
    expect(doc).toMatchObject({ format: "pitboard.entry-list.v1", eventId: "ev1", capacity: 1, exportedAt: new Date(CHECK_IN_OPEN).toISOString() })
    expect(doc.grid[0]).toMatchObject({ fullName: "=HYPERLINK(\"x\")", carNumber: "07", checkedIn: true, memberName: null, steamId64: null })
    expect(doc.waitlist[0]).toMatchObject({ memberId: "ben", platform: "steam", steamId64: STEAM_ID, iracingCustomerId: null })
  })

  it("GIVEN an empty list THEN no rows and empty arrays", () => {
    expect(entryExportRows(emptyList())).toEqual([])
    expect(eventExport(emptyList(), { title: "x", exportedAt: 0 })).toMatchObject({ grid: [], waitlist: [] })
  })
})
