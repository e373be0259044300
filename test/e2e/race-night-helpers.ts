/** Shared set-up of the race-night E2E suites: a guild with a driver role and a roster channel, events, the card's buttons. */
import * as Effect from "effect/Effect"
import type { Kysely } from "kysely"
import { Database } from "../../src/adapters/sqlite/database.js"
import { insertEvent, updateEventDetails } from "../../src/adapters/sqlite/repositories/events.js"
import { enqueueFollowUps } from "../../src/adapters/sqlite/repositories/outbox.js"
import { saveRaceSettings } from "../../src/adapters/sqlite/repositories/participants.js"
import type { DB } from "../../src/adapters/sqlite/schema.js"
import { readEventById } from "../../src/app/events/event-use-cases.js"
import { FollowUps } from "../../src/app/follow-ups.js"
import { newId } from "../../src/app/ids.js"
import type { StartOptions } from "../../src/app/pitboard.js"
import type { AppServices } from "../../src/adapters/discord/handler-services.js"
import type { EventDetails } from "../../src/domain/events/draft.js"
import { DEFAULT_RACE_NIGHT_SETTINGS, type RaceNightSettings } from "../../src/domain/race-night/race-settings.js"
import type { SeedUser } from "./fake-discord/index.js"
import { componentsOf, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"

type Obj = Record<string, any>

export const HOUR = 60 * 60 * 1000
export const VEHICLES = ["Dallara P217", "Oreca 07"]

/** Drivers sits below the bot's role, as a league would set it up; Champions above it, as a mistake would. */
export const startRaceBot = (options: StartOptions & Pick<NonNullable<Parameters<typeof startTestBot>[0]>, "health"> = {}) =>
  startTestBot({ ...options, fake: { guilds: [{ roles: [{ name: "Drivers" }, { name: "Licensed" }, { name: "Champions", aboveBot: true }], channels: [{ name: "general" }, { name: "events" }, { name: "roster" }] }] } })

export const run = <A>(t: TestBot, effect: Effect.Effect<A, unknown, AppServices>) => t.bot.runtime.runPromise(effect)
export const query = <A>(t: TestBot, f: (db: Kysely<DB>) => Promise<A>) => run(t, Effect.flatMap(Database, (db) => db.query("test", f)).pipe(Effect.orDie))

export interface Card {
  readonly id: string
  readonly messageId: string
}

export interface EventSeed {
  readonly title: string
  readonly maxDrivers: number
  readonly startsIn?: number
  readonly settings?: Partial<RaceNightSettings>
  /** Default: Drivers (below the bot). */
  readonly driverRole?: string
}

const detailsFor = (t: TestBot, seed: EventSeed, startsAt: number): EventDetails => ({
  details: { title: seed.title, description: "" },
  timezone: "UTC",
  schedule: { local: new Date(startsAt).toISOString().slice(0, 16).replace("T", " "), timezone: "UTC", startsAt, durationMinutes: 120 },
  vehicles: VEHICLES,
  track: { id: "monza", name: "Monza", pitSlots: 40, broadcastSlots: 0 },
  capacity: { maxDrivers: seed.maxDrivers, broadcastSlots: 0 },
  teams: "off",
  rolesAndChannels: { driverRoleId: t.fake.role(seed.driverRole ?? "Drivers"), stewardRoleId: null, publishChannelId: t.fake.channel("events"), rosterChannelId: t.fake.channel("roster") },
  rules: { specialRules: "", regulationUrl: null, liveriesUrl: null, checkInClosesMinutes: 30, briefing: false },
  championship: null,
})

/**
 * Stored through the repositories and announced by the real publish code, rather than clicked
 * through the wizard (event-wizard.test.ts covers that): race night needs start times and race
 * settings (platform, required role, limits) the wizard does not ask for.
 */
export const publishEvent = async (t: TestBot, seed: EventSeed): Promise<Card> => {
  const id = newId()
  const guildId = t.fake.guildId
  const details = detailsFor(t, seed, Date.now() + (seed.startsIn ?? 2 * HOUR))
  const followUpIds = await query(t, async (k) => {
    await insertEvent(k, { id, guildId, details, createdBy: t.fake.owner.id, at: Date.now(), publication: "pending" })
    await saveRaceSettings(k, guildId, id, { ...DEFAULT_RACE_NIGHT_SETTINGS, ...seed.settings })
    return enqueueFollowUps(k, [{ _tag: "EventCard", guildId, eventId: id }, { _tag: "ScheduledEvent", guildId, eventId: id }], Date.now())
  })
  await run(t, Effect.flatMap(FollowUps, (followUps) => Effect.zipRight(followUps.wake, followUps.settle(followUpIds, 10_000))))
  const card = t.fake.channelMessages(t.fake.channel("events")).find((m) => (m.embeds as Obj[])[0]?.footer?.text === `Event ${id}`)
  if (card === undefined) throw new Error(`no card posted for ${seed.title}`)
  return { id, messageId: String(card.id) }
}

/** Moves the event's start (and so its check-in window) as if time had passed. */
export const moveStart = async (t: TestBot, card: Card, startsAt: number) => {
  const stored = await run(t, readEventById(t.fake.guildId, card.id))
  const details = { ...stored.details, schedule: { ...stored.details.schedule, startsAt } }
  await query(t, (k) => updateEventDetails(k, t.fake.guildId, card.id, details, Date.now()))
}

export const press = (t: TestBot, user: SeedUser, card: Card, label: string) => {
  const component = componentsOf(t.fake.message(card.messageId)!).find((c) => c.label === label)
  if (component === undefined) throw new Error(`the card has no ${label} button`)
  return replyOf(t.fake.button({ user, customId: component.customId, message: card.messageId }))
}

export type Form = Record<string, string | string[]>
export const formFor = (n: number, overrides: Form = {}): Form => ({ fullName: `Driver Number${n}`, driverId: String(100_000 + n), vehicle: [VEHICLES[0]!], ...overrides })

/** Register → the form → submit; a refusal before the form comes back as that reply. */
export const register = async (t: TestBot, user: SeedUser, card: Card, form: Form) => {
  const opened = await press(t, user, card, "Register")
  if (opened.callbackType !== 9) return opened
  return replyOf(t.fake.modalSubmit({ user, customId: String(opened.custom_id), fields: form }))
}

export const text = (reply: Obj) => textOf(reply)

/** Interaction callbacks and webhook edits the fake refused: always a bug in the bot. */
export const refusedCallbacks = (t: TestBot) => t.fake.calls.filter((c) => (c.path.includes("/interactions/") || c.path.includes("/webhooks/")) && c.status >= 400)

export const hasDriverRole = (t: TestBot, user: SeedUser) => (t.fake.memberRoles(t.fake.guildId, user.id) ?? []).includes(t.fake.role("Drivers"))

/** Messages in the roster channel that mention `user` (the fallback for closed DMs). */
export const rosterMentions = (t: TestBot, user: SeedUser) => t.fake.channelMessages(t.fake.channel("roster")).filter((m) => String(m.content).startsWith(`<@${user.id}>`))

export const waitUntil = async (check: () => boolean, timeoutMs = 5000) => {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not met in time")
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
