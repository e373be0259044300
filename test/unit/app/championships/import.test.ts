import { join } from "node:path"
import * as Effect from "effect/Effect"
import { sql } from "kysely"
import { describe, expect, it } from "vitest"
import { importSeason } from "../../../../src/app/championships/import.js"
import { setIracingSeason } from "../../../../src/app/championships/scoring.js"
import { championshipTable } from "../../../../src/app/championships/standings-use-cases.js"
import { setPointsSystem } from "../../../../src/app/championships/scoring.js"
import { readQuery } from "../../../../src/app/transaction.js"
import { SAMPLE_LEAGUE_ID } from "../../../e2e/fake-iracing/fixtures.js"
import { SMALL_CUST_IDS, SMALL_SUBSESSIONS, smallSeasonFixture } from "../../../fixtures/championships/iracing-season.js"
import { SMALL_SYSTEM } from "../../../fixtures/championships/season.js"
import { ADMIN, addChampionship, championshipRuntime, GUILD, resultsSnapshot } from "../../../support/championship-runtime.js"
import { settingsFor, useWorld } from "../../adapters/iracing/helpers.js"

const SEASON = 5501

describe("importing a championship's results from iRacing", () => {
  const world = useWorld()

  const setUp = async () => {
    const runtime = championshipRuntime(join(world.dbPath), settingsFor(world.fake))
    await runtime.runPromise(
      Effect.all([
        addChampionship("c1"),
        setIracingSeason(GUILD, ADMIN, "c1", SAMPLE_LEAGUE_ID, SEASON),
        setPointsSystem(GUILD, ADMIN, "c1", { positions: SMALL_SYSTEM.positions.join(","), beyondTable: 0, pole: 1, fastestLap: 1, mostLapsLed: 1, dropWorst: 1, minimumLaps: 0, minimumPercentOfWinner: 50 }),
      ]),
    )
    return runtime
  }

  it("GIVEN a season imported once WHEN it is imported again THEN nothing stored changes and nothing more is announced", async () => {
    world.fake.addSeason(smallSeasonFixture(SAMPLE_LEAGUE_ID, SEASON))
    const runtime = await setUp()
    const first = await runtime.runPromise(importSeason(GUILD, ADMIN, "c1"))
    expect(first.imported).toEqual(SMALL_SUBSESSIONS)
    const before = await runtime.runPromise(resultsSnapshot)
    const second = await runtime.runPromise(importSeason(GUILD, ADMIN, "c1"))
    expect(second).toEqual({ imported: [], alreadyStored: SMALL_SUBSESSIONS, failed: [] })
    expect(await runtime.runPromise(resultsSnapshot)).toEqual(before)
    expect(before.sessions).toHaveLength(3)
    expect(before.results).toHaveLength(15)
    // Three imports, one standings post waiting: they fold into one.
    expect(before.outbox).toBe(1)
    await runtime.dispose()
  })

  it("GIVEN the second session fails while its results are written WHEN the season is imported THEN the first is whole, the second left no row at all, and a retry completes the season", async () => {
    world.fake.addSeason(smallSeasonFixture(SAMPLE_LEAGUE_ID, SEASON))
    const runtime = await setUp()
    // The second session's results fail to insert after its session row was written (a full disk,
    // a lost connection): a trigger on the real file. Bad data from iRacing (a driver twice) is
    // refused before any write now, so it can no longer stand in for this.
    const secondRound = sql.lit(`ir:${SMALL_SUBSESSIONS[1]}`)
    await runtime.runPromise(
      readQuery("test.break", (db) =>
        sql`CREATE TRIGGER fail_second_round BEFORE INSERT ON championship_results WHEN NEW.round_id = ${secondRound} BEGIN SELECT RAISE(ABORT, 'injected write failure'); END`.execute(db),
      ),
    )
    const failure = await runtime.runPromise(Effect.flip(importSeason(GUILD, ADMIN, "c1")))
    expect(failure._tag).toBe("DatabaseError")
    const after = await runtime.runPromise(resultsSnapshot)
    expect(after.sessions.map((s) => s.round_id)).toEqual([`ir:${SMALL_SUBSESSIONS[0]}`])
    expect(new Set(after.results.map((r) => r.round_id))).toEqual(new Set([`ir:${SMALL_SUBSESSIONS[0]}`]))
    expect(after.results).toHaveLength(6)

    await runtime.runPromise(readQuery("test.mend", (db) => sql`DROP TRIGGER fail_second_round`.execute(db)))
    const retry = await runtime.runPromise(importSeason(GUILD, ADMIN, "c1"))
    expect(retry).toEqual({ imported: SMALL_SUBSESSIONS.slice(1), alreadyStored: SMALL_SUBSESSIONS.slice(0, 1), failed: [] })
    await runtime.dispose()
  })

  it("GIVEN linked members WHEN results are imported THEN their rows name the member, and unlinked drivers keep their iRacing name", async () => {
    world.fake.addSeason(smallSeasonFixture(SAMPLE_LEAGUE_ID, SEASON))
    const runtime = await setUp()
    await runtime.runPromise(
      readQuery("test.link", (db) =>
        db.insertInto("member_links").values({ guild_id: GUILD, member_id: "700000000000000002", cust_id: SMALL_CUST_IDS.b!, iracing_name: "Driver B", linked_by: ADMIN, linked_at: 0 }).execute(),
      ),
    )
    await runtime.runPromise(importSeason(GUILD, ADMIN, "c1"))
    const table = await runtime.runPromise(championshipTable(GUILD, "c1"))
    const gt3 = table.standings.classes.find((c) => c.carClass === "GT3")!
    // No penalties here: A keeps round 2 (10 + led = 11), so A [12,11,0] 23; B [7,6,12] − 6 = 19; C [4,5,6] − 4 = 11; D [0,4,5] 9.
    expect(gt3.drivers.map((d) => [d.name, d.memberId, d.total])).toEqual([
      ["Driver A", null, 23],
      ["Driver B", "700000000000000002", 19],
      ["Driver C", null, 11],
      ["Driver D", null, 9],
    ])
    await runtime.dispose()
  })
})
