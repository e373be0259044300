import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { startDraft } from "../../../app/events/wizard.js"
import type { AppServices } from "../handler-services.js"
import { admin, type Feature, dieOnDatabase, guildIdOf } from "../command.js"
import { sayQuietly } from "../reply.js"
import { wizardPanel } from "./wizard-panel-view.js"
import { cardComponents } from "./event-card-buttons.js"
import { entrantsPanelComponents, entrantsSubcommand } from "../race-night/entrants-command.js"
import { entrantsFormComponents } from "../race-night/entrants-forms.js"
import { exportSubcommand } from "./event-export-command.js"
import { draftsSubcommand, listComponents, listSubcommand } from "./event-list-command.js"
import { manageComponents, manageSubcommand } from "./event-manage-command.js"
import { raceSettingsComponents } from "../race-night/race-settings-routes.js"
import { picksFromDraft, wizardInputRoutes } from "./wizard-input-routes.js"
import { ALREADY_DRAFTING } from "./event-texts.js"
import { wizardNav } from "./wizard-nav-routes.js"
import { groupedCommand, type Subcommand } from "../subcommands.js"

/** `/event create`: the wizard's private panel, resuming the admin's open draft rather than losing it. */
const createSubcommand: Subcommand<AppServices> = {
  name: "create",
  description: "Create an event step by step (saved as you go)",
  usage: "/event create",
  access: admin("events"),
  run: (interaction) =>
    Effect.gen(function* () {
      const { panel, resumed } = yield* dieOnDatabase(startDraft(yield* guildIdOf(interaction), interaction.user.id))
      const now = yield* Clock.currentTimeMillis
      const payload = wizardPanel(panel, now, resumed ? { kind: "warning", text: ALREADY_DRAFTING } : undefined, picksFromDraft(panel))
      return sayQuietly(payload)
    }),
}

export const eventsFeature: Feature<AppServices> = {
  commands: [
    groupedCommand({
      name: "event",
      description: "Race events: create, manage and list",
      area: "Events",
      subcommands: [createSubcommand, draftsSubcommand, manageSubcommand, listSubcommand, entrantsSubcommand, exportSubcommand],
    }),
  ],
  components: [wizardNav, ...wizardInputRoutes, ...listComponents, ...manageComponents, ...cardComponents, ...entrantsPanelComponents, ...entrantsFormComponents, ...raceSettingsComponents],
}
