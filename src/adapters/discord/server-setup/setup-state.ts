import type { BaseInteraction, MessageComponentInteraction, ModalSubmitInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { numbersOverview } from "../../../app/numbers/queries.js"
import { readSettings } from "../../../app/numbers/setup.js"
import { listModuleGrants } from "../../../app/module-access.js"
import { update } from "../reply.js"
import { actorOf } from "../router.js"
import { setupPanel, type SetupState } from "./setup-panel-view.js"
import { guildIdOf } from "../command.js"

/** Everything the panel shows, read fresh on every step so two admins never see a stale picture for long. */
export const loadSetupState = (interaction: BaseInteraction) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const [view, settings, grants] = yield* Effect.all([numbersOverview(guildId), readSettings(guildId), listModuleGrants(guildId).pipe(Effect.orDie)])
    return { classes: view.classes, claims: view.claims, settings, grants, managesServer: actorOf(interaction).managesServer } satisfies SetupState
  })

/** The panel the component sits on, redrawn, saying what just changed. */
export const showPanel = (interaction: MessageComponentInteraction | ModalSubmitInteraction, change: string) =>
  Effect.map(loadSetupState(interaction), (state) => update(setupPanel(state, change)))
