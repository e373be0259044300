import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIEmbed } from "discord.js"
import type { WizardPanel } from "../../../app/events/wizard.js"
import { isWizardStep, STEP_LABELS, WIZARD_STEPS } from "../../../domain/events/draft.js"
import { completeDraft, draftProblems } from "../../../domain/events/steps.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import { eventEmbed } from "./event-card-view.js"
import { answerLine, capacityText, durationText, teamsText } from "./event-format.js"
import { BRAND_COLOUR, fitEmbed, linesToFields } from "../embeds.js"
import { NO_PICKS, wizardComponents, type RoleChannelPicks } from "./wizard-components.js"
import { scheduleEcho, stepInstructions, stepNumber } from "./wizard-steps-view.js"
import type { WizardCommand } from "../../../machines/event-wizard.js"
import type { WizardView } from "../../../machines/event-wizard-step.js"

/** A line above the step: what the last click did (✅), or why the panel was redrawn (⚠️). */
export interface PanelNotice {
  readonly kind: "done" | "warning"
  readonly text: string
}


const heading = (panel: WizardPanel): string => {
  const { step, editingEventId, draft } = panel.view
  const what = editingEventId === null ? "New event" : `Editing ${draft.details?.title ?? "event"}`
  const label = isWizardStep(step) ? STEP_LABELS[step] : "Review and publish"
  return `${what} · ${stepNumber(step)}: ${label}`
}

const panelEmbed = (panel: WizardPanel, now: number, notice: PanelNotice | undefined): APIEmbed => {
  const { view } = panel
  const echo = view.step === "schedule" || view.step === "vehicles" ? scheduleEcho(panel) : null
  const description = [
    notice === undefined ? null : `${notice.kind === "done" ? "✅" : "⚠️"} ${notice.text}\n`,
    stepInstructions(panel),
    echo,
    `\n-# Saved after every step. Unused, this draft expires ${discordTimestamp(view.expiresAt, "R")}; find it again with /event drafts.`,
  ].filter((line): line is string => line !== null && line !== "")
  const answers = view.step === "review" ? [] : WIZARD_STEPS.map((step) => answerLine(view.draft, step)).filter((line): line is string => line !== null)
  const problems = view.step === "review" ? draftProblems(view.draft, now).map((problem) => `• **${STEP_LABELS[problem.step]}:** ${problem.reason}`) : []
  return fitEmbed({
    title: heading(panel),
    description: description.join("\n"),
    color: BRAND_COLOUR,
    fields: [
      ...linesToFields("Answers so far", answers),
      ...(view.step === "review" ? [{ name: problems.length === 0 ? "Ready" : "Fix before publishing", value: problems.length === 0 ? "Every step is answered and checks out." : problems.join("\n").slice(0, 1024) }] : []),
    ],
  })
}

/** The whole ephemeral panel: what is answered, the current step's inputs, and on review the card as it will look. */
export const wizardPanel = (panel: WizardPanel, now: number, notice?: PanelNotice, picks: RoleChannelPicks = NO_PICKS) => {
  const complete = panel.view.step === "review" ? completeDraft(panel.view.draft) : undefined
  return {
    content: "",
    embeds: complete === undefined ? [panelEmbed(panel, now, notice)] : [panelEmbed(panel, now, notice), eventEmbed(complete, { footer: "Preview: this is how the card will look." })],
    components: wizardComponents(panel, picks),
    allowedMentions: { parse: [] as [] },
  }
}

/** The panel once it has nothing more to do: closed, discarded or published. */
export const closedPanel = (title: string, lines: ReadonlyArray<string>, links: ReadonlyArray<{ label: string; url: string }> = []) => ({
  content: "",
  embeds: [fitEmbed({ title, description: lines.join("\n"), color: BRAND_COLOUR })],
  components: links.length === 0 ? [] : [new ActionRowBuilder<ButtonBuilder>().addComponents(links.slice(0, 5).map((link) => new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel(link.label).setURL(link.url)))],
  allowedMentions: { parse: [] as [] },
})

/** What an accepted click did, in one line above the next step. */
export const doneText = (command: WizardCommand, view: WizardView): string => {
  const { draft } = view
  switch (command.type) {
    case "SET_DETAILS":
      return `Saved the title “${draft.details?.title ?? ""}”.`
    case "SET_TIMEZONE":
      return `Time zone: **${draft.timezone ?? ""}**. It will be pre-selected for your next event too.`
    case "SET_SCHEDULE": {
      const schedule = draft.schedule
      if (schedule === undefined) return "Saved the start time."
      const note = schedule.note === undefined ? "" : `\n⚠️ ${schedule.note}`
      return `Start: ${discordTimestamp(schedule.startsAt, "F")} (${discordTimestamp(schedule.startsAt, "R")}), lasting ${durationText(schedule.durationMinutes)}.${note}`
    }
    case "SET_VEHICLES":
      return `Saved ${draft.vehicles?.length ?? 0} vehicle${draft.vehicles?.length === 1 ? "" : "s"}.`
    case "SET_TRACK":
      return `Track: **${draft.track?.name ?? ""}**.`
    case "SET_CAPACITY":
      return draft.capacity === undefined ? "Saved the capacity." : `Capacity: ${capacityText(draft.capacity)}.`
    case "SET_TEAMS":
      return draft.teams === undefined ? "Saved the teams." : `Teams: ${teamsText(draft.teams, draft.capacity?.maxDrivers)}`
    case "SET_ROLES_AND_CHANNELS":
      return "Saved the roles and channels; Pitboard can post in them."
    case "SET_RULES":
      return "Saved the rules."
    case "SET_CHAMPIONSHIP":
      return `Championship: ${draft.championship === null || draft.championship === undefined ? "none" : `**${draft.championship.name}**`}.`
    case "BACK":
      return "Went back one step. Change the answer, or press **Continue** to keep it."
    case "EDIT_FIELD":
      return `Change **${STEP_LABELS[command.step]}**; once saved you're back at the review.`
    case "CANCEL":
    case "PUBLISH":
      return ""
  }
}
