import { CheckboxBuilder, LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from "discord.js"
import type { EventDraft } from "../../../domain/events/draft.js"
import { CHECK_IN_DEFAULT_MINUTES, DESCRIPTION_MAX, maxDriversLimit, SPECIAL_RULES_MAX, TITLE_MAX, URL_MAX } from "../../../domain/events/validation.js"
import { FORM_FIELDS, wizardFormId, type WizardForm } from "./event-ids.js"
import { truncate } from "../embeds.js"
import { formField } from "../form-fields.js"

/** The wizard's forms, prefilled with the current answers; each modal's id names its draft, revision and step. */

export interface FormRef {
  readonly draftId: string
  readonly revision: number
}

const text = (id: string, label: string, description: string, options: { style?: TextInputStyle; max: number; required?: boolean; value?: string | undefined; placeholder?: string }) => {
  const input = new TextInputBuilder()
    .setStyle(options.style ?? TextInputStyle.Short)
    .setMaxLength(options.max)
    .setRequired(options.required ?? false)
  if (options.placeholder !== undefined) input.setPlaceholder(truncate(options.placeholder, 100))
  if (options.value !== undefined && options.value !== "") input.setValue(options.value.slice(0, options.max))
  return formField(id, label, description, input)
}

const modal = (ref: FormRef, form: WizardForm, title: string) =>
  new ModalBuilder().setCustomId(wizardFormId.encode({ draft: ref.draftId, rev: ref.revision, form })).setTitle(truncate(title, 45))

export const wizardModal = (ref: FormRef, form: WizardForm, draft: EventDraft): ModalBuilder => {
  switch (form) {
    case "details":
      return modal(ref, form, "Title and description").addLabelComponents(
        text(FORM_FIELDS.title, "Title", "Shown on the card and in Discord's event list", { max: TITLE_MAX, required: true, value: draft.details?.title, placeholder: "GT3 Sprint — Round 4" }),
        text(FORM_FIELDS.description, "Description", "Optional: format, schedule of sessions, anything drivers should know", {
          style: TextInputStyle.Paragraph,
          max: DESCRIPTION_MAX,
          value: draft.details?.description,
        }),
      )
    case "timezone":
      return modal(ref, form, "Another time zone").addLabelComponents(
        text(FORM_FIELDS.timezone, "Time zone name", "An IANA zone name: Area/City, like America/Halifax or Asia/Kolkata", { max: 60, required: true, value: draft.timezone, placeholder: "Europe/Lisbon" }),
      )
    case "schedule": {
      const zone = draft.timezone ?? "your time zone"
      return modal(ref, form, "Date, start time and duration").addLabelComponents(
        text(FORM_FIELDS.start, "Start", `Date and 24-hour time in ${zone}`, { max: 60, required: true, value: draft.schedule?.local, placeholder: "2026-12-05 20:00" }),
        text(FORM_FIELDS.duration, "Duration", "Minutes, or hours and minutes: 90, 1h30, 2h", {
          max: 20,
          required: true,
          value: draft.schedule === undefined ? undefined : String(draft.schedule.durationMinutes),
          placeholder: "1h30",
        }),
      )
    }
    case "vehicles":
      return modal(ref, form, "Vehicles").addLabelComponents(
        text(FORM_FIELDS.vehicles, "Vehicles, one per line", "Exact names help drivers pick the right car", {
          style: TextInputStyle.Paragraph,
          max: 4000,
          required: true,
          value: draft.vehicles?.join("\n"),
          placeholder: "Porsche 911 GT3 R (992)\nBMW M4 GT3",
        }),
      )
    case "track":
      return modal(ref, form, "Find a track").addLabelComponents(
        text(FORM_FIELDS.track, "Track name", "All or part of the name, like spa or nordschleife", { max: 100, required: true, value: draft.track?.name }),
      )
    case "capacity": {
      const track = draft.track
      const broadcast = draft.capacity?.broadcastSlots ?? track?.broadcastSlots ?? 0
      const limit = track === undefined ? undefined : maxDriversLimit(track, broadcast)
      return modal(ref, form, "Capacity and broadcast slots").addLabelComponents(
        text(FORM_FIELDS.maxDrivers, "Max drivers", limit === undefined ? "How many drivers may register" : `At most ${limit}: ${track?.pitSlots} pit slots minus ${broadcast} broadcast`, {
          max: 6,
          required: true,
          value: draft.capacity === undefined ? (limit === undefined ? undefined : String(limit)) : String(draft.capacity.maxDrivers),
        }),
        text(FORM_FIELDS.broadcastSlots, "Broadcast slots", "Pit slots kept for commentators and spectators; empty = the track's default", {
          max: 6,
          value: String(broadcast),
        }),
      )
    }
    case "rules":
      return modal(ref, form, "Rules").addLabelComponents(
        text(FORM_FIELDS.specialRules, "Special rules", "Optional: anything beyond the regulations", { style: TextInputStyle.Paragraph, max: SPECIAL_RULES_MAX, value: draft.rules?.specialRules }),
        text(FORM_FIELDS.regulationUrl, "Regulation link", "Optional, https:// only", { max: URL_MAX, value: draft.rules?.regulationUrl ?? undefined, placeholder: "https://…" }),
        text(FORM_FIELDS.liveriesUrl, "Custom liveries link", "Optional, https:// only", { max: URL_MAX, value: draft.rules?.liveriesUrl ?? undefined, placeholder: "https://…" }),
        text(FORM_FIELDS.checkIn, "Check-in closes (minutes before start)", `Empty = ${CHECK_IN_DEFAULT_MINUTES}; 0 closes it at the start`, {
          max: 4,
          value: draft.rules === undefined ? undefined : String(draft.rules.checkInClosesMinutes),
          placeholder: String(CHECK_IN_DEFAULT_MINUTES),
        }),
        new LabelBuilder()
          .setLabel("Briefing before the race")
          .setDescription("Tick if drivers must attend a briefing")
          .setCheckboxComponent(new CheckboxBuilder().setCustomId(FORM_FIELDS.briefing).setDefault(draft.rules?.briefing ?? false)),
      )
  }
}
