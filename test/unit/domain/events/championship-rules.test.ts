import * as Either from "effect/Either"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  championshipNameKey,
  checkChampionshipForm,
  nextRound,
  orderRounds,
  rankChampionshipMatches,
  roundStatus,
  type RoundEvent,
} from "../../../../src/domain/events/championship-rules.js"

const refusal = <A>(result: Either.Either<A, string>): string => {
  if (Either.isRight(result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.right)}`)
  return result.left
}

describe("the championship form", () => {
  it("a name is trimmed with spaces collapsed; the description is trimmed and may be empty", () => {
    expect(checkChampionshipForm({ name: "  GT3   Sprint Cup ", description: "  Six rounds.\n\nBest five count.  " })).toEqual(
      Either.right({ name: "GT3 Sprint Cup", description: "Six rounds.\n\nBest five count." }),
    )
    expect(checkChampionshipForm({ name: "Cup", description: "" })).toEqual(Either.right({ name: "Cup", description: "" }))
  })

  it("a blank or over-long name and an over-long description are refused with what to do", () => {
    expect(refusal(checkChampionshipForm({ name: "   ", description: "" }))).toContain("needs a name")
    expect(Either.isRight(checkChampionshipForm({ name: "n".repeat(100), description: "d".repeat(1000) }))).toBe(true)
    expect(refusal(checkChampionshipForm({ name: "n".repeat(101), description: "" }))).toContain("101 characters; the limit is 100")
    expect(refusal(checkChampionshipForm({ name: "Cup", description: "d".repeat(1001) }))).toContain("1001 characters; the limit is 1000")
  })

  it("names that differ only in case or spacing are the same championship", () => {
    expect(championshipNameKey(" GT3  Sprint cup")).toBe(championshipNameKey("gt3 sprint CUP"))
    expect(championshipNameKey("GT3 Sprint")).not.toBe(championshipNameKey("GT3 Sprint Cup"))
  })
})

describe("rounds", () => {
  const now = 1_800_000_000_000
  const hour = 3_600_000
  const event = (id: string, startsAt: number, status: RoundEvent["status"] = "published"): RoundEvent => ({ id, status, startsAt, endsAt: startsAt + 2 * hour })

  it("status: cancelled wins; otherwise finished once ended, in progress once started, else upcoming", () => {
    expect(roundStatus(event("a", now - 3 * hour), now)).toBe("finished")
    expect(roundStatus(event("a", now - hour), now)).toBe("in progress")
    expect(roundStatus(event("a", now + hour), now)).toBe("upcoming")
    expect(roundStatus(event("a", now - 3 * hour, "cancelled"), now)).toBe("cancelled")
    expect(roundStatus({ id: "a", status: "published", startsAt: now - 2 * hour, endsAt: now }, now)).toBe("finished")
  })

  it("rounds are numbered from 1 in start order; a cancelled round keeps its number", () => {
    const rounds = orderRounds([event("c", now + 10 * hour), event("a", now - 10 * hour), event("b", now + hour, "cancelled")], now)
    expect(rounds.map((r) => [r.round, r.id, r.roundStatus])).toEqual([
      [1, "a", "finished"],
      [2, "b", "cancelled"],
      [3, "c", "upcoming"],
    ])
    expect(nextRound(rounds)?.id).toBe("c")
    expect(nextRound(orderRounds([event("a", now - 10 * hour)], now))).toBeUndefined()
  })

  it("PROPERTY: any input order gives the same rounds, numbered 1..n by start time", () => {
    const events = fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z0-9]{1,6}$/), startsAt: fc.integer({ min: 0, max: 1000 }).map((h) => now + (h - 500) * hour), cancelled: fc.boolean() }), { selector: (e) => e.id, maxLength: 20 })
    fc.assert(
      fc.property(events, fc.integer(), (raw, seed) => {
        const input = raw.map((e) => event(e.id, e.startsAt, e.cancelled ? "cancelled" : "published"))
        const shuffled = [...input].sort((a, b) => ((a.id.charCodeAt(0) * seed) % 7) - ((b.id.charCodeAt(0) * seed) % 7))
        const rounds = orderRounds(shuffled, now)
        expect(rounds).toEqual(orderRounds(input, now))
        expect(rounds.map((r) => r.round)).toEqual(input.map((_, i) => i + 1))
        for (let i = 1; i < rounds.length; i++) expect(rounds[i]!.startsAt).toBeGreaterThanOrEqual(rounds[i - 1]!.startsAt)
      }),
    )
  })
})

describe("autocomplete order", () => {
  it("names starting with the text first, then a word starting with it, then anything containing it", () => {
    const all = [{ name: "Endurance Series" }, { name: "GT3 Sprint Cup" }, { name: "Sprint League" }, { name: "Winter Cup" }]
    expect(rankChampionshipMatches(all, "sprint").map((c) => c.name)).toEqual(["Sprint League", "GT3 Sprint Cup"])
    expect(rankChampionshipMatches(all, "nter").map((c) => c.name)).toEqual(["Winter Cup"])
    expect(rankChampionshipMatches(all, "")).toEqual(all)
  })
})
