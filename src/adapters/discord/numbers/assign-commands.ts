import { userMention } from "discord.js"
import * as Effect from "effect/Effect"
import { assignNumber, revokeNumber } from "../../../app/numbers/claim-use-cases.js"
import type { AppServices } from "../handler-services.js"
import { refuse } from "../../../app/refusal.js"
import { describeClass } from "../../../domain/numbers/classes.js"
import { MAX_REASON_LENGTH } from "../../../domain/numbers/lifecycle.js"
import { admin, dieOnDatabase, guildIdOf } from "../command.js"
import { sayQuietly } from "../reply.js"
import { actorOf } from "../router.js"
import { truncate } from "../embeds.js"
import type { Subcommand } from "../subcommands.js"
import { classChoices, classOption, classOrHeldNumberChoices, freeChoices, numberOption, suggestFor } from "./number-autocomplete.js"
import { warningLines } from "./numbers-view.js"


const assign: Subcommand<AppServices> = {
  name: "assign",
  description: "Give a member a number, even a reserved one or over their limit",
  usage: "/number assign <member> <number> [class]",
  access: admin("numbers"),
  options: (sub) =>
    sub
      .addUserOption((option) => option.setName("member").setDescription("Who gets the number").setRequired(true))
      .addStringOption(numberOption("number", "The number as it should appear, e.g. 07"))
      .addStringOption(classOption),
  autocomplete: suggestFor({ class: classChoices, number: freeChoices }),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const user = interaction.options.getUser("member", true)
      if (user.bot) return yield* refuse(`${userMention(user.id)} is a bot; numbers go to members who race.`)
      // A user option can name anyone Discord knows; only members of this server hold numbers here.
      if (interaction.options.getMember("member") === null) return yield* refuse(`${userMention(user.id)} is not a member of this server.`)
      const outcome = yield* dieOnDatabase(
        assignNumber({
          guildId,
          actor: actorOf(interaction),
          memberId: user.id,
          number: interaction.options.getString("number", true),
          className: interaction.options.getString("class") ?? undefined,
        }),
      )
      const lines = [
        `Assigned **#${outcome.claim.number}** in ${describeClass(outcome.numberClass)} to ${userMention(user.id)}.`,
        ...warningLines(outcome.warnings),
        "It still has to be set in iRacing; it shows as *claimed* until the roster confirms it.",
      ]
      return sayQuietly(lines.join("\n"))
    }),
}

const revoke: Subcommand<AppServices> = {
  name: "revoke",
  description: "Take a number back from its holder, with a reason for the audit log",
  usage: "/number revoke <number> <reason> [class]",
  access: admin("numbers"),
  options: (sub) =>
    sub
      .addStringOption(numberOption("number", "The held number to take back"))
      .addStringOption((option) =>
        option.setName("reason").setDescription("Why; kept in the audit log and shown in the announcement").setRequired(true).setMinLength(1).setMaxLength(MAX_REASON_LENGTH),
      )
      .addStringOption(classOption),
  autocomplete: classOrHeldNumberChoices,
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const revoked = yield* dieOnDatabase(
        revokeNumber({
          guildId,
          actor: actorOf(interaction),
          number: interaction.options.getString("number", true),
          className: interaction.options.getString("class") ?? undefined,
          reason: interaction.options.getString("reason", true),
        }),
      )
      const content = `Took **#${revoked.claim.number}** back from ${userMention(revoked.claim.holderId)}. Reason: ${truncate(revoked.reason, MAX_REASON_LENGTH)}\nThe number is free again.`
      return sayQuietly(content)
    }),
}

export const assignSubcommands: ReadonlyArray<Subcommand<AppServices>> = [assign, revoke]
