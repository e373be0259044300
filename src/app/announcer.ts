import { Context, Effect } from "effect"

/**
 * Posts a public line to the server's announcement channel, when one is set. A port: use cases
 * say what happened, the Discord adapter knows how to post it. Failing to announce never undoes
 * or fails the action itself; it is logged.
 */
export class Announcer extends Context.Tag("pitboard/Announcer")<
  Announcer,
  { readonly announce: (guildId: string, text: string) => Effect.Effect<void> }
>() {}

export const announce = (guildId: string, text: string) => Effect.flatMap(Announcer, (announcer) => announcer.announce(guildId, text))
