/**
 * Saving and restoring a claim.
 *
 * Stored as `{ machine: "claim", version, value, context }` (the claims row's machine_json),
 * not xstate's full snapshot, whose internals change between xstate releases. Only the claims
 * repository calls these; it also copies the columns it searches by (status, holder, …) from
 * the snapshot.
 *
 * Changing the context or the states? Raise CLAIM_MACHINE_VERSION and add a migration from the
 * previous version below.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { ClaimContext, type ClaimSnapshot, ClaimStateValue, claimMachine } from "./claim.js"
import { damaged, readStoredMachine, type Migrations, type RestoreFailure, type StoredMachineSpec } from "./persisted.js"

/**
 * Bump when the stored shape or the meaning of a state changes, and add a
 * migration from the previous version below. Stored claims are never dropped.
 */
export const CLAIM_MACHINE_VERSION = 1

export const PersistedClaim = Schema.Struct({
  machine: Schema.Literal("claim"),
  version: Schema.Int,
  value: ClaimStateValue,
  context: ClaimContext,
})
export type PersistedClaim = typeof PersistedClaim.Encoded
const encodeClaim = Schema.encodeSync(PersistedClaim)
const decodeClaim = Schema.decodeUnknownEither(PersistedClaim)

/** None yet: add `1: (stored) => …` when version 2 changes the shape. */
const migrations: Migrations = {}

const spec: StoredMachineSpec = { machine: "claim", noun: "claim", version: CLAIM_MACHINE_VERSION, migrations }

/** Plain JSON: `{ machine, version, value, context }`. */
export const persistClaim = (snapshot: ClaimSnapshot): PersistedClaim =>
  encodeClaim({
    machine: "claim",
    version: CLAIM_MACHINE_VERSION,
    value: snapshot.value,
    context: snapshot.context,
  })

/**
 * Rebuilds a snapshot from what `persistClaim` stored (a JSON string or the
 * parsed object). Stored data is not trusted: it is decoded, migrated from
 * older versions, and checked for consistency before use.
 */
export const restoreClaim = (json: unknown): Either.Either<ClaimSnapshot, RestoreFailure> => {
  const read = readStoredMachine(json, spec)
  if (Either.isLeft(read)) return Either.left(read.left)
  const stored = read.right
  const decoded = decodeClaim({ machine: "claim", ...stored })
  if (Either.isLeft(decoded)) return damaged(spec, `The stored claim is damaged: ${decoded.left.message}`)
  const { value, context } = decoded.right
  const last = context.history[context.history.length - 1]
  if (last === undefined || last.status !== value || last.holderId !== context.holderId) {
    return damaged(spec, "The stored claim's history does not match its state.")
  }
  // Final states keep the last confirmation time, so only active states are checked.
  const confirmedMismatch =
    (value === "confirmed" && context.confirmedAt === null) || (value === "claimed" && context.confirmedAt !== null)
  if (confirmedMismatch) {
    return damaged(spec, "The stored claim's confirmation time does not match its state.")
  }
  return Either.right(claimMachine.resolveState({ value, context }))
}
