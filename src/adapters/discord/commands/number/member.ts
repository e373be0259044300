import type { AppServices } from "../../../../app/services.js"
import type { ComponentRoute } from "../../command.js"
import type { Subcommand } from "../subcommands.js"

/** /number subcommands every member can use, and the components their replies carry. */
export const memberSubcommands: ReadonlyArray<Subcommand<AppServices>> = []
export const memberComponents: ReadonlyArray<ComponentRoute<AppServices>> = []
