import { MessageFlags } from "discord.js"
import { Effect } from "effect"
import { availability } from "../../../../app/numbers/queries.js"
import type { AppServices } from "../../../../app/services.js"
import type { AvailabilityPicture } from "../../render/availability-image.js"
import { availabilityMessage, availabilityPicture } from "../../views/numbers-available.js"
import type { Subcommand } from "../subcommands.js"
import { classChoices, suggestFor } from "./member-autocomplete.js"
import { classOption, guildIdOf } from "./member-shared.js"

/**
 * @napi-rs/canvas (Skia, ~18 MB resident, ~0.2 s to load) is loaded by the first picture, not at
 * start-up: most days nobody asks for one.
 */
const drawAvailability = async (picture: AvailabilityPicture): Promise<Buffer> => {
  const { renderAvailabilityPng } = await import("../../render/availability-image.js")
  return renderAvailabilityPng(picture)
}

const available: Subcommand<AppServices> = {
  name: "available",
  description: "A picture of which numbers are free, taken, reserved or pending",
  usage: "/number available [class]",
  access: "member",
  options: (b) => b.addStringOption(classOption),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      // Read (and refuse an unknown class) before deferring, so a refusal is the first and only reply.
      const { grid, classes } = yield* availability(guildId, interaction.options.getString("class"))
      // Drawing takes 60–400 ms, more on a busy host: defer so the 3-second deadline can't be missed.
      yield* Effect.promise(() => interaction.deferReply({ flags: MessageFlags.Ephemeral }))
      const png = yield* Effect.promise(() => drawAvailability(availabilityPicture(grid)))
      yield* Effect.promise(() => interaction.editReply(availabilityMessage(grid, classes, png)))
    }),
  autocomplete: suggestFor({ class: classChoices }),
}

export const availableSubcommands: ReadonlyArray<Subcommand<AppServices>> = [available]
