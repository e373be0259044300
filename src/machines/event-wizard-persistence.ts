/**
 * Saving and restoring the event wizard between clicks.
 *
 * Only the state name and the context are stored, with the machine's name and a version:
 *   { "machine": "eventWizard", "version": 2, "value": "track", "context": { ... } }
 * rather than xstate's full persisted snapshot, whose internals can change between xstate
 * releases. Only the drafts repository calls these. Stored drafts are untrusted input:
 * restoring decodes them with the context's Schema, and older versions are migrated one
 * version at a time.
 *
 * Changing the context or the states? Raise WIZARD_VERSION, add a migration from the previous
 * version, and add fixtures for the new version under test/fixtures/wizard. The old fixtures
 * stay: the test that restores every one of them is what keeps old drafts working.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { firstUnansweredStep } from "../domain/events/draft.js"
import { damaged, readStoredMachine, type Migrations, type RestoreFailure, type StoredMachineSpec } from "./persisted.js"
import { eventWizardMachine, WIZARD_STATES, WizardContext, type WizardSnapshot, wizardStep } from "./event-wizard.js"

export const WIZARD_MACHINE = "eventWizard"
export const WIZARD_VERSION = 2

/** The current stored form. */
export const PersistedWizard = Schema.Struct({
  machine: Schema.Literal(WIZARD_MACHINE),
  version: Schema.Literal(WIZARD_VERSION),
  value: Schema.Literal(...WIZARD_STATES),
  context: WizardContext,
})
export type PersistedWizard = typeof PersistedWizard.Encoded
// Made once: Effect compiles a decoder per schema, and a schema built inside a call is new every time.
const encodeWizard = Schema.encodeSync(PersistedWizard)
const decodeContext = Schema.decodeUnknownEither(WizardContext)
const decodeState = Schema.decodeUnknownEither(Schema.Literal(...WIZARD_STATES))

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

/** MIGRATIONS[n] turns a version-n draft into a version-(n+1) draft. */
const MIGRATIONS: Migrations = {
  // Version 1 had no revision counter, so two open panels could both apply their clicks.
  // Counting from 0 is safe: panels rendered by version 1 carry no revision to compare.
  1: (stored) => ({ ...stored, context: isRecord(stored.context) ? { ...stored.context, revision: 0 } : stored.context }),
}

/** Plain JSON-ready data. */
export const persistWizard = (snapshot: WizardSnapshot): PersistedWizard =>
  encodeWizard({ machine: WIZARD_MACHINE, version: WIZARD_VERSION, value: wizardStep(snapshot), context: snapshot.context })

/** The admin who owns the draft reads these, so they say what to do; the detail is for the bot's admins. */
const spec: StoredMachineSpec = {
  machine: WIZARD_MACHINE,
  noun: "event draft",
  version: WIZARD_VERSION,
  migrations: MIGRATIONS,
  words: {
    damaged: (detail) => `Your saved event draft couldn't be read, so it can't be resumed. Start a new one with /event create. (Details for the bot's admins: ${detail})`,
    newerVersion: (stored, known) =>
      `This draft was saved by a newer version of Pitboard (draft version ${stored}, this one knows ${known}). Try again once the bot has finished updating.`,
  },
}

/** "draft.capacity.maxDrivers: Expected Int, actual \"thirty\"": where it broke, not the whole schema. */
const decodeError = (error: ParseResult.ParseError, under: ReadonlyArray<string> = []): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .slice(0, 3)
    .map((issue) => `${[...under, ...issue.path].join(".") || "(top)"}: ${issue.message}`)
    .join("; ")
    .slice(0, 500)

/**
 * The snapshot stored by `persistWizard` (a JSON string or the parsed object, of this or any
 * older version), or why it can't be used. A state that no longer exists resumes at the first unanswered step (or review),
 * keeping every answer.
 */
export const restoreWizard = (json: unknown): Either.Either<WizardSnapshot, RestoreFailure> => {
  const read = readStoredMachine(json, spec)
  if (Either.isLeft(read)) return Either.left(read.left)
  const stored = read.right
  const context = decodeContext(stored.context)
  if (Either.isLeft(context)) return damaged(spec, decodeError(context.left, ["context"]))
  const value = decodeState(stored.value)
  const resumeAt = Either.getOrElse(value, () => firstUnansweredStep(context.right.draft) ?? "review")
  return Either.right(eventWizardMachine.resolveState({ value: resumeAt, context: context.right }))
}
