import type { AppServices } from "../handler-services.js"
import type { ComponentRoute } from "../command.js"
import type { Subcommand } from "../subcommands.js"
import { availableSubcommands } from "./available-command.js"
import { claimSubcommands } from "./claim-commands.js"
import { rosterComponents, rosterSubcommands } from "./roster-command.js"
import { tradeComponents, tradeSubcommands } from "./trade-commands.js"

/** /number subcommands every member can use, and the components their replies carry. */
export const memberSubcommands: ReadonlyArray<Subcommand<AppServices>> = [
  ...claimSubcommands,
  ...rosterSubcommands,
  ...availableSubcommands,
  ...tradeSubcommands,
]
export const memberComponents: ReadonlyArray<ComponentRoute<AppServices>> = [...rosterComponents, ...tradeComponents]
