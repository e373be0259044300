import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIEmbed } from "discord.js"
import type { WizardPanel } from "../../../app/events/wizard-state.js"
import { isWizardStep, STEP_LABELS, WIZARD_STEPS } from "../../../domain/events/draft.js"
import { completeDraft, draftProblems } from "../../../domain/events/steps.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import { eventEmbed } from "./event-card-view.js"
import { answerLine } from "./event-format.js"
import { BRAND_COLOUR, fitEmbed, linesToFields } from "../embeds.js"
import { NO_PICKS, wizardComponents, type RoleChannelPicks } from "./wizard-components.js"
import { scheduleEcho, stepInstructions, stepNumber } from "./wizard-steps-view.js"

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
