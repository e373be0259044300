import type { AppServices } from "../../../../app/services.js"
import type { Feature } from "../../command.js"
import { groupedCommand } from "../subcommands.js"
import { adminCommands, adminComponents, adminSubcommands } from "./admin.js"
import { memberComponents, memberSubcommands } from "./member.js"

export const numbersFeature: Feature<AppServices> = {
  commands: [
    groupedCommand({
      name: "number",
      description: "Car numbers: claim, release, trade and look up",
      area: "Car numbers",
      subcommands: [...memberSubcommands, ...adminSubcommands],
    }),
    ...adminCommands,
  ],
  components: [...memberComponents, ...adminComponents],
}
