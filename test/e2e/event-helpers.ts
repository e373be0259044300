/** Shared set-up of the event E2E suites: a server with a track, and the whole wizard clicked through to Publish. */
import * as Effect from "effect/Effect"
import { Database } from "../../src/adapters/sqlite/database.js"
import type { StartOptions } from "../../src/app/pitboard.js"
import type { FakeDiscordOptions, SeedUser } from "./fake-discord/index.js"
import { componentsOf, replyOf, startTestBot, type TestBot } from "./harness.js"

export const YEAR = new Date().getUTCFullYear() + 1
export const START = Date.UTC(YEAR, 8, 12, 18, 30)
export const unix = (ms: number) => Math.floor(ms / 1000)

export const guildSeed = (extra: Partial<NonNullable<FakeDiscordOptions["guilds"]>[number]> = {}): FakeDiscordOptions => ({
  guilds: [{ roles: [{ name: "Drivers" }], channels: [{ name: "general" }, { name: "events" }], ...extra }],
})

export const startWithTrack = async (fake: FakeDiscordOptions, options: StartOptions = {}) => {
  const t = await startTestBot({ ...options, fake })
  await t.bot.runtime.runPromise(
    Effect.flatMap(Database, (db) =>
      db.query("seed", (k) =>
        k
          .insertInto("tracks")
          .values({ guild_id: t.fake.guildId, id: "monza", name: "Monza", layout: "Grand Prix", name_key: "monza|grand prix", pit_slots: 30, broadcast_slots: 0, details: "", image_url: null, created_at: 0 })
          .execute(),
      ),
    ),
  )
  return t
}

/** Clicks through every step of the wizard on one panel and presses Publish; returns the final panel reply. */
export const publishThroughWizard = async (t: TestBot, owner: SeedUser, title: string) => {
  const handle = t.fake.slash({ user: owner, command: "event", subcommand: "create" })
  await replyOf(handle)
  const panelId = String(handle.original()?.id)
  const find = (route: string, last: string) => componentsOf(t.fake.message(panelId)!).find((c) => c.customId?.startsWith(`1:${route}:`) && c.customId.endsWith(`:${last}`))!.customId
  const nav = (act: string) => replyOf(t.fake.button({ user: owner, customId: find("ev.nav", act), message: panelId }))
  const pick = (what: string, value: string) => replyOf(t.fake.select({ user: owner, customId: find("ev.pick", what), values: [value], message: panelId }))
  const form = async (fields: Record<string, string | boolean>) => {
    const opened = await nav("open")
    return replyOf(t.fake.modalSubmit({ user: owner, customId: opened.custom_id, fields }))
  }
  await form({ title, description: "" })
  await pick("timezone", "UTC")
  await form({ start: `${YEAR}-09-12 18:30`, duration: "2h" })
  await form({ vehicles: "Dallara P217" })
  await pick("track", "monza")
  await form({ "max-drivers": "24", "broadcast-slots": "" })
  await pick("teams", "off")
  await replyOf(t.fake.select({ user: owner, customId: find("ev.rc", "driver"), values: [t.fake.role("Drivers")], componentType: 6, message: panelId }))
  await replyOf(t.fake.select({ user: owner, customId: find("ev.rc", "publish"), values: [t.fake.channel("events")], componentType: 8, message: panelId }))
  await nav("next")
  await form({ "special-rules": "", "regulation-url": "", "liveries-url": "", "check-in": "30", briefing: false })
  await pick("championship", "none")
  return nav("publish")
}

