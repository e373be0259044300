import { Clock, Effect } from "effect"
import { startDraft } from "../../../app/events/wizard.js"
import type { AppServices } from "../../../app/services.js"
import { admin, type Feature } from "../command.js"
import { wizardPanel } from "../views/wizard-panel.js"
import { cardComponents } from "./event-card-buttons.js"
import { entrantsPanelComponents, entrantsSubcommand } from "./event-entrants.js"
import { entrantsFormComponents } from "./event-entrants-forms.js"
import { exportSubcommand } from "./event-export.js"
import { draftsSubcommand, listComponents, listSubcommand } from "./event-list.js"
import { manageComponents, manageSubcommand } from "./event-manage.js"
import { raceSettingsComponents } from "./race-settings.js"
import { dieOnDatabase, guildIdOf, picksFromDraft, privately } from "./event-shared.js"
import { ALREADY_DRAFTING } from "./event-texts.js"
import { wizardInputRoutes } from "./event-wizard-input.js"
import { wizardNav } from "./event-wizard-nav.js"
import { groupedCommand, type Subcommand } from "./subcommands.js"

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
      yield* Effect.promise(() => interaction.reply({ ...payload, ...privately }))
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
