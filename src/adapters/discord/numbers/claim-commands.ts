import type { ChatInputCommandInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { linkOf } from "../../../app/iracing/links.js"
import { claimNumber, releaseNumber } from "../../../app/numbers/claim-use-cases.js"
import { checkNumber, myNumbers } from "../../../app/numbers/queries.js"
import type { AppServices } from "../handler-services.js"
import { Iracing } from "../../iracing/index.js"
import { actorOf } from "../router.js"
import { checkEmbed, claimedText, mineEmbed, releasedText } from "./numbers-view.js"
import type { Subcommand } from "../subcommands.js"
import { anyHeldChoices, classChoices, freeChoices, ownChoices, suggestFor, classOption, numberOption } from "./number-autocomplete.js"
import { dieOnDatabase, guildIdOf } from "../command.js"
import { sayQuietly } from "../reply.js"

/** What the member asked about: the number exactly as typed, and the class when they named one. */
const numberRequest = (interaction: ChatInputCommandInteraction) =>
  Effect.map(guildIdOf(interaction), (guildId) => ({
    guildId,
    actor: actorOf(interaction),
    number: interaction.options.getString("number", true),
    className: interaction.options.getString("class") ?? undefined,
  }))

const claim: Subcommand<AppServices> = {
  name: "claim",
  description: "Claim a car number (7, 07 and 007 are different numbers)",
  usage: "/number claim <number> [class]",
  access: "member",
  options: (b) => b.addStringOption(numberOption("number", "The number exactly as on the car: 7, 07 and 007 differ")).addStringOption(classOption),
  run: (interaction) =>
    Effect.gen(function* () {
      const outcome = yield* dieOnDatabase(claimNumber(yield* numberRequest(interaction)))
      return sayQuietly({ content: claimedText(outcome) })
    }),
  autocomplete: suggestFor({ number: freeChoices, class: classChoices }),
}

const release: Subcommand<AppServices> = {
  name: "release",
  description: "Give up one of your numbers",
  usage: "/number release <number> [class]",
  access: "member",
  options: (b) => b.addStringOption(numberOption("number", "One of your numbers, exactly as you hold it")).addStringOption(classOption),
  run: (interaction) =>
    Effect.gen(function* () {
      const released = yield* dieOnDatabase(releaseNumber(yield* numberRequest(interaction)))
      return sayQuietly({ content: releasedText(released) })
    }),
  autocomplete: suggestFor({ number: ownChoices, class: classChoices }),
}

const mine: Subcommand<AppServices> = {
  name: "mine",
  description: "The numbers you hold, and your iRacing link",
  usage: "/number mine",
  access: "member",
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const [view, link, iracing] = yield* Effect.all([myNumbers(guildId, interaction.user.id), linkOf(guildId, interaction.user.id), Iracing])
      return sayQuietly({ embeds: [mineEmbed(view, { link, iracing: iracing.status })] })
    }),
}

const check: Subcommand<AppServices> = {
  name: "check",
  description: "Who holds a number, since when, its status and history",
  usage: "/number check <number>",
  access: "member",
  options: (b) => b.addStringOption(numberOption("number", "The number to look up, exactly as on the car")),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const result = yield* checkNumber(guildId, interaction.options.getString("number", true))
      return sayQuietly({ embeds: [checkEmbed(result)] })
    }),
  autocomplete: suggestFor({ number: anyHeldChoices }),
}

export const claimSubcommands: ReadonlyArray<Subcommand<AppServices>> = [claim, release, mine, check]
