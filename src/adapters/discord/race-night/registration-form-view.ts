import { LabelBuilder, ModalBuilder, StringSelectMenuBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitFields } from "discord.js"
import type { RegistrationField, RegistrationForm } from "../../../domain/race-night/registration.js"
import { truncate } from "../embeds.js"

/** Discord shows at most 25 options in a select; longer vehicle lists are typed instead. */
const SELECT_LIMIT = 25

const DESCRIPTIONS: Record<RegistrationField["id"], string> = {
  fullName: "As it should appear on the entry list, like Ayrton Senna",
  driverId: "",
  vehicle: "One of this event's vehicles, spelled as on the card",
  teamName: "The same spelling as your teammates",
  liveryUrl: "The https:// link to your custom livery",
}

const driverIdHint = (field: RegistrationField) =>
  field.label.startsWith("iRacing") ? "Under Account on iRacing's website; filled in from your /number link" : "17 digits starting with 7656119, or your Steam profile link"

const vehicleSelect = (vehicles: ReadonlyArray<string>, chosen: string) =>
  new StringSelectMenuBuilder()
    .setCustomId("vehicle")
    .setPlaceholder("Choose your vehicle")
    .setMinValues(1)
    .setMaxValues(1)
    .addOptions([...new Set(vehicles)].map((vehicle) => ({ label: truncate(vehicle, 100), value: vehicle.slice(0, 100), default: vehicle === chosen })))

/**
 * The registration form for one event: only the fields it needs (at most 5, Discord's limit),
 * prefilled where the bot already knows the answer. The vehicle is a select when the list fits.
 */
export const registrationModal = (customId: string, title: string, fields: ReadonlyArray<RegistrationField>, vehicles: ReadonlyArray<string>): ModalBuilder => {
  const labels = fields.slice(0, 5).map((field) => {
    const description = field.id === "driverId" ? driverIdHint(field) : DESCRIPTIONS[field.id]
    const label = new LabelBuilder().setLabel(truncate(field.label, 45)).setDescription(truncate(description, 100))
    if (field.id === "vehicle" && vehicles.length > 0 && vehicles.length <= SELECT_LIMIT) return label.setStringSelectMenuComponent(vehicleSelect(vehicles, field.value))
    const input = new TextInputBuilder().setCustomId(field.id).setStyle(TextInputStyle.Short).setMaxLength(Math.min(4000, field.maxLength)).setRequired(true)
    if (field.value !== "") input.setValue(field.value.slice(0, field.maxLength))
    return label.setTextInputComponent(input)
  })
  return new ModalBuilder().setCustomId(customId).setTitle(truncate(title, 45)).addLabelComponents(...labels)
}

/** A text input's value or a select's first choice; undefined when the form had no such field. */
const valueOf = (fields: ModalSubmitFields, id: string): string | undefined => {
  const field = fields.fields.get(id)
  if (field === undefined) return undefined
  if ("value" in field && typeof field.value === "string") return field.value
  if ("values" in field && Array.isArray(field.values)) return String(field.values[0] ?? "")
  return undefined
}

/** The form as the domain reads it; what Discord didn't send is blank, and the domain says what is missing. */
export const readRegistrationForm = (fields: ModalSubmitFields): RegistrationForm => {
  const teamName = valueOf(fields, "teamName")
  const liveryUrl = valueOf(fields, "liveryUrl")
  return {
    fullName: valueOf(fields, "fullName") ?? "",
    driverId: valueOf(fields, "driverId") ?? "",
    vehicle: valueOf(fields, "vehicle") ?? "",
    ...(teamName === undefined ? {} : { teamName }),
    ...(liveryUrl === undefined ? {} : { liveryUrl }),
  }
}
