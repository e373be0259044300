import type { AppServices } from "../../../../app/services.js"
import type { ComponentRoute, SlashCommand } from "../../command.js"
import { auditlogCommand, auditlogComponents } from "../auditlog.js"
import { setupCommand, setupComponents } from "../setup.js"
import type { Subcommand } from "../subcommands.js"
import { assignSubcommands } from "./admin-assign.js"
import { configCommand } from "./admin-config.js"
import { exportSubcommand } from "./admin-export.js"
import { reserveSubcommands } from "./admin-reserve.js"

/** /number subcommands for admins of the numbers module, plus /setup, /config and /auditlog. */
export const adminSubcommands: ReadonlyArray<Subcommand<AppServices>> = [...assignSubcommands, ...reserveSubcommands, exportSubcommand]
export const adminCommands: ReadonlyArray<SlashCommand<AppServices>> = [setupCommand, configCommand, auditlogCommand]
export const adminComponents: ReadonlyArray<ComponentRoute<AppServices>> = [...setupComponents, ...auditlogComponents]
