import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { componentsOf, isEphemeral, replyOf, textOf, type TestBot } from "./harness.js"
import { publishEvent, refusedCallbacks, startRaceBot, type Card } from "./race-night-helpers.js"

/** The /event paths no other suite presses: list pages, draft discard, export refusals, the event autocomplete. */
describe("/event list, drafts, export and the event autocomplete", () => {
  let t: TestBot
  let cards: Card[]
  beforeAll(async () => {
    t = await startRaceBot()
    cards = []
    // Ten upcoming events, an hour apart, so the list (8 a page) has a second page.
    for (let i = 0; i < 10; i++) cards.push(await publishEvent(t, { title: `Round ${i + 1}`, maxDrivers: 10, startsIn: (i + 2) * 60 * 60 * 1000 }))
  })
  afterAll(async () => {
    await t.stop()
  })

  it("GIVEN ten upcoming events WHEN a member turns to the next page THEN the last two are shown, soonest first", async () => {
    const member = t.member("reader")
    const first = await replyOf(t.fake.slash({ user: member, command: "event", subcommand: "list" }))
    expect(textOf(first)).toContain("Round 1")
    expect(textOf(first)).not.toContain("Round 9")
    const next = componentsOf(first).find((c) => c.label === "Next ▶")!
    const second = await replyOf(t.fake.button({ user: member, customId: next.customId }))
    expect(textOf(second)).toContain("Round 9")
    expect(textOf(second)).toContain("Round 10")
    expect(textOf(second)).not.toMatch(/Round 1(?!\d)/)
  })

  it("GIVEN a page number past the end (a stale button) THEN the last page is shown instead", async () => {
    const member = t.member("late-reader")
    const first = await replyOf(t.fake.slash({ user: member, command: "event", subcommand: "list" }))
    const next = componentsOf(first).find((c) => c.label === "Next ▶")!
    const stale = next.customId.replace(/:1$/, ":7")
    const shown = await replyOf(t.fake.button({ user: member, customId: stale }))
    expect(componentsOf(shown).map((c) => c.label)).toContain("Page 2 of 2")
  })

  it("GIVEN an admin's draft WHEN they press Discard in /event drafts THEN it is gone", async () => {
    await replyOf(t.fake.slash({ user: t.fake.owner, command: "event", subcommand: "create" }))
    const drafts = await replyOf(t.fake.slash({ user: t.fake.owner, command: "event", subcommand: "drafts" }))
    const discard = componentsOf(drafts).find((c) => c.label === "Discard")!
    const after = await replyOf(t.fake.button({ user: t.fake.owner, customId: discard.customId }))
    expect(textOf(after)).toContain("Discarded")
    expect(textOf(after)).toContain("You have no drafts")
    const again = await replyOf(t.fake.slash({ user: t.fake.owner, command: "event", subcommand: "drafts" }))
    expect(componentsOf(again).filter((c) => c.label === "Discard")).toHaveLength(0)
  })

  it("GIVEN an event nobody registered for WHEN an admin exports it THEN they are told there is nothing to export", async () => {
    const reply = await replyOf(t.fake.slash({ user: t.fake.owner, command: "event", subcommand: "export", options: { event: cards[0]!.id } }))
    expect(isEphemeral(reply)).toBe(true)
    expect(textOf(reply)).toContain("nothing to export")
  })

  it("GIVEN an admin typing part of a title THEN the event option suggests the matching upcoming events", async () => {
    const reply = await replyOf(t.fake.autocomplete({ user: t.fake.owner, command: "event", subcommand: "manage", options: { event: "Round 1" }, focused: "event" }))
    const values = (reply.choices as Array<{ name: string; value: string }>).map((c) => c.value)
    expect(values).toContain(cards[0]!.id)
    expect(values).toContain(cards[9]!.id)
    expect(values).not.toContain(cards[1]!.id)
    expect(refusedCallbacks(t)).toEqual([])
  })
})
