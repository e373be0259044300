import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { availability } from "../../../app/numbers/queries.js"
import type { AppServices } from "../handler-services.js"
import { AvailabilityPictures } from "../render/availability-pictures.js"
import { availabilityMessage, availabilityPicture } from "./available-view.js"
import type { Subcommand } from "../subcommands.js"
import { classChoices, suggestFor, classOption } from "./number-autocomplete.js"
import { guildIdOf } from "../command.js"
import { later, say } from "../reply.js"

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
      // A picture not in the cache waits for a worker, behind other members' pictures at busy times.
      return later(
        "private",
        Effect.gen(function* () {
          const pictures = yield* AvailabilityPictures
          const png = yield* pictures.png(availabilityPicture(grid)).pipe(
            // The words carry the same facts, so a missing picture is a lesser answer, not a failed one.
            Effect.tapError((error) => Effect.logWarning("could not draw the availability picture; answering in words", { reason: error.reason })),
            Effect.option,
          )
          return say(availabilityMessage(grid, classes, Option.getOrUndefined(png)))
        }),
      )
    }),
  autocomplete: suggestFor({ class: classChoices }),
}

export const availableSubcommands: ReadonlyArray<Subcommand<AppServices>> = [available]
