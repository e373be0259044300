import type { MessageComponentInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { readDraftPanel, type DraftRef, type WizardPanel } from "../../../app/events/wizard.js"
import { keepCommand } from "../../../app/events/wizard-keep.js"
import { isWizardStep } from "../../../domain/events/draft.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import type { WizardStateName } from "../../../machines/event-wizard.js"
import { admin, button, dieOnDatabase } from "../command.js"
import { refuse } from "../../../app/refusal.js"
import { form, update } from "../reply.js"
import type { RoleChannelPicks } from "./wizard-components.js"
import { wizardModal } from "./wizard-modals.js"
import { closedPanel } from "./wizard-panel-view.js"
import { wizardNavId, type WizardForm } from "./event-ids.js"
import { applyCommand, refOf, checkCardChannel, picksFromMessage, showPanel, staleNotice, withCurrentPanel } from "./wizard-input-routes.js"

/** The steps whose answer is typed into a modal ("Enter …"); the track step's modal searches by name. */
const FORM_OF_STEP: Partial<Record<WizardStateName, WizardForm>> = {
  details: "details",
  timezone: "timezone",
  schedule: "schedule",
  vehicles: "vehicles",
  track: "track",
  capacity: "capacity",
  rules: "rules",
}

/** Step 8 applies its four picks together, once Pitboard has checked it can post in the chosen channels. */
export const submitRolesAndChannels = (interaction: MessageComponentInteraction, ref: DraftRef, picks: RoleChannelPicks) =>
  Effect.gen(function* () {
    if (picks.driver === null || picks.publish === null) return yield* refuse("Pick the driver role and the channel to publish in first; the other two are optional.")
    yield* checkCardChannel(interaction, picks.publish)
    if (picks.roster !== null) yield* checkCardChannel(interaction, picks.roster)
    return yield* applyCommand(ref, {
      type: "SET_ROLES_AND_CHANNELS",
      driverRoleId: picks.driver,
      stewardRoleId: picks.steward,
      publishChannelId: picks.publish,
      rosterChannelId: picks.roster,
    })
  })

const openForm = (ref: DraftRef, panel: WizardPanel) => {
  const step = FORM_OF_STEP[panel.view.step]
  if (step === undefined) return showPanel(panel, staleNotice("This step has no form to fill in; here is the current panel."))
  return Effect.succeed(form(wizardModal({ draftId: ref.draftId, revision: ref.revision }, step, panel.view.draft)))
}

/** "Continue": keeps the step's current answer (or, on step 8, applies the picks shown on the panel). */
const keepAnswer = (interaction: MessageComponentInteraction, ref: DraftRef, panel: WizardPanel) =>
  Effect.gen(function* () {
    const { step, draft } = panel.view
    if (step === "rolesAndChannels") return yield* submitRolesAndChannels(interaction, ref, picksFromMessage(interaction.message, panel))
    const command = isWizardStep(step) ? keepCommand(draft, step, panel.rememberedTimezone) : undefined
    if (command === undefined) return yield* refuse("Answer this step first, then press Continue.")
    return yield* applyCommand(ref, command)
  })

export const wizardNav = button(wizardNavId, admin("events"), (interaction, { draft, rev, act }) =>
  Effect.gen(function* () {
    const ref = yield* refOf(interaction, draft, rev)
    switch (act) {
      case "back":
        return yield* applyCommand(ref, { type: "BACK" })
      case "cancel":
        return yield* applyCommand(ref, { type: "CANCEL" })
      case "publish":
        return yield* applyCommand(ref, { type: "PUBLISH" })
      case "close": {
        const { panel } = yield* dieOnDatabase(readDraftPanel(ref))
        return update(
          closedPanel("Draft saved", [
            `Everything answered so far is kept. Resume with /event drafts${panel.view.editingEventId === null ? " or /event create" : ""}.`,
            `Unused, it expires ${discordTimestamp(panel.view.expiresAt, "R")}.`,
          ]),
        )
      }
      case "refresh": {
        const { panel } = yield* dieOnDatabase(readDraftPanel(ref))
        return yield* showPanel(panel)
      }
      case "open":
        return yield* withCurrentPanel(ref, (panel) => openForm(ref, panel))
      case "next":
        return yield* withCurrentPanel(ref, (panel) => keepAnswer(interaction, ref, panel))
    }
  }),
)

