import type { AppServices } from "../../../../app/services.js"
import type { ComponentRoute } from "../../command.js"
import type { Subcommand } from "../subcommands.js"
import { availableSubcommands } from "./member-available.js"
import { claimSubcommands } from "./member-claims.js"
import { rosterComponents, rosterSubcommands } from "./member-roster.js"
import { tradeComponents, tradeSubcommands } from "./member-trade.js"

/** /number subcommands every member can use, and the components their replies carry. */
export const memberSubcommands: ReadonlyArray<Subcommand<AppServices>> = [
  ...claimSubcommands,
  ...rosterSubcommands,
  ...availableSubcommands,
  ...tradeSubcommands,
]
export const memberComponents: ReadonlyArray<ComponentRoute<AppServices>> = [...rosterComponents, ...tradeComponents]
