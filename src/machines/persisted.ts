/**
 * What every persisted machine row holds: `{ machine, version, value, context }`. Reading one
 * back is the same steps for each machine (parse, check the envelope, refuse a newer version,
 * migrate step by step), so they live here; each machine then decodes its own context strictly.
 */
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
}

/** Only the outer shape: older contexts differ, so they are checked after migrating. */
const envelopeFor = (machine: string) =>
  Schema.Struct({ machine: Schema.Literal(machine), version: Schema.Int.pipe(Schema.positive()), value: Schema.Unknown, context: Schema.Unknown })

/** Why a stored machine can't be restored, in words for logs (and for members where they see it). */
export interface RestoreProblem {
  readonly _tag: "RestoreProblem"
  readonly message: string
}

export const restoreProblem = (message: string): Either.Either<never, RestoreProblem> => Either.left({ _tag: "RestoreProblem", message })

/** Saved by a newer bot: the one case a caller may want to word differently ("try after the update"). */
export class NewerVersion {
  readonly _tag = "NewerVersion"
  constructor(
    readonly version: number,
    readonly message: string,
  ) {}
}

/** The stored record at the current version, or why it can't be read. Accepts a JSON string or the parsed value. */
export const readStoredMachine = (json: unknown, spec: StoredMachineSpec): Either.Either<StoredMachine, string | NewerVersion> => {
  let raw = json
  if (typeof json === "string") {
    try {
      raw = JSON.parse(json)
    } catch {
      return Either.left(`The stored ${spec.noun} is not valid JSON.`)
    }
  }
  const envelope = Schema.decodeUnknownEither(envelopeFor(spec.machine))(raw)
  if (Either.isLeft(envelope)) return Either.left(`The stored ${spec.noun} has the wrong shape: ${envelope.left.message}`)
  let stored: StoredMachine = envelope.right
  if (stored.version > spec.version) {
    return Either.left(new NewerVersion(stored.version, `The stored ${spec.noun} is version ${stored.version}, newer than this bot (${spec.version}). Update the bot.`))
  }
  while (stored.version < spec.version) {
    const migrate = spec.migrations[stored.version]
    if (migrate === undefined) return Either.left(`No migration from ${spec.noun} version ${stored.version}.`)
    stored = { ...migrate(stored), version: stored.version + 1 }
  }
  return Either.right(stored)
}
