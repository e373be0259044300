import { escapeMarkdown, type AutocompleteInteraction, type ChatInputCommandInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { Iracing, type DriverRef } from "../../iracing/index.js"
import { leagueOf } from "../../../app/iracing/league.js"
import { linkMember, unlinkMember } from "../../../app/iracing/links.js"
import type { AppServices } from "../handler-services.js"
import { admin, guildIdOf, dieOnDatabase } from "../command.js"
import { sayQuietly } from "../reply.js"
import { refuse } from "../../../app/refusal.js"
import { checkAccess } from "../router.js"
import { truncate } from "../embeds.js"
import type { Subcommand } from "../subcommands.js"
import { answerDeferred, requireIracing } from "./iracing-answers.js"

/** Discord drops an autocomplete answer after 3 seconds; a slow iRacing suggests nothing instead. */
const AUTOCOMPLETE_BUDGET = "2500 millis"
const MAX_CHOICES = 25

/** Who the command is about: the member named, or the caller. Acting for someone else is a numbers admin's job. */
const targetOf = (interaction: ChatInputCommandInteraction) =>
  Effect.gen(function* () {
    const named = interaction.options.getUser("member")
    if (named?.bot === true) return yield* refuse("Bots don't race: pick a member.")
    const memberId = named?.id ?? interaction.user.id
    if (memberId !== interaction.user.id) yield* checkAccess(interaction, admin("numbers"))
    return memberId
  })

type Verification = { readonly _tag: "verified" | "not-in-league" | "unknown"; readonly leagueId: number } | { readonly _tag: "no-league" }

/**
 * Whether the league roster shows this driver. A name picked by typing was already looked up within
 * the league; a customer id (which is what an autocomplete pick sends) is looked up there now. A
 * failed lookup doesn't undo the link: the next sync checks it anyway.
 */
const verify = (guildId: string, typed: string, driver: DriverRef) =>
  Effect.gen(function* () {
    const leagueId = yield* leagueOf(guildId)
    if (leagueId === undefined) return { _tag: "no-league" } satisfies Verification
    if (!/^\d+$/.test(typed.trim())) return { _tag: "verified", leagueId } satisfies Verification
    const iracing = yield* Iracing
    return yield* iracing.lookupDrivers(String(driver.custId), leagueId).pipe(
      Effect.map((found): Verification => ({ _tag: found.some((d) => d.custId === driver.custId) ? "verified" : "not-in-league", leagueId })),
      Effect.orElseSucceed((): Verification => ({ _tag: "unknown", leagueId })),
    )
  })

const verificationText = (verification: Verification, driver: DriverRef) => {
  switch (verification._tag) {
    case "verified":
      return `✅ Verified: ${driver.displayName} is on the roster of iRacing league ${verification.leagueId}.`
    case "not-in-league":
      return `⚠️ Not verified: ${driver.displayName} is not on the roster of iRacing league ${verification.leagueId}. Once they join it, /sync verifies the link.`
    case "unknown":
      return "Not verified yet: iRacing didn't answer the roster check. The next sync checks it."
    case "no-league":
      return "Not verified: no iRacing league is set for this server, so there is no roster to check against (an admin can set it in /setup)."
  }
}

const link: Subcommand<AppServices> = {
  name: "link",
  description: "Link a Discord member to their iRacing account, so roster sync can find them",
  usage: "/number link <iRacing name or customer id> [member]",
  access: "member",
  options: (b) =>
    b
      .addStringOption((o) => o.setName("query").setDescription("Your iRacing name (pick from the list) or customer id").setRequired(true).setMinLength(2).setMaxLength(100).setAutocomplete(true))
      .addUserOption((o) => o.setName("member").setDescription("Admins: link this member instead of yourself")),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const memberId = yield* targetOf(interaction)
      yield* requireIracing
      const typed = interaction.options.getString("query", true)
      return answerDeferred(
        Effect.gen(function* () {
          const driver = yield* dieOnDatabase(linkMember(guildId, interaction.user.id, memberId, typed))
          const verification = yield* verify(guildId, typed, driver)
          const who = memberId === interaction.user.id ? "you" : `<@${memberId}>`
          return { content: `Linked ${who} to **${escapeMarkdown(driver.displayName)}** (iRacing customer ${driver.custId}).\n${verificationText(verification, driver)}` }
        }),
      )
    }),
  autocomplete: (interaction: AutocompleteInteraction) =>
    Effect.gen(function* () {
      const focused = interaction.options.getFocused(true)
      const iracing = yield* Iracing
      const term = String(focused.value).trim()
      if (!interaction.inGuild() || focused.name !== "query" || iracing.status === "off" || term.length < 2) return []
      const drivers = yield* iracing.lookupDrivers(term, yield* leagueOf(interaction.guildId))
      return drivers.slice(0, MAX_CHOICES).map((d) => ({ name: truncate(`${d.displayName} (${d.custId})`, 100), value: String(d.custId) }))
    }).pipe(
      Effect.timeout(AUTOCOMPLETE_BUDGET),
      Effect.orElseSucceed(() => []),
    ),
}

const unlink: Subcommand<AppServices> = {
  name: "unlink",
  description: "Remove a member's iRacing link",
  usage: "/number unlink [member]",
  access: "member",
  options: (b) => b.addUserOption((o) => o.setName("member").setDescription("Admins: unlink this member instead of yourself")),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const memberId = yield* targetOf(interaction)
      const { removed, unconfirmed } = yield* dieOnDatabase(unlinkMember(guildId, interaction.user.id, memberId))
      const who = memberId === interaction.user.id ? "You are" : `<@${memberId}> is`
      const pending = unconfirmed.length === 0 ? "" : `\n${unconfirmed.map((n) => `#${n}`).join(", ")} ${unconfirmed.length === 1 ? "is" : "are"} pending again: only a linked driver's roster number confirms a claim.`
      return sayQuietly(`${who} no longer linked to **${escapeMarkdown(removed.iracingName)}** (iRacing customer ${removed.custId}).${pending}`)
    }),
}

export const iracingSubcommands: ReadonlyArray<Subcommand<AppServices>> = [link, unlink]
