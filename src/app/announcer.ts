import { Context, Effect, Layer } from "effect"
import type { SyncReport } from "../domain/roster/reconcile.js"

/** What a roster sync announces: the same summary the admin sees after /sync. */
export interface SyncAnnouncement {
  readonly report: SyncReport
  readonly durationMs: number
  readonly finishedAt: number
  readonly league: { readonly leagueId: number; readonly leagueName: string }
  readonly rosterSize: number
}

/**
 * Posts to the server's announcement channel, when one is set. A port: use cases say what
 * happened, the Discord adapter knows how to post it. Failing to announce never undoes or fails
 * the action itself; it is logged.
 */
export class Announcer extends Context.Tag("pitboard/Announcer")<
  Announcer,
  {
    readonly announce: (guildId: string, text: string) => Effect.Effect<void>
    readonly announceSync: (guildId: string, sync: SyncAnnouncement) => Effect.Effect<void>
  }
>() {}

export const announce = (guildId: string, text: string) => Effect.flatMap(Announcer, (announcer) => announcer.announce(guildId, text))

/** For benches and tools that run use cases without Discord. */
export const NoAnnouncements = Layer.succeed(Announcer, { announce: () => Effect.void, announceSync: () => Effect.void })
