/**
 * Saving and restoring a participant between clicks and across restarts.
 *
 * Stored as `{ machine: "participant", version, value, context }` (one row per member per
 * event), not xstate's full snapshot, whose internals change between xstate releases. Only the
 * participants repository calls these.
 * Stored data is untrusted: restoring decodes it, migrates older versions one at a time,
 * and checks that the state and the context agree before use.
 *
 * Changing the context or the states? Raise PARTICIPANT_MACHINE_VERSION, add a migration
 * from the previous version, and add fixtures for the new version under
 * test/fixtures/participant. Keep the old fixtures: restoring them is what keeps stored
 * entry lists working.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { damaged, readStoredMachine, type Migrations, type RestoreFailure, type StoredMachineSpec } from "./persisted.js"
import { ParticipantContext, type ParticipantSnapshot, ParticipantStateValue, participantMachine, participantState } from "./participant.js"

export const PARTICIPANT_MACHINE = "participant"
export const PARTICIPANT_MACHINE_VERSION = 1

export const PersistedParticipant = Schema.Struct({
  machine: Schema.Literal(PARTICIPANT_MACHINE),
  version: Schema.Int,
  value: ParticipantStateValue,
  context: ParticipantContext,
})
export type PersistedParticipant = typeof PersistedParticipant.Encoded
const encodeParticipant = Schema.encodeSync(PersistedParticipant)
const decodeParticipant = Schema.decodeUnknownEither(PersistedParticipant)

/** None yet: add `1: (stored) => …` when version 2 changes the shape. */
const migrations: Migrations = {}

const spec: StoredMachineSpec = { machine: PARTICIPANT_MACHINE, noun: "participant", version: PARTICIPANT_MACHINE_VERSION, migrations }

/** Plain JSON-ready data. */
export const persistParticipant = (snapshot: ParticipantSnapshot): PersistedParticipant =>
  encodeParticipant({
    machine: PARTICIPANT_MACHINE,
    version: PARTICIPANT_MACHINE_VERSION,
    value: participantState(snapshot),
    context: snapshot.context,
  })

/** What must hold between a state and its context; the machine never produces anything else. */
const inconsistency = (value: ParticipantStateValue, context: ParticipantContext): string | null => {
  const last = context.history[context.history.length - 1]
  if (value === "unregistered") {
    return context.history.length === 0 && context.registration === null ? null : "an unregistered participant has a registration or history"
  }
  if (last === undefined || last.status !== value) return "the history does not end in the stored state"
  if (context.registration === null || context.registeredAt === null || context.queueNumber < 1) return "a registered participant has no registration"
  if (context.checkedIn && value !== "grid" && value !== "waitlist") return "only a member on the grid or waitlist can be checked in"
  return null
}

/**
 * Rebuilds a snapshot from what `persistParticipant` stored (a JSON string or the parsed
 * object), of this version or an older one.
 */
export const restoreParticipant = (json: unknown): Either.Either<ParticipantSnapshot, RestoreFailure> => {
  const read = readStoredMachine(json, spec)
  if (Either.isLeft(read)) return Either.left(read.left)
  const stored = read.right
  const decoded = decodeParticipant({ machine: PARTICIPANT_MACHINE, ...stored })
  if (Either.isLeft(decoded)) return damaged(spec, `The stored participant is damaged: ${decoded.left.message}`)
  const { value, context } = decoded.right
  const broken = inconsistency(value, context)
  if (broken !== null) return damaged(spec, `The stored participant is inconsistent: ${broken}.`)
  return Either.right(participantMachine.resolveState({ value, context }))
}
