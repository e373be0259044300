/** Shared set-up of the championship E2E suites: a bot with the fake iRacing serving a league season, and an announcement channel for the standings posts. */
import { updateSettings } from "../../src/app/numbers/setup.js"
import { startFakeIracing, type FakeIracing } from "./fake-iracing/server.js"
import type { SeasonFixture } from "./fake-iracing/results.js"
import { iracingSettingsFrom, replyOf, startTestBot, type TestBot } from "./harness.js"
import type { SeedUser } from "./fake-discord/index.js"

type Obj = Record<string, any>

export interface ChampionshipBot {
  readonly t: TestBot
  readonly iracing: FakeIracing
  /** `/championship <subcommand>` by `user` (the owner unless named), its reply. */
  slash(subcommand: string, options?: Obj, user?: SeedUser): Promise<Obj>
  /** What the autocomplete of `focused` offers. */
  suggestions(subcommand: string, focused: string, options: Obj, user?: SeedUser): Promise<Array<{ name: string; value: string }>>
  stop(): Promise<void>
}

/** `roles` are the server's extra roles (e.g. Stewards); "general" is the announcement channel. */
export const startChampionshipBot = async (season: SeasonFixture, roles: ReadonlyArray<{ name: string }> = []): Promise<ChampionshipBot> => {
  const iracing = await startFakeIracing()
  iracing.addSeason(season)
  let t: TestBot
  try {
    t = await startTestBot({ iracing: iracingSettingsFrom(iracing.env), autoSync: false, fake: { guilds: [{ roles: [...roles], channels: [{ name: "general" }] }] } })
  } catch (error) {
    await iracing.close()
    throw error
  }
  await t.bot.runtime.runPromise(updateSettings(t.fake.guildId, t.fake.owner.id, { announcementChannelId: t.fake.channel("general") }))
  return {
    t,
    iracing,
    slash: (subcommand, options = {}, user = t.fake.owner) => replyOf(t.fake.slash({ user, command: "championship", subcommand, options: options as never }), 10_000),
    suggestions: async (subcommand, focused, options, user = t.fake.owner) =>
      ((await replyOf(t.fake.autocomplete({ user, command: "championship", subcommand, options: options as never, focused }))).choices ?? []) as Array<{ name: string; value: string }>,
    stop: async () => {
      await t.stop()
      await iracing.close()
    },
  }
}
