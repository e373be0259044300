import { Effect } from "effect"
import { readSettings } from "../numbers/setup.js"

/** The server's iRacing league id, when /setup set one. */
export const leagueOf = (guildId: string) => Effect.map(readSettings(guildId), (settings) => settings.iracingLeagueId)
