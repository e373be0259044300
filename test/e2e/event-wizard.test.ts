import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Database } from "../../src/adapters/sqlite/database.js"
import type { SeedUser } from "./fake-discord/index.js"
import { componentsOf, isEphemeral, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"

type Obj = Record<string, any>

const YEAR = new Date().getUTCFullYear() + 1
/** 20:00 in London on 5 June is 19:00 UTC (summer time). */
const START = Date.UTC(YEAR, 5, 5, 19, 0)
const unix = (ms: number) => Math.floor(ms / 1000)

/**
 * An admin builds an event through the wizard against the fake Discord, with a restart in the
 * middle, then publishes it: card, scheduled event and calendar files.
 */
describe("event wizard: /event create to a published event", () => {
  let t: TestBot
  let otherAdmin: SeedUser
  let member: SeedUser
  let eventsChannel: string
  let lockedChannel: string
  let admins = 0

  beforeAll(async () => {
    t = await startTestBot({
      fake: { guilds: [{ roles: [{ name: "Drivers" }, { name: "Stewards" }], channels: [{ name: "general" }, { name: "events" }, { name: "roster" }, { name: "locked", botCanSend: false }] }] },
    })
    otherAdmin = t.member("second-admin", "admin")
    member = t.member("driver")
    eventsChannel = t.fake.channel("events")
    lockedChannel = t.fake.channel("locked")
    await t.bot.runtime.runPromise(
      Effect.flatMap(Database, (db) =>
        db.query("seed", (k) =>
          k
            .insertInto("tracks")
            .values([
              { guild_id: t.fake.guildId, id: "spa", name: "Spa-Francorchamps", layout: "", name_key: "spa-francorchamps|", pit_slots: 40, broadcast_slots: 2, details: "", image_url: null, created_at: 0 },
              { guild_id: t.fake.guildId, id: "lime", name: "Lime Rock Park", layout: "", name_key: "lime rock park|", pit_slots: 20, broadcast_slots: 0, details: "", image_url: null, created_at: 0 },
            ])
            .execute(),
        ),
      ),
    )
  })
  afterAll(async () => {
    await t.stop()
  })

  const idOn = (message: Obj, route: string, last: string) => {
    const found = componentsOf(message).find((c) => c.customId?.startsWith(`1:${route}:`) && c.customId.endsWith(`:${last}`))
    if (found === undefined) throw new Error(`no ${route} …:${last} on ${JSON.stringify(componentsOf(message).map((c) => c.customId))}`)
    return found.customId
  }

  /**
   * One admin's wizard panel. Every case opens its own with a fresh admin (an admin has one open
   * draft at a time), so each case sets up exactly what it needs and runs alone.
   */
  const openWizard = async () => {
    const owner = t.member(`wizard-admin-${++admins}`, "admin")
    const handle = t.fake.slash({ user: owner, command: "event", subcommand: "create" })
    const opened = await replyOf(handle)
    let panelId = String(handle.original()?.id)
    const panel = () => t.fake.message(panelId)!
    const nav = (act: string, user = owner) => replyOf(t.fake.button({ user, customId: idOn(panel(), "ev.nav", act), message: panelId }))
    const pick = (what: string, value: string, user = owner) => replyOf(t.fake.select({ user, customId: idOn(panel(), "ev.pick", what), values: [value], message: panelId }))
    const pickRoleOrChannel = (what: string, value: string, componentType: 6 | 8) =>
      replyOf(t.fake.select({ user: owner, customId: idOn(panel(), "ev.rc", what), values: [value], componentType, message: panelId }))
    /** Presses "Enter …", checks a modal opened, and submits it with `fields`. */
    const fillForm = async (fields: Record<string, string | boolean>) => {
      const form = await nav("open")
      expect(form.callbackType).toBe(9)
      return replyOf(t.fake.modalSubmit({ user: owner, customId: form.custom_id, fields }))
    }
    const heading = () => String(panel().embeds[0].title)
    /** The answers every case shares, step by step, up to (not including) `step`. */
    const answers: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
      ["details", () => fillForm({ title: "GT3 Sprint — Round 4", description: "Two 45-minute sprints." })],
      ["timezone", () => pick("timezone", "Europe/London")],
      ["schedule", () => fillForm({ start: `${YEAR}-06-05 20:00`, duration: "1h30" })],
      ["vehicles", () => pick("vehicles", "gt3")],
      ["track", () => pick("track", "spa")],
      ["capacity", () => fillForm({ "max-drivers": "30", "broadcast-slots": "2" })],
      ["teams", () => pick("teams", "2")],
      [
        "rolesAndChannels",
        async () => {
          await pickRoleOrChannel("driver", t.fake.role("Drivers"), 6)
          await pickRoleOrChannel("publish", eventsChannel, 8)
          await pickRoleOrChannel("roster", t.fake.channel("roster"), 8)
          await pickRoleOrChannel("steward", t.fake.role("Stewards"), 6)
          await nav("next")
        },
      ],
      ["rules", () => fillForm({ "special-rules": "No overtaking under yellow.", "regulation-url": "https://league.example.org/rules", "liveries-url": "", "check-in": "", briefing: true })],
      ["championship", () => pick("championship", "none")],
    ]
    const answerUpTo = async (step: string | "review") => {
      for (const [answered, answer] of answers) {
        if (answered === step) return
        await answer()
      }
    }
    /** A published event's card, from a wizard answered all the way. */
    const publish = async () => {
      await answerUpTo("review")
      const published = await nav("publish")
      const card = t.fake.channelMessages(eventsChannel).at(-1)!
      return { published, card, eventId: String(/Event (\S+)/.exec(card.embeds[0].footer.text)![1]) }
    }
    return {
      owner,
      opened,
      panel,
      nav,
      pick,
      pickRoleOrChannel,
      fillForm,
      heading,
      answerUpTo,
      publish,
      get panelId() {
        return panelId
      },
      set panelId(id: string) {
        panelId = id
      },
    }
  }

  it("GIVEN an admin runs /event create THEN a private panel opens at step 1 with an Enter button and Back/Cancel/Save-and-close", async () => {
    const w = await openWizard()
    expect(isEphemeral(w.opened)).toBe(true)
    expect(w.heading()).toBe("New event · Step 1 of 11: Title and description")
    expect(componentsOf(w.opened).map((c) => c.label)).toEqual(["Enter title and description", "Back", "Cancel draft", "Save and close"])
  })

  it("GIVEN the title modal and a time zone pick THEN the panel moves on and remembers the zone", async () => {
    const w = await openWizard()
    const saved = await w.fillForm({ title: "GT3 Sprint — Round 4", description: "Two 45-minute sprints." })
    expect(saved.callbackType).toBe(7)
    expect(textOf(saved)).toContain("Saved the title “GT3 Sprint — Round 4”")
    expect(w.heading()).toContain("Step 2 of 11: Time zone")
    const zoned = await w.pick("timezone", "Europe/London")
    expect(textOf(zoned)).toContain("Time zone: **Europe/London**")
    expect(w.heading()).toContain("Step 3 of 11")
  })

  it("GIVEN a start in the past THEN it is refused with the reason and the draft stays on the same step", async () => {
    const w = await openWizard()
    await w.answerUpTo("schedule")
    const refused = await w.fillForm({ start: "2020-01-01 20:00", duration: "90" })
    expect(refused.callbackType).toBe(4)
    expect(isEphemeral(refused)).toBe(true)
    expect(textOf(refused)).toContain("2020-01-01 20:00 in Europe/London is in the past")
    expect(w.heading()).toContain("Step 3 of 11: Date, start time and duration")
    expect(textOf(w.panel())).not.toContain("**Start:**")
  })

  it("GIVEN a start and duration THEN the panel echoes them as Discord timestamps", async () => {
    const w = await openWizard()
    await w.answerUpTo("schedule")
    const scheduled = await w.fillForm({ start: `${YEAR}-06-05 20:00`, duration: "1h30" })
    expect(textOf(scheduled)).toContain(`Start: <t:${unix(START)}:F> (<t:${unix(START)}:R>), lasting 1 h 30 min`)
    expect(w.heading()).toContain("Step 4 of 11: Vehicles")
  })

  it("GIVEN another admin presses the owner's panel THEN they are refused and the panel is untouched", async () => {
    const w = await openWizard()
    await w.answerUpTo("vehicles")
    const before = JSON.stringify(w.panel())
    const refused = await w.nav("back", otherAdmin)
    expect(isEphemeral(refused)).toBe(true)
    expect(textOf(refused)).toContain(`Only <@${w.owner.id}> can use this wizard panel`)
    expect(JSON.stringify(w.panel())).toBe(before)
  })

  it("GIVEN a second panel of the same draft WHEN the older one is clicked THEN it says it is out of date and shows the current draft", async () => {
    const w = await openWizard()
    await w.answerUpTo("vehicles")
    const oldPanelId = w.panelId
    const oldBack = idOn(w.panel(), "ev.nav", "back")
    const handle = t.fake.slash({ user: w.owner, command: "event", subcommand: "create" })
    const second = await replyOf(handle)
    expect(textOf(second)).toContain("You already have an event draft open; here it is")
    w.panelId = String(handle.original()?.id)
    await w.pick("vehicles", "gt3")
    expect(w.heading()).toContain("Step 5 of 11: Track")
    const stale = await replyOf(t.fake.button({ user: w.owner, customId: oldBack, message: oldPanelId }))
    expect(stale.callbackType).toBe(7)
    expect(textOf(stale)).toContain("out of date")
    expect(String(stale.embeds[0].title)).toContain("Step 5 of 11: Track")
    expect(w.heading()).toContain("Step 5 of 11: Track")
  })

  it("GIVEN the bot restarts mid-wizard WHEN the admin resumes from /event drafts THEN every answer is still there", async () => {
    const w = await openWizard()
    await w.answerUpTo("track")
    await t.restart()
    const handle = t.fake.slash({ user: w.owner, command: "event", subcommand: "drafts" })
    const list = await replyOf(handle)
    expect(textOf(list)).toContain("**GT3 Sprint — Round 4** · new event")
    const resume = componentsOf(list).find((c) => c.label?.startsWith("Resume"))!
    w.panelId = String(handle.original()?.id)
    const resumed = await replyOf(t.fake.button({ user: w.owner, customId: resume.customId, message: w.panelId }))
    expect(textOf(resumed)).toContain("Resumed your draft")
    expect(w.heading()).toContain("Step 5 of 11: Track")
    expect(textOf(w.panel())).toContain("**Vehicles (10):** Acura NSX GT3 EVO 22")
    expect(textOf(w.panel())).toContain(`**Start:** <t:${unix(START)}:F>`)
  })

  it("GIVEN the track pick THEN the capacity step shows the limit; more drivers than pit slots allow are refused with the limit", async () => {
    const w = await openWizard()
    await w.answerUpTo("track")
    await w.pick("track", "spa")
    expect(textOf(w.panel())).toContain("**at most 38 drivers** fit")
    const tooMany = await w.fillForm({ "max-drivers": "50", "broadcast-slots": "2" })
    expect(isEphemeral(tooMany)).toBe(true)
    expect(textOf(tooMany)).toContain("so at most 38 drivers fit. Enter 38 or fewer")
    expect(w.heading()).toContain("Step 6 of 11")
    await w.fillForm({ "max-drivers": "30", "broadcast-slots": "2" })
    expect(w.heading()).toContain("Step 7 of 11: Teams")
    await w.pick("teams", "2")
    expect(w.heading()).toContain("Step 8 of 11: Roles and channels")
  })

  it("GIVEN roles and channels THEN a channel the bot can't post in is refused with what to fix; good picks apply on Continue", async () => {
    const w = await openWizard()
    await w.answerUpTo("rolesAndChannels")
    await w.pickRoleOrChannel("driver", t.fake.role("Drivers"), 6)
    const locked = await w.pickRoleOrChannel("publish", lockedChannel, 8)
    expect(isEphemeral(locked)).toBe(true)
    expect(textOf(locked)).toContain(`Pitboard can't post the event card in <#${lockedChannel}>: it lacks **Send Messages** there`)
    await w.pickRoleOrChannel("publish", eventsChannel, 8)
    await w.pickRoleOrChannel("roster", t.fake.channel("roster"), 8)
    await w.pickRoleOrChannel("steward", t.fake.role("Stewards"), 6)
    expect(textOf(w.panel())).toContain("Press **Continue** when the picks are right")
    const saved = await w.nav("next")
    expect(textOf(saved)).toContain("Saved the roles and channels")
    expect(w.heading()).toContain("Step 9 of 11: Rules")
  })

  it("GIVEN rules and no championship THEN the review shows the whole event as it will be published", async () => {
    const w = await openWizard()
    await w.answerUpTo("rules")
    const badLink = await w.fillForm({ "special-rules": "", "regulation-url": "http://league.example.org/rules", "liveries-url": "", "check-in": "", briefing: true })
    expect(textOf(badLink)).toContain("must start with https://")
    await w.fillForm({ "special-rules": "No overtaking under yellow.", "regulation-url": "https://league.example.org/rules", "liveries-url": "", "check-in": "", briefing: true })
    await w.pick("championship", "none")
    const review = w.panel()
    expect(w.heading()).toContain("Step 11 of 11: Review and publish")
    expect(review.embeds[1].title).toBe("GT3 Sprint — Round 4")
    expect(textOf(review)).toContain("Every step is answered and checks out.")
    expect(componentsOf(review).map((c) => c.label)).toContain("Publish")
  })

  it("GIVEN review WHEN an admin edits one step THEN the wizard jumps there and back to review", async () => {
    const w = await openWizard()
    await w.answerUpTo("review")
    await w.pick("edit", "capacity")
    expect(w.heading()).toContain("Step 6 of 11")
    await w.fillForm({ "max-drivers": "32", "broadcast-slots": "2" })
    expect(w.heading()).toContain("Review and publish")
    expect(textOf(w.panel())).toContain("32 drivers")
  })

  it("GIVEN Publish THEN the card is posted with the fields and buttons, and a Discord event exists with the right times and place", async () => {
    const w = await openWizard()
    const { published, card } = await w.publish()
    expect(textOf(published)).toContain("Published: GT3 Sprint — Round 4")
    expect(textOf(published)).toContain(`Card posted in <#${eventsChannel}>`)
    expect(textOf(published)).toContain("Discord event created")
    const text = textOf(card)
    expect(card.embeds[0].title).toBe("GT3 Sprint — Round 4")
    expect(text).toContain(`<t:${unix(START)}:F>`)
    expect(text).toContain(`<t:${unix(START - 60 * 60_000)}:F> (60 min before the start)`)
    expect(text).toContain("Spa-Francorchamps")
    expect(text).toContain("Porsche 911 GT3 R (992)")
    expect(text).toContain("30 drivers · 2 broadcast slots")
    expect(text).toContain("[Regulations](https://league.example.org/rules)")
    expect(text).toContain(`Stewards: <@&${t.fake.role("Stewards")}>`)
    expect(text).toContain(`Roster in <#${t.fake.channel("roster")}>`)
    expect(componentsOf(card).map((c) => c.label)).toEqual(["Register", "Withdraw", "Check in", "Check out", "Calendar", "Regulations"])
    const scheduled = t.fake.scheduledEvents().at(-1)
    expect(scheduled).toMatchObject({
      name: "GT3 Sprint — Round 4",
      entity_type: 3,
      entity_metadata: { location: "Spa-Francorchamps" },
      scheduled_start_time: new Date(START).toISOString(),
      scheduled_end_time: new Date(START + 90 * 60_000).toISOString(),
      status: 1,
    })
    expect(String(scheduled?.description).length).toBeLessThanOrEqual(1000)
  })

  it("GIVEN the card WHEN a member presses Calendar THEN they privately get a Google link and an .ics that parses", async () => {
    const w = await openWizard()
    const { card, eventId } = await w.publish()
    const handle = t.fake.button({ user: member, customId: idOn(card, "ev.cal", eventId), message: card.id })
    await replyOf(handle)
    const reply = handle.original()!
    expect(isEphemeral(reply)).toBe(true)
    const google = (reply.components as Obj[])[0]!.components[0]
    expect(google.url).toMatch(/^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE/)
    expect(google.url).toContain(`dates=${YEAR}0605T190000Z%2F${YEAR}0605T203000Z`)
    const attachment = (reply.attachments as Obj[])[0]!
    expect(attachment.filename).toBe("gt3-sprint-round-4.ics")
    const ics = await (await fetch(attachment.url)).text()
    const lines = ics.split("\r\n")
    expect(lines).toContain(`UID:${eventId}`)
    expect(lines).toContain(`DTSTART:${YEAR}0605T190000Z`)
    expect(lines).toContain(`DTEND:${YEAR}0605T203000Z`)
    expect(lines).toContain("LOCATION:Spa-Francorchamps")
    expect(lines).toContain("URL:https://league.example.org/rules")
    expect(lines[0]).toBe("BEGIN:VCALENDAR")
    const register = await replyOf(t.fake.button({ user: member, customId: idOn(card, "ev.card", "register"), message: card.id }))
    // Registration itself is race night's to test; here it only has to be a working button.
    expect([4, 7, 9]).toContain(register.callbackType)
    expect(textOf(register)).not.toMatch(/doesn't recognise|older version/)
  })

  it("GIVEN the draft was published THEN it is gone from /event drafts and the old panel's buttons say so", async () => {
    const w = await openWizard()
    const oldBack = idOn(w.panel(), "ev.nav", "back")
    await w.publish()
    const list = await replyOf(t.fake.slash({ user: w.owner, command: "event", subcommand: "drafts" }))
    expect(textOf(list)).toContain("You have no drafts")
    const gone = await replyOf(t.fake.button({ user: w.owner, customId: oldBack }))
    expect(textOf(gone)).toContain("That draft no longer exists")
  })

  it("GIVEN the admin's next /event create THEN their time zone is pre-selected with a one-click Use button; Cancel draft throws the draft away", async () => {
    const first = await openWizard()
    await first.answerUpTo("schedule")
    await first.nav("cancel")
    const handle = t.fake.slash({ user: first.owner, command: "event", subcommand: "create" })
    await replyOf(handle)
    const w = first
    w.panelId = String(handle.original()?.id)
    await w.fillForm({ title: "Round 5", description: "" })
    const zoneMenu = (w.panel().components as Obj[]).flatMap((row) => row.components).find((c: Obj) => String(c.custom_id).includes(":timezone"))
    expect((zoneMenu.options as Obj[]).find((o) => o.default === true)?.value).toBe("Europe/London")
    expect(textOf(w.panel())).toContain("**Europe/London** is pre-selected (your last choice)")
    await w.nav("next")
    expect(w.heading()).toContain("Step 3 of 11")
    const cancelled = await w.nav("cancel")
    expect(textOf(cancelled)).toContain("Draft cancelled")
    expect(componentsOf(cancelled)).toEqual([])
    expect(textOf(await replyOf(t.fake.slash({ user: w.owner, command: "event", subcommand: "drafts" })))).toContain("You have no drafts")
  })

  it("GIVEN a member without events admin rights THEN /event create and wizard buttons are refused", async () => {
    const refused = await replyOf(t.fake.slash({ user: member, command: "event", subcommand: "create" }))
    expect(textOf(refused)).toContain("admin rights for events")
    const forged = await replyOf(t.fake.button({ user: member, customId: `1:ev.nav:${"x".repeat(12)}:0:publish` }))
    expect(textOf(forged)).toContain("admin rights for events")
  })

  it("GIVEN a whole wizard run to a published event THEN Discord accepted every reply (limits respected) and no unknown route was called", async () => {
    const w = await openWizard()
    await w.publish()
    expect(t.fake.calls.filter((call) => call.status >= 400)).toEqual([])
    expect(t.fake.unexpectedCalls()).toEqual([])
  })
})
