/**
 * What the drafts repository does to a wizard between two clicks, without a database: persist
 * the snapshot to the JSON text of the state_json column, then restore it (test-only).
 */
import * as Either from "effect/Either"
import type { WizardSnapshot } from "../../src/machines/event-wizard.js"
import { persistWizard, restoreWizard } from "../../src/machines/event-wizard-persistence.js"

/** The state_json text stored for this snapshot. */
export const storedText = (snapshot: WizardSnapshot): string => JSON.stringify(persistWizard(snapshot))

export const throughStorage = (snapshot: WizardSnapshot): WizardSnapshot =>
  Either.getOrThrowWith(restoreWizard(storedText(snapshot)), (failure) => failure)
