import type { ModalSubmitInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { DEFAULT_SYNC_INTERVAL_MINUTES, type GuildSettings } from "../../../domain/server-settings.js"
import { refuse } from "../../../app/refusal.js"
import { SYNC_INTERVAL_FIELD } from "./sync-setup-view.js"

/** A week: the longest interval the settings schema accepts. */
const MAX_INTERVAL_MINUTES = 7 * 24 * 60

/**
 * The automatic-sync interval from the /setup league modal. A form without the field (sent by an
 * older panel) leaves the setting alone; empty means the default; 0 turns automatic sync off.
 */
export const syncIntervalFrom = (interaction: ModalSubmitInteraction) =>
  Effect.gen(function* () {
    const field = Option.liftThrowable(() => interaction.fields.getTextInputValue(SYNC_INTERVAL_FIELD))()
    if (Option.isNone(field)) return {} satisfies Partial<GuildSettings>
    const typed = field.value.trim()
    if (typed === "") return { syncIntervalMinutes: undefined } satisfies Partial<GuildSettings>
    const minutes = /^\d{1,5}$/.test(typed) ? Number(typed) : Number.NaN
    if (!(minutes >= 0 && minutes <= MAX_INTERVAL_MINUTES)) {
      return yield* refuse(`The sync interval is a number of minutes from 0 (off) to ${MAX_INTERVAL_MINUTES} (a week); "${typed.slice(0, 20)}" is not one. Nothing was saved.`)
    }
    return { syncIntervalMinutes: minutes } satisfies Partial<GuildSettings>
  })

/** Said after the league change, so the admin sees what automatic sync will do now. */
export const syncIntervalNote = (settings: GuildSettings) => {
  if (settings.iracingLeagueId === undefined) return " Automatic sync is off until a league is set."
  const minutes = settings.syncIntervalMinutes ?? DEFAULT_SYNC_INTERVAL_MINUTES
  if (minutes === 0) return " Automatic sync is off."
  return minutes === 1 ? " Automatic sync every minute." : ` Automatic sync every ${minutes} minutes.`
}
