/**
 * What every persisted machine row holds: `{ machine, version, value, context }`. Reading one
 * back is the same steps for each machine (parse, check the envelope, refuse a newer version,
 * migrate step by step), so they live here; each machine then decodes its own context strictly.
 *
 * The one path for every machine: X-persistence.ts exports `persistX` (snapshot → plain record)
 * and `restoreX` (record or its JSON text → snapshot, or a RestoreFailure). Only the repositories
 * in src/adapters/sqlite call them; use cases and machine steps see snapshots, never JSON.
 */
import * as Data from "effect/Data"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

export interface StoredMachine {
  readonly version: number
  readonly value: unknown
  readonly context: unknown
}

/** `migrations[v]` turns a version-v record into version v+1. */
export type Migrations = Readonly<Record<number, (stored: StoredMachine) => StoredMachine>>

export interface StoredMachineSpec {
  /** The `machine` tag written next to the snapshot. */
  readonly machine: string
  /** How messages name it: "claim", "participant". */
  readonly noun: string
  readonly version: number
  readonly migrations: Migrations
  /** Where members read the failure (the event draft); leave out for plain words in logs. */
  readonly words?: FailureWords
}

/**
 * Only the outer shape: older contexts differ, so they are checked after migrating. Made once for
 * every machine (a schema built per call is a new AST, and Effect compiled its parser again for
 * every row read); which machine the record belongs to is checked after decoding.
 */
const decodeEnvelope = Schema.decodeUnknownEither(
  Schema.Struct({ machine: Schema.String, version: Schema.Int.pipe(Schema.positive()), value: Schema.Unknown, context: Schema.Unknown }),
)

/**
 * Why a stored machine can't be restored, the same type for every machine. `message` is ready to
 * log, or to show where members see it (the event draft words it for them). `reason` singles out
 * the one case a caller may treat differently: saved by a newer bot, so trying again after the
 * update will work, while "damaged" never will.
 */
export class RestoreFailure extends Data.TaggedError("RestoreFailure")<{
  readonly machine: string
  readonly reason: "damaged" | "newer-version"
  readonly message: string
}> {}

/** What a repository read gives for each stored machine: the snapshot, or why it can't be used. */
export type Restored<Snapshot> = Either.Either<Snapshot, RestoreFailure>

/** How a machine words its failures; the default is plain words for the bot's logs. */
export interface FailureWords {
  readonly damaged: (detail: string) => string
  readonly newerVersion: (storedVersion: number, knownVersion: number) => string
}

const wordsFor = (spec: StoredMachineSpec): FailureWords =>
  spec.words ?? {
    damaged: (detail) => detail,
    newerVersion: (stored, known) => `The stored ${spec.noun} is version ${stored}, newer than this bot (${known}). Update the bot.`,
  }

/** A stored machine that decoded but can't be used: each machine's own checks after migrating end here. */
export const damaged = (spec: StoredMachineSpec, detail: string): Either.Either<never, RestoreFailure> =>
  Either.left(new RestoreFailure({ machine: spec.machine, reason: "damaged", message: wordsFor(spec).damaged(detail) }))

/** The stored record at the current version, or why it can't be read. Accepts a JSON string or the parsed value. */
export const readStoredMachine = (json: unknown, spec: StoredMachineSpec): Either.Either<StoredMachine, RestoreFailure> => {
  let raw = json
  if (typeof json === "string") {
    try {
      raw = JSON.parse(json)
    } catch {
      return damaged(spec, `The stored ${spec.noun} is not valid JSON.`)
    }
  }
  const envelope = decodeEnvelope(raw)
  if (Either.isLeft(envelope)) return damaged(spec, `The stored ${spec.noun} has the wrong shape: ${envelope.left.message}`)
  if (envelope.right.machine !== spec.machine) return damaged(spec, `The stored ${spec.noun} has the wrong shape: it is a ${JSON.stringify(envelope.right.machine.slice(0, 40))} record.`)
  let stored: StoredMachine = envelope.right
  if (stored.version > spec.version) {
    return Either.left(new RestoreFailure({ machine: spec.machine, reason: "newer-version", message: wordsFor(spec).newerVersion(stored.version, spec.version) }))
  }
  while (stored.version < spec.version) {
    const migrate = spec.migrations[stored.version]
    if (migrate === undefined) return damaged(spec, `No migration from ${spec.noun} version ${stored.version}.`)
    stored = { ...migrate(stored), version: stored.version + 1 }
  }
  return Either.right(stored)
}
