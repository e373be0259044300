import type { AppServices } from "../handler-services.js"
import type { ComponentRoute, SlashCommand } from "../command.js"
import { auditlogCommand, auditlogComponents } from "../audit-log/auditlog-command.js"
import { setupCommand, setupComponents } from "../server-setup/setup-command.js"
import type { Subcommand } from "../subcommands.js"
import { assignSubcommands } from "./assign-commands.js"
import { configCommand } from "../server-setup/config-command.js"
import { exportSubcommand } from "./number-export-command.js"
import { reserveSubcommands } from "./reserve-commands.js"

/** /number subcommands for admins of the numbers module, plus /setup, /config and /auditlog. */
export const adminSubcommands: ReadonlyArray<Subcommand<AppServices>> = [...assignSubcommands, ...reserveSubcommands, exportSubcommand]
export const adminCommands: ReadonlyArray<SlashCommand<AppServices>> = [setupCommand, configCommand, auditlogCommand]
export const adminComponents: ReadonlyArray<ComponentRoute<AppServices>> = [...setupComponents, ...auditlogComponents]
