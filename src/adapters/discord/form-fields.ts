import { LabelBuilder, type TextInputBuilder } from "discord.js"
import { truncate } from "./embeds.js"

/** Discord's caps for a form field's label and its description line. */
const LABEL_MAX = 45
const DESCRIPTION_MAX = 100

/** One field of a form (modal): its label, the line under it, and the text input with its id. */
export const formField = (id: string, label: string, description: string, input: TextInputBuilder) =>
  new LabelBuilder().setLabel(truncate(label, LABEL_MAX)).setDescription(truncate(description, DESCRIPTION_MAX)).setTextInputComponent(input.setCustomId(id))

/** Prefills a field when there is something to show (Discord refuses an empty value). */
export const withValue = (input: TextInputBuilder, value: string | undefined) => (value === undefined || value === "" ? input : input.setValue(value))
