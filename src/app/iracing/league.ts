import * as Effect from "effect/Effect"
import { readSettings } from "../numbers/setup.js"

/** The server's iRacing league id, when /setup set one. */
export const leagueOf = (guildId: string) => Effect.map(readSettings(guildId), (settings) => settings.iracingLeagueId)
