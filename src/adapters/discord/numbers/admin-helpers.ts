import type { ClaimWarning } from "../../../domain/numbers/claims.js"
import { anyHeldChoices, classChoices, suggestFor } from "./number-autocomplete.js"

export { classOption, dieOnDatabase, guildIdOf, numberOption, privately } from "../interaction-helpers.js"

/** Class names for `class`, held numbers for `number`: what assign, revoke, reserve and export act on. */
export const classOrHeldNumberChoices = suggestFor({ class: classChoices, number: anyHeldChoices })

export const warningLines = (warnings: ReadonlyArray<ClaimWarning>) => warnings.map((warning) => `⚠️ ${warning.message}`)

