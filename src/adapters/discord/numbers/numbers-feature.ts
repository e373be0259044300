import type { AppServices } from "../handler-services.js"
import type { Feature } from "../command.js"
import { syncCommands, syncComponents } from "../iracing/sync-commands.js"
import { groupedCommand } from "../subcommands.js"
import { adminCommands, adminComponents, adminSubcommands } from "./admin-subcommands.js"
import { iracingSubcommands } from "../iracing/link-commands.js"
import { memberComponents, memberSubcommands } from "./member-subcommands.js"

export const numbersFeature: Feature<AppServices> = {
  commands: [
    groupedCommand({
      name: "number",
      description: "Car numbers: claim, release, trade and look up",
      area: "Car numbers",
      subcommands: [...memberSubcommands, ...iracingSubcommands, ...adminSubcommands],
    }),
    ...adminCommands,
    ...syncCommands,
  ],
  components: [...memberComponents, ...adminComponents, ...syncComponents],
}
