import { escapeMarkdown, ModalBuilder, TextInputBuilder, TextInputStyle, type APIEmbed } from "discord.js"
import { PIT_SLOTS_MAX, TRACK_DETAILS_MAX, TRACK_LAYOUT_MAX, TRACK_NAME_MAX, type StoredTrack, trackLabel } from "../../../domain/events/track-rules.js"
import { NEW_TRACK, TRACK_FIELDS, trackFormId, trackListId } from "./track-ids.js"
import { BRAND_COLOUR, fitEmbed, truncate } from "../embeds.js"
import { pagerRow } from "../pager.js"
import { formField, withValue } from "../form-fields.js"

/** Discord's cap on a modal's title (discord-platform.md §1.2). */
const MODAL_TITLE_MAX = 45
const LIST_DETAILS_MAX = 120

const safeLabel = (track: Pick<StoredTrack, "name" | "layout">) => escapeMarkdown(trackLabel(track))


/** Five fields, Discord's most for a modal; editing prefills what is stored. `image` is the custom_id's picture field. */
export const trackModal = (existing: StoredTrack | null, image: string) =>
  new ModalBuilder()
    .setCustomId(trackFormId.encode({ track: existing?.id ?? NEW_TRACK, image }))
    .setTitle(truncate(existing === null ? "Add a track" : `Edit ${trackLabel(existing)}`, MODAL_TITLE_MAX))
    .addLabelComponents(
      formField(TRACK_FIELDS.name, "Track name", "The circuit, e.g. Spa-Francorchamps", withValue(new TextInputBuilder().setStyle(TextInputStyle.Short).setMaxLength(TRACK_NAME_MAX).setRequired(true), existing?.name)),
      formField(TRACK_FIELDS.layout, "Layout", "e.g. Grand Prix or Endurance; leave empty if there is only one", withValue(new TextInputBuilder().setStyle(TextInputStyle.Short).setMaxLength(TRACK_LAYOUT_MAX).setRequired(false), existing?.layout)),
      formField(TRACK_FIELDS.pitSlots, "Pit slots", `How many cars the pit lane holds, 1 to ${PIT_SLOTS_MAX}`, withValue(new TextInputBuilder().setStyle(TextInputStyle.Short).setMaxLength(3).setRequired(true).setPlaceholder("40"), existing === null ? undefined : String(existing.pitSlots))),
      formField(TRACK_FIELDS.broadcastSlots, "Broadcast slots", "Pit slots kept for broadcast cars (default 0)", withValue(new TextInputBuilder().setStyle(TextInputStyle.Short).setMaxLength(3).setRequired(false).setPlaceholder("0"), existing === null ? undefined : String(existing.broadcastSlots))),
      formField(TRACK_FIELDS.details, "Details", "Anything drivers should know (optional)", withValue(new TextInputBuilder().setStyle(TextInputStyle.Paragraph).setMaxLength(TRACK_DETAILS_MAX).setRequired(false), existing?.details)),
    )

const slotsText = (track: StoredTrack) => {
  const drivers = track.pitSlots - track.broadcastSlots
  return track.broadcastSlots === 0 ? `${track.pitSlots} pit slots` : `${track.pitSlots} pit slots (${track.broadcastSlots} for broadcast, ${drivers} for drivers)`
}

/** One track in full, with its picture, as confirmed after an add or an edit. */
export const trackEmbed = (track: StoredTrack): APIEmbed =>
  fitEmbed({
    title: trackLabel(track),
    color: BRAND_COLOUR,
    ...(track.details === "" ? {} : { description: escapeMarkdown(track.details) }),
    fields: [
      { name: "Pit slots", value: String(track.pitSlots), inline: true },
      { name: "Broadcast slots", value: String(track.broadcastSlots), inline: true },
      { name: "Drivers at most", value: String(track.pitSlots - track.broadcastSlots), inline: true },
    ],
    ...(track.imageUrl === null ? {} : { image: { url: track.imageUrl } }),
  })

/** Everything a removed track had, so an admin who picked the wrong one can add it back as it was. */
export const removedText = (track: StoredTrack) =>
  [
    `Removed **${safeLabel(track)}**: ${slotsText(track)}${track.imageUrl === null ? "" : ", with a picture"}.`,
    track.details === "" ? null : `Details were: ${escapeMarkdown(truncate(track.details, 1500))}`,
    "To undo, add it again with /track add and these values.",
  ]
    .filter((line): line is string => line !== null)
    .join("\n")

const listLine = (track: StoredTrack) => {
  const details = track.details === "" ? "" : `\n  ${escapeMarkdown(truncate(track.details.replace(/\s+/g, " "), LIST_DETAILS_MAX))}`
  return `**${safeLabel(track)}** · ${slotsText(track)}${track.imageUrl === null ? "" : " · 🖼️"}${details}`
}

export interface TrackListPage {
  readonly tracks: ReadonlyArray<StoredTrack>
  readonly total: number
  readonly page: number
  readonly pageCount: number
}

/** The shared list everyone in the channel sees; the pager turns it in place. */
export const trackListView = ({ tracks, total, page, pageCount }: TrackListPage) => {
  const description =
    total === 0
      ? "No tracks yet. An admin adds them with `/track add`."
      : tracks.map(listLine).join("\n")
  const embed = fitEmbed({
    title: "Tracks",
    description,
    color: BRAND_COLOUR,
    footer: { text: `${total === 1 ? "1 track" : `${total} tracks`} · page ${page + 1} of ${pageCount}` },
  })
  const idFor = (via: "go" | "at") => (target: number) => trackListId.encode({ via, page: target })
  // A single page needs no pager, and Previous and Next would otherwise share one custom_id.
  const components = pageCount > 1 ? [pagerRow(page, pageCount, idFor("go"), idFor("at")(page))] : []
  return { embeds: [embed], components, allowedMentions: { parse: [] as [] } }
}
