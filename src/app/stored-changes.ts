import * as FiberRef from "effect/FiberRef"

/**
 * What a member's action stored, e.g. `number.claim` of `#7`. A use case notes its change once it
 * is committed; the Discord router logs the notes at Debug, and at Warning when the member's answer
 * could not be delivered, so the log says exactly what the member never heard about. A fiber-local list keeps
 * handlers free of an extra parameter, and each interaction starts with an empty one.
 */
export interface StoredChange {
  readonly action: string
  readonly subject: string
}

export const StoredChanges = FiberRef.unsafeMake<ReadonlyArray<StoredChange>>([])

export const noteStoredChange = (action: string, subject: string) =>
  FiberRef.update(StoredChanges, (changes) => [...changes, { action, subject }])
