import type { AppServices } from "../../../../app/services.js"
import type { Feature } from "../../command.js"
import { syncCommands, syncComponents } from "../sync.js"
import { groupedCommand } from "../subcommands.js"
import { adminCommands, adminComponents, adminSubcommands } from "./admin.js"
import { iracingSubcommands } from "./iracing-link.js"
import { memberComponents, memberSubcommands } from "./member.js"

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
