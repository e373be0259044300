import { type AutocompleteInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction, type SlashCommandSubcommandBuilder } from "discord.js"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { addTrack, editTrack, findTrack, removeTrack, trackChoices, trackPage, type ImageChange } from "../../../app/events/track-use-cases.js"
import type { AppServices } from "../handler-services.js"
import { refuse } from "../../../app/refusal.js"
import { checkTrackImage, type TrackForm } from "../../../domain/events/track-rules.js"
import { admin, button, dieOnDatabase, guildIdOf, modal, type Feature } from "../command.js"
import { form, say, sayQuietly, update } from "../reply.js"
import { groupedCommand, type Subcommand } from "../subcommands.js"
import { removedText, trackEmbed, trackListView, trackModal } from "./tracks-view.js"
import { IMAGE_KEEP, IMAGE_NONE, NEW_TRACK, TRACK_FIELDS, trackFormId, trackListId } from "./track-ids.js"
import { holdImage, peekImage, releaseImage } from "./track-image.js"


const imageOption = (description: string) => (sub: SlashCommandSubcommandBuilder) =>
  sub.addAttachmentOption((option) => option.setName("image").setDescription(description))

const trackOption = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((option) => option.setName("track").setDescription("Start typing the track's name").setRequired(true).setMaxLength(100).setAutocomplete(true))

/** Checks the attachment before the form opens, so a wrong file costs the admin nothing typed; returns the form's picture token. */
const holdAttachment = (interaction: ChatInputCommandInteraction, guildId: string) =>
  Effect.gen(function* () {
    const attachment = interaction.options.getAttachment("image")
    if (attachment === null) return null
    const url = checkTrackImage({ filename: attachment.name, contentType: attachment.contentType, url: attachment.url })
    if (Either.isLeft(url)) return yield* refuse(url.left)
    holdImage(interaction.id, { userId: interaction.user.id, guildId, url: url.right })
    return interaction.id
  })

const autocomplete = (interaction: AutocompleteInteraction) =>
  interaction.inGuild() ? trackChoices(interaction.guildId, String(interaction.options.getFocused(true).value)) : Effect.succeed([])

const add: Subcommand<AppServices> = {
  name: "add",
  description: "Add a track: name, layout, pit slots, broadcast slots, details",
  usage: "/track add [image]",
  access: admin("tracks"),
  options: imageOption("A picture of the track (PNG, JPEG, GIF or WebP)"),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const token = yield* holdAttachment(interaction, guildId)
      return form(trackModal(null, token ?? IMAGE_NONE))
    }),
}

const edit: Subcommand<AppServices> = {
  name: "edit",
  description: "Change a track; the form opens with what is stored",
  usage: "/track edit <track> [image] [remove_image]",
  access: admin("tracks"),
  options: (sub) =>
    imageOption("A new picture of the track, replacing the old one")(trackOption(sub)).addBooleanOption((option) =>
      option.setName("remove_image").setDescription("Remove the track's picture"),
    ),
  autocomplete,
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const track = yield* findTrack(guildId, interaction.options.getString("track", true))
      const removing = interaction.options.getBoolean("remove_image") === true
      if (removing && interaction.options.getAttachment("image") !== null) return yield* refuse("Attach a new picture or remove the old one, not both.")
      const token = yield* holdAttachment(interaction, guildId)
      return form(trackModal(track, token ?? (removing ? IMAGE_NONE : IMAGE_KEEP)))
    }),
}

const remove: Subcommand<AppServices> = {
  name: "remove",
  description: "Remove a track no upcoming event uses",
  usage: "/track remove <track>",
  access: admin("tracks"),
  options: trackOption,
  autocomplete,
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const track = yield* findTrack(guildId, interaction.options.getString("track", true))
      const removed = yield* dieOnDatabase(removeTrack(guildId, interaction.user.id, track.id))
      return sayQuietly(removedText(removed))
    }),
}

const list: Subcommand<AppServices> = {
  name: "list",
  description: "The server's tracks, for everyone in the channel",
  usage: "/track list",
  access: "member",
  visibility: "public",
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      return say(trackListView(yield* trackPage(guildId, 0)), "public")
    }),
}

const readForm = (interaction: ModalSubmitInteraction): TrackForm => ({
  name: interaction.fields.getTextInputValue(TRACK_FIELDS.name),
  layout: interaction.fields.getTextInputValue(TRACK_FIELDS.layout),
  pitSlots: interaction.fields.getTextInputValue(TRACK_FIELDS.pitSlots),
  broadcastSlots: interaction.fields.getTextInputValue(TRACK_FIELDS.broadcastSlots),
  details: interaction.fields.getTextInputValue(TRACK_FIELDS.details),
})

const LOST_IMAGE = "The picture you attached could not be kept (it expired, or Pitboard restarted meanwhile); attach it again with `/track edit image:`."

/** Validation is the use case's: bad slots, over-long text or a duplicate are refused and nothing is stored. */
const submit = modal(trackFormId, admin("tracks"), (interaction, value) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const adding = value.track === NEW_TRACK
    const token = value.image === IMAGE_KEEP || value.image === IMAGE_NONE ? null : value.image
    const held = token === null ? undefined : peekImage(token, interaction.user.id, guildId)
    const image: ImageChange =
      held !== undefined ? { _tag: "set", url: held } : value.image === IMAGE_NONE ? { _tag: "clear" } : { _tag: "keep" }
    const form = readForm(interaction)
    const saved = adding
      ? yield* dieOnDatabase(addTrack(guildId, interaction.user.id, form, image._tag === "set" ? image.url : null))
      : (yield* dieOnDatabase(editTrack(guildId, interaction.user.id, value.track, form, image))).after
    if (token !== null) releaseImage(token)
    const lines = [adding ? "Added to the track list:" : "Saved:", token !== null && held === undefined ? `⚠️ ${LOST_IMAGE}` : null]
    return sayQuietly({ content: lines.filter((line) => line !== null).join("\n"), embeds: [trackEmbed(saved)] })
  }),
)

const turnPage = button(trackListId, "member", (interaction, { page }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    return update(trackListView(yield* trackPage(guildId, page)))
  }),
)

export const tracksFeature: Feature<AppServices> = {
  commands: [
    groupedCommand({
      name: "track",
      description: "The server's tracks: add, edit, remove and list",
      area: "Tracks",
      subcommands: [add, edit, remove, list],
    }),
  ],
  components: [submit, turnPage],
}
