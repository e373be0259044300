import type { AutocompleteInteraction } from "discord.js"
import { Effect, Either } from "effect"
import { canonicalNumber, numericValue, parseCarNumber } from "../../../../domain/numbers/car-number.js"
import { nearbyFree, usedValues, type Claim } from "../../../../domain/numbers/claims.js"
import { classesContaining, describeClass, effectiveClasses, findClassByName, type NumberClass } from "../../../../domain/numbers/classes.js"
import { numbersOverview, type NumbersView } from "../../../../app/numbers/queries.js"
import type { AppServices } from "../../../../app/services.js"
import { className } from "../../views/numbers.js"

export interface Choice {
  readonly name: string
  readonly value: string
}
/** Discord shows at most 25 suggestions. */
export const MAX_CHOICES = 25

export interface Typed {
  readonly view: NumbersView
  /** What the member has typed so far in the focused option. */
  readonly text: string
  readonly interaction: AutocompleteInteraction
}
export type Suggest = (typed: Typed) => ReadonlyArray<Choice>

const optionText = (interaction: AutocompleteInteraction, name: string): string => {
  const value = interaction.options.get(name)?.value
  return typeof value === "string" ? value : ""
}

export const classChoices: Suggest = ({ view, text }) => {
  const needle = text.trim().toLowerCase()
  return effectiveClasses(view.classes)
    .filter((c) => c.name.toLowerCase().includes(needle))
    .slice(0, MAX_CHOICES)
    .map((c) => ({ name: describeClass(c), value: c.name }))
}

/** The class named in the `class` option, else the one the typed number falls in, else the first. */
const classFor = (view: NumbersView, text: string, named: string): NumberClass => {
  const classes = effectiveClasses(view.classes)
  const byName = named.trim() === "" ? undefined : findClassByName(classes, named)
  if (byName !== undefined) return byName
  const parsed = parseCarNumber(text)
  const containing = Either.isRight(parsed) ? classesContaining(parsed.right, classes)[0] : undefined
  return containing ?? classes[0]!
}

/** Free numbers near what was typed; the typed form itself first when free, so "07" can be picked as typed. */
export const freeChoices: Suggest = ({ view, text, interaction }) => {
  const numberClass = classFor(view, text, optionText(interaction, "class"))
  const taken = view.claims.filter((claim) => claim.classId === numberClass.id).map((claim) => claim.number)
  const parsed = parseCarNumber(text)
  const near = Either.isRight(parsed) ? numericValue(parsed.right) : numberClass.min
  const values = nearbyFree(numberClass, taken, Math.min(Math.max(near, numberClass.min), numberClass.max), MAX_CHOICES)
  const used = usedValues(numberClass, taken)
  const exact =
    Either.isRight(parsed) && parsed.right !== canonicalNumber(near) && near >= numberClass.min && near <= numberClass.max && !used.has(near)
      ? [parsed.right]
      : []
  return [...exact, ...values].slice(0, MAX_CHOICES).map((n) => ({ name: `#${n} · free in ${numberClass.name}`, value: n }))
}

const heldChoicesOf = (view: NumbersView, claims: ReadonlyArray<Claim>, text: string, label: (claim: Claim) => string): ReadonlyArray<Choice> => {
  const needle = text.trim().replace(/^#/, "")
  return claims
    .filter((claim) => claim.number.startsWith(needle))
    .slice(0, MAX_CHOICES)
    .map((claim) => ({ name: `#${claim.number} · ${className(view.classes, claim.classId)} · ${label(claim)}`, value: claim.number }))
}

export const ownChoices: Suggest = ({ view, text, interaction }) =>
  heldChoicesOf(view, view.claims.filter((claim) => claim.holderId === interaction.user.id), text, () => "yours")

/** The mentioned member's numbers when Discord sent who it is; otherwise any held number. */
export const theirChoices: Suggest = ({ view, text, interaction }) => {
  const member = interaction.options.get("member")?.value
  const holderId = typeof member === "string" && member !== "" ? member : undefined
  const claims = view.claims.filter((claim) => (holderId === undefined ? claim.holderId !== interaction.user.id : claim.holderId === holderId))
  return heldChoicesOf(view, claims, text, () => (holderId === undefined ? "held" : "theirs"))
}

export const anyHeldChoices: Suggest = ({ view, text }) => heldChoicesOf(view, view.claims, text, () => "held")

/** Routes the focused option to its suggestions; anything unexpected suggests nothing rather than failing. */
export const suggestFor =
  (byOption: Readonly<Record<string, Suggest>>) =>
  (interaction: AutocompleteInteraction): Effect.Effect<ReadonlyArray<Choice>, never, AppServices> =>
    Effect.gen(function* () {
      if (!interaction.inGuild()) return []
      const focused = interaction.options.getFocused(true)
      const suggest = byOption[focused.name]
      if (suggest === undefined) return []
      const view = yield* numbersOverview(interaction.guildId)
      return suggest({ view, text: String(focused.value), interaction }).slice(0, MAX_CHOICES)
    })
