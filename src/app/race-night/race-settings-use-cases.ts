import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { readEvent } from "../../adapters/sqlite/repositories/events.js"
import { saveRaceSettings } from "../../adapters/sqlite/repositories/participants.js"
import { parseRaceNightSettingsForm, type RaceNightSettingsForm } from "../../domain/race-night/settings-form.js"
import { refuse } from "../refusal.js"
import { writeTransaction, readQuery } from "../transaction.js"
import { wakeFollowUps } from "../follow-ups.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"

export const raceSettingsOf = (guildId: string, eventId: string) =>
  readQuery("race-settings.read", (k) => readEvent(k, guildId, eventId)).pipe(
    Effect.flatMap((event) => (event === undefined ? Effect.fail(refuse("This event no longer exists.")) : Effect.succeed(event.raceSettings))),
  )

/**
 * Saves an event's race-night settings. A new check-in opening time moves the scheduler's
 * deadlines with it (fired triggers are matched by time, so the new one fires).
 */
export const updateRaceSettings = Effect.fnUntraced(function* (guildId: string, actorId: string, eventId: string, form: RaceNightSettingsForm) {
  const parsed = parseRaceNightSettingsForm(form)
  if (Either.isLeft(parsed)) return yield* Effect.fail(refuse(parsed.left))
  const settings = parsed.right
  const now = yield* Clock.currentTimeMillis
  yield* writeTransaction("race-settings.update", async (trx) => {
    const event = await readEvent(trx, guildId, eventId)
    if (event === undefined) throw refuse("This event no longer exists.")
    if (event.status === "cancelled") throw refuse("This event was cancelled; its settings can't change any more.")
    await saveRaceSettings(trx, guildId, eventId, settings)
    await appendAudit(trx, { guildId, actorId, action: "event.race-settings", subject: eventId, details: { ...settings }, at: now })
    await enqueueFollowUps(trx, [{ _tag: "LiveGrid", guildId, eventId }], now)
  })
  yield* wakeFollowUps
  return settings
})
