import type { AutocompleteInteraction, SlashCommandStringOption } from "discord.js"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { canonicalNumber, MAX_DIGITS, numericValue, parseCarNumber } from "../../../domain/numbers/car-number.js"
import type { Claim } from "../../../domain/numbers/claims.js"
import { classesContaining, describeClass, findClassByName, type NumberClass } from "../../../domain/numbers/classes.js"
import { freeNumbersNear, heldNumbersStartingWith, numberClasses } from "../../../app/numbers/queries.js"
import type { AppServices } from "../handler-services.js"
import { className } from "./numbers-view.js"

export interface Choice {
  readonly name: string
  readonly value: string
}
/** Discord shows at most 25 suggestions. */
export const MAX_CHOICES = 25

export interface Typed {
  readonly guildId: string
  readonly classes: ReadonlyArray<NumberClass>
  /** What the member has typed so far in the focused option. */
  readonly text: string
  readonly interaction: AutocompleteInteraction
}
/** Each suggestion reads only what it shows: a keystroke must not read the whole roster. */
export type Suggest = (typed: Typed) => Effect.Effect<ReadonlyArray<Choice>, never, AppServices>

const optionText = (interaction: AutocompleteInteraction, name: string): string => {
  const value = interaction.options.get(name)?.value
  return typeof value === "string" ? value : ""
}

export const classChoices: Suggest = ({ classes, text }) => {
  const needle = text.trim().toLowerCase()
  return Effect.succeed(
    classes
      .filter((c) => c.name.toLowerCase().includes(needle))
      .slice(0, MAX_CHOICES)
      .map((c) => ({ name: describeClass(c), value: c.name })),
  )
}

/** The class named in the `class` option, else the one the typed number falls in, else the first. */
const classFor = (classes: ReadonlyArray<NumberClass>, text: string, named: string): NumberClass => {
  const byName = named.trim() === "" ? undefined : findClassByName(classes, named)
  if (byName !== undefined) return byName
  const parsed = parseCarNumber(text)
  const containing = Either.isRight(parsed) ? classesContaining(parsed.right, classes)[0] : undefined
  return containing ?? classes[0]!
}

/** Free numbers near what was typed; the typed form itself first when free, so "07" can be picked as typed. */
export const freeChoices: Suggest = ({ guildId, classes, text, interaction }) =>
  Effect.gen(function* () {
    const numberClass = classFor(classes, text, optionText(interaction, "class"))
    const parsed = parseCarNumber(text)
    const near = Math.min(Math.max(Either.isRight(parsed) ? numericValue(parsed.right) : numberClass.min, numberClass.min), numberClass.max)
    const values = yield* freeNumbersNear(guildId, numberClass, near, MAX_CHOICES)
    // The value itself is free exactly when it comes first (distance 0) among the suggestions.
    const typedIsFree = Either.isRight(parsed) && numericValue(parsed.right) === near && values[0] === canonicalNumber(near)
    const exact = typedIsFree && parsed.right !== canonicalNumber(near) ? [parsed.right] : []
    return [...exact, ...values].slice(0, MAX_CHOICES).map((n) => ({ name: `#${n} · free in ${numberClass.name}`, value: n }))
  })

const heldChoices = (
  { guildId, classes, text }: Typed,
  holder: { readonly only: string } | { readonly except: string } | null,
  label: (claim: Claim) => string,
) =>
  Effect.map(heldNumbersStartingWith(guildId, text.trim().replace(/^#/, ""), holder, MAX_CHOICES), (claims) =>
    claims.map((claim) => ({ name: `#${claim.number} · ${className(classes, claim.classId)} · ${label(claim)}`, value: claim.number })),
  )

export const ownChoices: Suggest = (typed) => heldChoices(typed, { only: typed.interaction.user.id }, () => "yours")

/** The mentioned member's numbers when Discord sent who it is; otherwise any held number. */
export const theirChoices: Suggest = (typed) => {
  const member = typed.interaction.options.get("member")?.value
  const holderId = typeof member === "string" && member !== "" ? member : undefined
  return holderId === undefined
    ? heldChoices(typed, { except: typed.interaction.user.id }, () => "held")
    : heldChoices(typed, { only: holderId }, () => "theirs")
}

export const anyHeldChoices: Suggest = (typed) => heldChoices(typed, null, () => "held")

/** Routes the focused option to its suggestions; anything unexpected suggests nothing rather than failing. */
export const suggestFor =
  (byOption: Readonly<Record<string, Suggest>>) =>
  (interaction: AutocompleteInteraction): Effect.Effect<ReadonlyArray<Choice>, never, AppServices> =>
    Effect.gen(function* () {
      if (!interaction.inGuild()) return []
      const focused = interaction.options.getFocused(true)
      const suggest = byOption[focused.name]
      if (suggest === undefined) return []
      const classes = yield* numberClasses(interaction.guildId)
      const choices = yield* suggest({ guildId: interaction.guildId, classes, text: String(focused.value), interaction })
      return choices.slice(0, MAX_CHOICES)
    })

/** Class names for `class`, held numbers for `number`: what assign, revoke, reserve and export act on. */
export const classOrHeldNumberChoices = suggestFor({ class: classChoices, number: anyHeldChoices })

/** Car numbers are strings so that 7, 07 and 007 stay different, at most as long as iRacing accepts. */
export const numberOption =
  (name: string, description: string, required = true) =>
  (option: SlashCommandStringOption) =>
    option.setName(name).setDescription(description).setRequired(required).setMinLength(1).setMaxLength(MAX_DIGITS).setAutocomplete(true)

export const classOption = (option: SlashCommandStringOption) =>
  option.setName("class").setDescription("The class, when a number could be in more than one").setMaxLength(100).setAutocomplete(true)
