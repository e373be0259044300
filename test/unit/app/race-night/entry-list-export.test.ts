import { parse } from "csv/sync"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { entryListCsv, entryListJson } from "../../../../src/app/race-night/entry-list-export.js"
import { unsafeCarNumber } from "../../../../src/domain/numbers/car-number.js"
import { entryListFor, gridOf, waitlistOf } from "../../../../src/machines/race-night/entry-list.js"
import { ENTRY_EXPORT_COLUMNS, EventExport } from "../../../../src/machines/race-night/entry-list-rows.js"
import { register } from "../../../../src/machines/race-night/member-actions.js"
import { BEFORE_OPEN, CHECK_IN_OPEN, registrationOf } from "../../../fixtures/participant/sample.js"
import { bigList, eventWith } from "./fixtures.js"

const hostile = (() => {
  let list = entryListFor(eventWith(1))
  const people = [
    ["a", registrationOf("=HYPERLINK(\"https://evil.example\",\"x\")", { carNumber: unsafeCarNumber("07"), teamName: "@SUM(1+1)" })],
    ["b", registrationOf("Zoë \"Quotes\", Comma", { carNumber: unsafeCarNumber("7"), teamName: "-2+3" })],
  ] as const
  for (const [memberId, registration] of people) {
    const outcome = register(list, { memberId, actorId: memberId, at: BEFORE_OPEN, registration })
    list = outcome.list
  }
  return list
})()

const rowsOf = (csv: Buffer): Array<Record<string, string>> => parse(csv, { columns: true, bom: true }) as Array<Record<string, string>>

describe("the entry-list export files", () => {
  it("GIVEN the CSV THEN it starts with a UTF-8 BOM, parses back with the documented columns, grid first, and keeps 07 apart from 7", () => {
    const csv = entryListCsv(hostile, { b: "Zoë" })
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = rowsOf(csv)
    expect(Object.keys(rows[0]!)).toEqual(ENTRY_EXPORT_COLUMNS)
    expect(rows.map((r) => [r.status, r.position, r.car_number, r.member])).toEqual([
      ["grid", "1", "07", "a"],
      ["waitlist", "1", "7", "Zoë"],
    ])
    expect(rows[1]!.full_name).toBe("Zoë \"Quotes\", Comma")
  })

  it("GIVEN names and teams that look like formulas THEN no cell starts with a formula character", () => {
    for (const row of rowsOf(entryListCsv(hostile))) {
      for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    }
  })

  it("GIVEN the JSON THEN it decodes with the EventExport schema and keeps every value exactly", () => {
    const doc = Schema.decodeUnknownSync(EventExport)(JSON.parse(entryListJson(hostile, { title: "GT3", exportedAt: CHECK_IN_OPEN }).toString("utf8")))
    expect(doc.format).toBe("pitboard.entry-list.v1")
    expect(doc.grid.map((e) => [e.memberId, e.fullName, e.carNumber, e.team])).toEqual([["a", "=HYPERLINK(\"https://evil.example\",\"x\")", "07", "@SUM(1+1)"]])
    expect(doc.waitlist.map((e) => e.memberId)).toEqual(["b"])
  })

  it("GIVEN 200 entrants THEN the CSV has one row per entrant in grid then waitlist order", () => {
    const list = bigList(200, 150)
    const rows = rowsOf(entryListCsv(list))
    expect(rows).toHaveLength(200)
    expect(rows.map((r) => r.full_name)).toEqual([...gridOf(list), ...waitlistOf(list)].map((e) => e.registration.fullName))
  })
})
