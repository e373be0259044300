import * as Effect from "effect/Effect"
import { reminderDmsOf, setReminderDms } from "../../../app/race-night/reminders.js"
import type { AppServices } from "../handler-services.js"
import { type Feature, guildIdOf } from "../command.js"
import { sayQuietly } from "../reply.js"
import { groupedCommand, type Subcommand } from "../subcommands.js"


const ON = "📬 Check-in reminders come to your DMs in this server. The reminder in the roster channel mentions you either way."
const OFF = "🔕 No more check-in reminder DMs from this server. You'll still be mentioned in the roster channel when check-in opens and 15 minutes before it closes. Use `/reminders on` to get them back."

const toggle = (enabled: boolean): Subcommand<AppServices> => ({
  name: enabled ? "on" : "off",
  description: enabled ? "Get a DM when check-in opens and 15 minutes before it closes" : "Stop check-in reminder DMs in this server",
  usage: `/reminders ${enabled ? "on" : "off"}`,
  access: "member",
  run: (interaction) =>
    Effect.gen(function* () {
      const { before } = yield* setReminderDms(yield* guildIdOf(interaction), interaction.user.id, enabled)
      const text = before === enabled ? `${enabled ? ON : OFF}\n-# That was already your setting.` : enabled ? ON : OFF
      return sayQuietly(text)
    }),
})

const status: Subcommand<AppServices> = {
  name: "status",
  description: "Whether check-in reminders come to your DMs in this server",
  usage: "/reminders status",
  access: "member",
  run: (interaction) =>
    Effect.gen(function* () {
      const enabled = yield* reminderDmsOf(yield* guildIdOf(interaction), interaction.user.id)
      const text = enabled ? `${ON}\n-# Turn them off with \`/reminders off\`.` : OFF
      return sayQuietly(text)
    }),
}

/** Per member and per server, so a driver in two leagues can mute one of them. */
export const remindersFeature: Feature<AppServices> = {
  commands: [
    groupedCommand({
      name: "reminders",
      description: "Check-in reminder DMs for race nights",
      area: "Race night",
      subcommands: [toggle(true), toggle(false), status],
    }),
  ],
  components: [],
}
