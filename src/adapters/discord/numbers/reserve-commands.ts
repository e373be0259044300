import { userMention, type ChatInputCommandInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { numbersOverview } from "../../../app/numbers/queries.js"
import { changeReserved } from "../../../app/numbers/setup.js"
import type { AppServices } from "../handler-services.js"
import { describeClass } from "../../../domain/numbers/classes.js"
import { admin, dieOnDatabase, guildIdOf } from "../command.js"
import { sayQuietly } from "../reply.js"
import { truncate } from "../embeds.js"
import type { Subcommand } from "../subcommands.js"
import { compactNumbers } from "./admin-format.js"
import { classOption, classOrHeldNumberChoices } from "./number-autocomplete.js"


const MAX_MESSAGE = 2000

const run = (reserve: boolean) => (interaction: ChatInputCommandInteraction) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    // Read before the change only to word the reply (what was already so); the use case decides.
    const before = yield* numbersOverview(guildId)
    const result = yield* dieOnDatabase(
      changeReserved(guildId, interaction.user.id, interaction.options.getString("class"), interaction.options.getString("numbers", true), reserve),
    )
    const { numberClass, changed } = result
    const previous = before.classes.find((c) => c.id === numberClass.id)?.reserved ?? []
    const alreadySo = changed.filter((n) => previous.includes(n) === reserve)
    const done = changed.filter((n) => !alreadySo.includes(n))
    const lines: string[] = []
    if (done.length > 0) lines.push(`${reserve ? "Reserved" : "Released from reserve"} in ${describeClass(numberClass)}: ${compactNumbers(done)}.`)
    if (alreadySo.length > 0) lines.push(`${reserve ? "Already reserved" : "Were not reserved"}: ${compactNumbers(alreadySo)}; nothing changed for those.`)
    if (reserve) {
      const held = before.claims.filter((claim) => claim.classId === numberClass.id && done.includes(claim.number))
      for (const claim of held) lines.push(`⚠️ #${claim.number} is held by ${userMention(claim.holderId)}; they keep it, and once it is free only admins can hand it out.`)
    }
    lines.push(
      numberClass.reserved.length === 0
        ? `Nothing is reserved in ${numberClass.name} now.`
        : `Reserved in ${numberClass.name} now: ${compactNumbers(numberClass.reserved)}. Members can't claim these; \`/number assign\` still can.`,
    )
    return sayQuietly(truncate(lines.join("\n"), MAX_MESSAGE))
  })

const numbersOption = (description: string) => (sub: Parameters<NonNullable<Subcommand<AppServices>["options"]>>[0]) =>
  sub
    .addStringOption((option) => option.setName("numbers").setDescription(description).setRequired(true).setMinLength(1).setMaxLength(200))
    .addStringOption(classOption)

const reserve: Subcommand<AppServices> = {
  name: "reserve",
  description: "Keep numbers back so only admins can hand them out",
  usage: "/number reserve <numbers like 1, 07, 10-19> [class]",
  access: admin("numbers"),
  options: numbersOption("Numbers and ranges, like 1, 07, 10-19"),
  autocomplete: classOrHeldNumberChoices,
  run: run(true),
}

const unreserve: Subcommand<AppServices> = {
  name: "unreserve",
  description: "Let members claim reserved numbers again",
  usage: "/number unreserve <numbers like 1, 07, 10-19> [class]",
  access: admin("numbers"),
  options: numbersOption("Numbers and ranges to release from reserve, like 1, 07, 10-19"),
  autocomplete: classOrHeldNumberChoices,
  run: run(false),
}

export const reserveSubcommands: ReadonlyArray<Subcommand<AppServices>> = [reserve, unreserve]
