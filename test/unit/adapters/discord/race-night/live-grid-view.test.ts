import { describe, expect, it } from "vitest"
import { EMBED_LIMITS } from "../../../../../src/adapters/discord/embeds.js"
import { embedCharacters, fitSection, renderLiveGrid } from "../../../../../src/adapters/discord/race-night/live-grid-view.js"
import { reminderDm, reminderHeadline, reminderMessages } from "../../../../../src/adapters/discord/race-night/live-grid-reminders-view.js"
import type { Reminder } from "../../../../../src/app/race-night/reminders.js"
import { AFTER_CLOSE, AFTER_START, BEFORE_OPEN, CHECK_IN_OPEN, CLOSES_AT, DETAILS } from "../../../../fixtures/participant/sample.js"
import { bigList, memberIdOf } from "../../../app/race-night/fixtures.js"
import type { StoredEvent } from "../../../../../src/domain/events/event.js"

const textOf = (payload: ReturnType<typeof renderLiveGrid>): string =>
  payload.embeds.flatMap((e) => [e.title ?? "", e.description ?? "", ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? ""]).join("\n")

const withinLimits = (payload: ReturnType<typeof renderLiveGrid>) => {
  expect(payload.embeds.length).toBeLessThanOrEqual(10)
  expect(embedCharacters(payload.embeds)).toBeLessThanOrEqual(EMBED_LIMITS.total)
  for (const embed of payload.embeds) {
    expect((embed.description ?? "").length).toBeLessThanOrEqual(EMBED_LIMITS.description)
    expect((embed.fields ?? []).length).toBeLessThanOrEqual(EMBED_LIMITS.fields)
    for (const field of embed.fields ?? []) {
      expect(field.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue)
      expect(field.value.length).toBeGreaterThan(0)
    }
  }
}

describe("the live grid message", () => {
  it("GIVEN 20 places, 18 registered and 6 checked in THEN the header counts 18/20 and each line has position, car number, name, team and check-in state", () => {
    const payload = renderLiveGrid({ title: "GT3 Sprint", list: bigList(18, 20), now: CHECK_IN_OPEN })
    const text = textOf(payload)
    expect(text).toContain("**18/20** on the grid")
    expect(text).toContain("✅ **6/18** checked in")
    expect(text).toContain("**0** on the waitlist")
    expect(text).toContain("`01` **#0** Driver 0 · Team 0 ✅")
    expect(text).toContain("`02` **#1** Driver 1 ⏳")
    expect(text).toContain("Check-in is open until")
    expect(text).not.toContain("Waitlist")
    expect(payload.allowedMentions).toEqual({ parse: [] })
    withinLimits(payload)
  })

  it("GIVEN a full grid and a waitlist THEN the waitlist follows the grid with its own positions", () => {
    const text = textOf(renderLiveGrid({ title: "GT3 Sprint", list: bigList(5, 3), now: CHECK_IN_OPEN }))
    expect(text.indexOf("Grid (3/3)")).toBeLessThan(text.indexOf("Waitlist (2)"))
    expect(text).toContain("`W1` #3 Driver 3 ✅")
    expect(text).toContain("`W2` #4 Driver 4 · Team 4 ⏳")
  })

  it("GIVEN 200 entrants with the longest names and teams THEN it stays within Discord's limits and says how many more there are", () => {
    const list = bigList(200, 150, { longNames: true })
    const payload = renderLiveGrid({ title: "x".repeat(300), list, now: CHECK_IN_OPEN })
    withinLimits(payload)
    const text = textOf(payload)
    expect(text).toMatch(/…and \d+ more on the grid/)
    expect(text).toMatch(/Waitlist \(50\)/)
    expect(text).toMatch(/…and (50|\d+) more waiting/)
    expect(embedCharacters(payload.embeds)).toBeGreaterThan(EMBED_LIMITS.total - 400)
  })

  it("GIVEN 200 ordinary entrants THEN as many lines as fit are shown, in grid order, with the rest counted exactly", () => {
    const payload = renderLiveGrid({ title: "Endurance", list: bigList(200, 200), now: CHECK_IN_OPEN })
    withinLimits(payload)
    const text = textOf(payload)
    const shown = [...text.matchAll(/^`(\d+)`/gm)].map((m) => Number(m[1]))
    expect(shown).toEqual(shown.map((_, i) => i + 1))
    expect(text).toContain(`…and ${200 - shown.length} more on the grid`)
  })

  it("GIVEN each phase of race night THEN the header says what happens next", () => {
    const list = bigList(2, 2)
    expect(textOf(renderLiveGrid({ title: "T", list, now: BEFORE_OPEN }))).toContain("Check-in opens")
    expect(textOf(renderLiveGrid({ title: "T", list, now: AFTER_CLOSE }))).toContain("Check-in closed")
    expect(textOf(renderLiveGrid({ title: "T", list, now: AFTER_START }))).toContain("This is the final grid")
    expect(textOf(renderLiveGrid({ title: "T", list, now: CHECK_IN_OPEN, cancelled: true }))).toContain("This event has been cancelled")
  })

  it("GIVEN nobody registered THEN the grid says how to join instead of showing an empty field", () => {
    const payload = renderLiveGrid({ title: "T", list: bigList(0, 10), now: CHECK_IN_OPEN })
    expect(textOf(payload)).toContain("**0/10** on the grid")
    expect(textOf(payload)).toContain("press Register on the event card")
    withinLimits(payload)
  })

  it("GIVEN markdown in a member's name or team THEN it is shown literally, not as formatting", () => {
    const list = bigList(1, 2)
    const entry = list.participants[0]!
    const styled = { ...entry, context: { ...entry.context, registration: { ...entry.context.registration!, fullName: "**Bold** _Ital_", teamName: "`Code`" } } }
    const text = textOf(renderLiveGrid({ title: "T", list: { ...list, participants: [styled as typeof entry] }, now: CHECK_IN_OPEN }))
    expect(text).toContain("\\*\\*Bold\\*\\* \\_Ital\\_ · \\`Code\\`")
  })

  it("GIVEN a section and a character budget THEN it shows the longest prefix that fits with the rest counted, or nothing at all", () => {
    const lines = ["a", "b", "c"]
    expect(fitSection("H", lines, (n) => `+${n}`, 1000)).toEqual([{ name: "H", value: "a\nb\nc" }])
    expect(fitSection("H", lines, (n) => `+${n}`, 5)).toEqual([{ name: "H", value: "a\n+2" }])
    expect(fitSection("H", lines, (n) => `+${n}`, 1)).toEqual([])
  })
})

const event = { id: "ev1", guildId: "g1", status: "published", details: DETAILS, cardChannelId: "c1", cardMessageId: "m1" } as unknown as StoredEvent
const reminder = (count: number, kind: Reminder["kind"] = "checkin-open"): Reminder => {
  const memberIds = Array.from({ length: count }, (_, i) => memberIdOf(i))
  return { kind, event, window: { opensAt: CHECK_IN_OPEN, closesAt: CLOSES_AT, startsAt: CLOSES_AT + 3_600_000 }, memberIds, dmMemberIds: memberIds }
}

describe("check-in reminders", () => {
  it("GIVEN 250 drivers not checked in THEN the mentions are split into messages of at most 2000 characters, each pinging exactly whom it names", () => {
    const messages = reminderMessages(reminder(250))
    expect(messages.length).toBeGreaterThan(2)
    expect(messages[0]!.content.startsWith(reminderHeadline(reminder(250)))).toBe(true)
    const pinged = messages.flatMap((m) => m.allowedMentions.users)
    expect(pinged).toEqual(reminder(250).memberIds)
    for (const message of messages) {
      expect(message.content.length).toBeLessThanOrEqual(2000)
      expect(message.allowedMentions.users.length).toBeLessThanOrEqual(100)
      const named = [...message.content.matchAll(/<@(\d+)>/g)].map((m) => m[1])
      expect(named).toEqual(message.allowedMentions.users)
    }
  })

  it("GIVEN nobody to remind THEN nothing is posted", () => {
    expect(reminderMessages(reminder(0))).toEqual([])
  })

  it("GIVEN the 15-minute reminder THEN the DM names the event, links the card and says how to stop DMs", () => {
    const dm = reminderDm(reminder(1, "reminder-before-close"))
    expect(dm).toContain("15 minutes left")
    expect(dm).toContain(DETAILS.details.title)
    expect(dm).toContain("https://discord.com/channels/g1/c1/m1")
    expect(dm).toContain("/reminders off")
  })
})
