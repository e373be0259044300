import { LabelBuilder, TextInputBuilder, TextInputStyle, type ModalBuilder } from "discord.js"
import { DEFAULT_SYNC_INTERVAL_MINUTES, type GuildSettings } from "../../../domain/server-settings.js"

/** The text input's id inside the /setup iRacing league modal. */
export const SYNC_INTERVAL_FIELD = "sync-interval"

/** Adds the automatic-sync interval to the league modal, prefilled so that submitting unchanged keeps it. */
export const withSyncIntervalField = (modal: ModalBuilder, settings: GuildSettings): ModalBuilder => {
  const input = new TextInputBuilder()
    .setCustomId(SYNC_INTERVAL_FIELD)
    .setStyle(TextInputStyle.Short)
    .setMaxLength(5)
    .setRequired(false)
    .setPlaceholder(String(DEFAULT_SYNC_INTERVAL_MINUTES))
  if (settings.syncIntervalMinutes !== undefined) input.setValue(String(settings.syncIntervalMinutes))
  return modal.addLabelComponents(
    new LabelBuilder()
      .setLabel("Automatic sync, in minutes")
      .setDescription(`Minutes between roster syncs; 0 turns it off, empty means ${DEFAULT_SYNC_INTERVAL_MINUTES}`)
      .setTextInputComponent(input),
  )
}
