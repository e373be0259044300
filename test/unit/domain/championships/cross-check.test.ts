import { describe, expect, it } from "vitest"
import { crossCheckTeams } from "../../../../src/domain/championships/cross-check.js"
import { computeStandings } from "../../../../src/domain/championships/standings.js"
import { finisher } from "../../../fixtures/championships/season.js"
import { RENAMED_BLUE, RENAMED_TEAM_ROUNDS, TEAM_SYSTEM } from "../../../fixtures/championships/iracing-team-season.js"

describe("cross-check of team standings with iRacing's", () => {
  // Ours: Blue Flag Racing (9002, renamed) P1 20, Apex Racing (9001) P2 16, Garage Team (by hand) P3 10, Curbstone (9003) P4 6.
  const handEntered = { roundId: "manual:1", round: 3, label: "R3", startsAt: 3, results: [finisher("name:zed", { team: "Garage Team", classPosition: 1, fastestLapMs: null })] }
  const ours = computeStandings({ rounds: [...RENAMED_TEAM_ROUNDS, handEntered], penalties: [], system: TEAM_SYSTEM })

  it("GIVEN iRacing's team rows THEN teams are matched by team id whatever their name, and only differences are listed", () => {
    const theirs = [
      { teamId: 9002, name: "Blue Flag", position: 1, points: 20 },
      { teamId: 9001, name: "Apex Racing", position: 2, points: 18 },
      { teamId: 9004, name: "Ghost", position: 4, points: 2 },
    ]
    expect(crossCheckTeams(ours, theirs)).toEqual([
      { name: "Apex Racing", teamId: 9001, ours: { carClass: "GT3", position: 2, total: 16 }, theirs: { position: 2, points: 18 } },
      { name: "Curbstone", teamId: 9003, ours: { carClass: "GT3", position: 4, total: 6 }, theirs: null },
      { name: "Ghost", teamId: 9004, ours: null, theirs: { position: 4, points: 2 } },
    ])
    // The hand-entered team, unknown to iRacing, is not reported missing there; Blue Flag's rename is no difference.
    expect(ours.classes[0]!.teams.map((t) => t.team)).toContain("Garage Team")
    expect(crossCheckTeams(ours, theirs).map((d) => d.name)).not.toContain(RENAMED_BLUE)
  })
})
