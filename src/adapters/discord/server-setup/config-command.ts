import * as Effect from "effect/Effect"
import type { AppServices } from "../handler-services.js"
import { admin, type SlashCommand } from "../command.js"
import { sayQuietly } from "../reply.js"
import { configEmbed } from "./config-view.js"
import { loadSetupState } from "./setup-state.js"
import { singleCommand } from "../subcommands.js"

export const configCommand: SlashCommand<AppServices> = singleCommand({
  name: "config",
  area: "Car numbers",
  description: "Show how car numbers are set up here: classes, admins, channel, counts",
  usage: "/config",
  access: admin("numbers"),
  run: (interaction) =>
    Effect.map(loadSetupState(interaction), (state) => sayQuietly({ embeds: [configEmbed(state)] })),
})
