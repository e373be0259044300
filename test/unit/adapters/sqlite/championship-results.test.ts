import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { openDatabase } from "../../../../src/adapters/sqlite/database.js"
import { insertChampionship } from "../../../../src/adapters/sqlite/repositories/championships.js"
import { deletePenalty, insertPenalty, insertSession, readPenalties, readRounds, readScoring, saveScoring } from "../../../../src/adapters/sqlite/repositories/championship-results.js"
import { PRESETS } from "../../../../src/domain/championships/points.js"
import { SMALL_PENALTIES, SMALL_SEASON } from "../../../fixtures/championships/season.js"
import { useTempDir, useOpenedDatabases } from "../../../support/sqlite-test-database.js"

const GUILD = "900000000000000001"

describe("championship results storage", () => {
  const tempDir = useTempDir()
  const closing = useOpenedDatabases()

  const open = async () => {
    const db = closing(await openDatabase(join(tempDir(), "results.db")))
    await insertChampionship(db, GUILD, "c1", { name: "GT3 Cup", nameKey: "gt3 cup", description: "" }, 0)
    return db
  }

  it("GIVEN rounds stored out of order THEN they come back with every field, numbered by start time", async () => {
    const db = await open()
    for (const round of [...SMALL_SEASON].reverse()) {
      await insertSession(db, GUILD, "c1", { roundId: round.roundId, source: "manual", subsessionId: null, eventId: null, label: round.label, startsAt: round.startsAt }, round.results, "admin", 0)
    }
    const rounds = await readRounds(db, GUILD, "c1")
    expect(rounds.map((r) => [r.roundId, r.round])).toEqual([["r1", 1], ["r2", 2], ["r3", 3]])
    const sortById = <T extends { driverId: string }>(rows: ReadonlyArray<T>) => [...rows].sort((a, b) => (a.driverId < b.driverId ? -1 : 1))
    rounds.forEach((round, i) => expect(sortById(round.results)).toEqual(sortById(SMALL_SEASON[i]!.results)))
  })

  it("GIVEN a points system and penalties THEN they are read back as given, and a removed penalty is gone", async () => {
    const db = await open()
    expect((await readScoring(db, GUILD, "c1")).system.name).toContain("iRacing-style")
    await saveScoring(db, GUILD, "c1", { system: { ...PRESETS.f1, dropWorst: 2 }, iracingLeagueId: 13561, iracingSeasonId: 5501 }, "admin", 1)
    expect(await readScoring(db, GUILD, "c1")).toEqual({ system: { ...PRESETS.f1, dropWorst: 2 }, iracingLeagueId: 13561, iracingSeasonId: 5501 })
    for (const penalty of SMALL_PENALTIES) await insertPenalty(db, GUILD, "c1", penalty)
    expect(await readPenalties(db, GUILD, "c1")).toEqual(SMALL_PENALTIES)
    expect(await deletePenalty(db, GUILD, "c1", "p1")).toEqual(SMALL_PENALTIES[0])
    expect(await readPenalties(db, GUILD, "c1")).toEqual([SMALL_PENALTIES[1]])
  })

  it("GIVEN the stewards module THEN a grant of it is stored", async () => {
    const db = await open()
    await db.insertInto("module_grants").values({ guild_id: GUILD, module: "stewards", subject_type: "role", subject_id: "2", granted_by: "3", granted_at: 0 }).execute()
    expect(await db.selectFrom("module_grants").select("module").execute()).toEqual([{ module: "stewards" }])
  })
})
