import * as Effect from "effect/Effect"
import type { AppServices } from "../handler-services.js"
import { admin, type ComponentRoute, type SlashCommand } from "../command.js"
import { say } from "../reply.js"
import { setupPanel } from "./setup-panel-view.js"
import { classRoutes } from "./setup-class-routes.js"
import { settingsRoutes } from "./setup-settings-routes.js"
import { loadSetupState } from "./setup-state.js"
import { singleCommand } from "../subcommands.js"

/** /setup: one private panel that walks an admin through classes, admins and announcements, step by step. */
export const setupCommand: SlashCommand<AppServices> = singleCommand({
  name: "setup",
  area: "Car numbers",
  description: "Set up car numbers: classes, numbers admins, announcement channel",
  usage: "/setup",
  access: admin("numbers"),
  run: (interaction) =>
    Effect.map(loadSetupState(interaction), (state) => say(setupPanel(state))),
})

export const setupComponents: ReadonlyArray<ComponentRoute<AppServices>> = [...classRoutes, ...settingsRoutes]
