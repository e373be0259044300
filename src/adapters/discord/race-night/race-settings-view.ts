import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  LabelBuilder,
  ModalBuilder,
  RoleSelectMenuBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js"
import type { RaceNightSettings } from "../../../domain/race-night/race-settings.js"
import { settingsToForm } from "../../../domain/race-night/settings-form.js"
import { manageEditId } from "../events/event-ids.js"
import { RACE_SETTINGS_FIELDS, raceSettingsEditId, raceSettingsFormId, raceSettingsRoleId } from "./race-ids.js"
import { BRAND_COLOUR, fitEmbed } from "../embeds.js"

const describe = (settings: RaceNightSettings) =>
  [
    `**Drivers are identified by:** ${settings.platform === "iracing" ? "iRacing customer id" : "SteamID64"}`,
    `**Check-in opens:** ${settings.checkInOpensBeforeMinutes / 60} h before the start`,
    `**Check-outs allowed per member:** ${settings.checkoutLimit}`,
    `**Failed registration attempts allowed:** ${settings.failedAttemptLimit}`,
    `**Car number required:** ${settings.carNumberRequired ? "yes (members must hold a claimed number)" : "no"}`,
    `**Role required to register:** ${settings.requiredRoleId === null ? "none (anyone may register)" : `<@&${settings.requiredRoleId}>`}`,
  ].join("\n")

/** The race-night settings of one event, with the role pick and the form button. */
export const raceSettingsPayload = (eventId: string, title: string, settings: RaceNightSettings, note: string | null = null) => {
  const role = new RoleSelectMenuBuilder()
    .setCustomId(raceSettingsRoleId.encode({ event: eventId }))
    .setPlaceholder("Role required to register (clear it to let anyone register)")
    .setMinValues(0)
    .setMaxValues(1)
  if (settings.requiredRoleId !== null) role.setDefaultRoles(settings.requiredRoleId)
  return {
    content: note ?? "",
    embeds: [fitEmbed({ title: `Race-night settings · ${title}`, description: describe(settings), color: BRAND_COLOUR })],
    components: [
      new ActionRowBuilder<RoleSelectMenuBuilder>().addComponents(role),
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId(raceSettingsEditId.encode({ event: eventId })).setLabel("Change settings…").setStyle(ButtonStyle.Primary),
        new ButtonBuilder().setCustomId(manageEditId.encode({ event: eventId })).setLabel("Edit the event").setStyle(ButtonStyle.Secondary),
      ),
    ],
    allowedMentions: { parse: [] as [] },
  }
}

const text = (id: string, label: string, description: string, value: string, maxLength: number) =>
  new LabelBuilder()
    .setLabel(label)
    .setDescription(description)
    .setTextInputComponent(new TextInputBuilder().setCustomId(id).setStyle(TextInputStyle.Short).setRequired(true).setMaxLength(maxLength).setValue(value))

const choice = (id: string, label: string, options: ReadonlyArray<{ label: string; value: string }>, selected: string) =>
  new LabelBuilder()
    .setLabel(label)
    .setStringSelectMenuComponent(
      new StringSelectMenuBuilder()
        .setCustomId(id)
        .addOptions(options.map((option) => ({ ...option, default: option.value === selected }))),
    )

export const raceSettingsModal = (eventId: string, settings: RaceNightSettings) => {
  const form = settingsToForm(settings)
  return new ModalBuilder()
    .setCustomId(raceSettingsFormId.encode({ event: eventId }))
    .setTitle("Race-night settings")
    .addLabelComponents(
      choice(RACE_SETTINGS_FIELDS.platform, "Drivers are identified by", [{ label: "iRacing customer id", value: "iracing" }, { label: "SteamID64 (other sims)", value: "steam" }], form.platform),
      text(RACE_SETTINGS_FIELDS.opens, "Check-in opens (hours before start)", "e.g. 24, or 1.5", form.checkInOpensHours, 6),
      text(RACE_SETTINGS_FIELDS.checkouts, "Check-outs allowed per member", "0 turns check-out off", form.checkoutLimit, 2),
      text(RACE_SETTINGS_FIELDS.attempts, "Failed registration attempts allowed", "After that only an admin can add them", form.failedAttemptLimit, 2),
      choice(RACE_SETTINGS_FIELDS.carNumber, "Car number required", [{ label: "No", value: "no" }, { label: "Yes: members must hold a claimed number", value: "yes" }], form.carNumberRequired),
    )
}
