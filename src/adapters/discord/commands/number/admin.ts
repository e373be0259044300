import type { AppServices } from "../../../../app/services.js"
import type { ComponentRoute, SlashCommand } from "../../command.js"
import type { Subcommand } from "../subcommands.js"

/** /number subcommands for admins of the numbers module, plus /setup, /config and /auditlog. */
export const adminSubcommands: ReadonlyArray<Subcommand<AppServices>> = []
export const adminCommands: ReadonlyArray<SlashCommand<AppServices>> = []
export const adminComponents: ReadonlyArray<ComponentRoute<AppServices>> = []
