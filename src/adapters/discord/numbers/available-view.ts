import { AttachmentBuilder, type APIEmbed } from "discord.js"
import { availabilitySummary, type AvailabilityGrid } from "../../../domain/numbers/availability.js"
import { describeClass, type NumberClass } from "../../../domain/numbers/classes.js"
import type { AvailabilityPicture } from "../render/availability-picture.js"
import { BRAND_COLOUR, EMBED_LIMITS, fitEmbed, truncate } from "../embeds.js"

export const AVAILABILITY_FILE = "availability.png"
/** Discord's limit for an attachment's description, which clients read out as the image's alt text. */
const ALT_TEXT_LIMIT = 1024

/** Cells carry the grid's labels, so a held 07 is drawn as "07" in cell 7, never as a free 7. */
export const availabilityPicture = (grid: AvailabilityGrid): AvailabilityPicture => {
  const limit = grid.class.limitPerMember
  return {
    title: describeClass(grid.class),
    // The legend already carries the counts; the subtitle says what to do next.
    subtitle: `Claim a free one with /number claim · ${limit} number${limit === 1 ? "" : "s"} per member`,
    cells: grid.cells.map((cell) => ({ label: cell.label, state: cell.state })),
  }
}

export const PICTURE_MISSING = "The picture could not be drawn just now, sorry; the numbers above are up to date."

/**
 * The picture for sighted members; the same facts in words for screen readers and small screens.
 * Without a picture (`png` undefined: drawing failed) the words are the whole answer.
 */
export const availabilityMessage = (grid: AvailabilityGrid, classes: ReadonlyArray<NumberClass>, png: Buffer | undefined) => {
  const summary = availabilitySummary(grid, 10)
  const others = classes.filter((c) => c.id !== grid.class.id)
  const hint = others.length > 0 ? `\nOther classes: ${others.map((c) => c.name).join(", ")}. Pick one with the \`class\` option.` : ""
  const apology = png === undefined ? `\n\n${PICTURE_MISSING}` : ""
  const embed: APIEmbed = fitEmbed({
    title: `Car numbers: ${describeClass(grid.class)}`,
    // The apology goes before the hint is cut, so a truncated summary never hides why there is no picture.
    description: `${truncate(`${summary}${hint}`, EMBED_LIMITS.description - apology.length)}${apology}`,
    color: BRAND_COLOUR,
    ...(png === undefined ? {} : { image: { url: `attachment://${AVAILABILITY_FILE}` } }),
  })
  const files = png === undefined ? [] : [new AttachmentBuilder(png, { name: AVAILABILITY_FILE, description: truncate(summary, ALT_TEXT_LIMIT) })]
  return { embeds: [embed], files, allowedMentions: { parse: [] } }
}
