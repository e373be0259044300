/**
 * Follow-ups: what a stored change makes happen on Discord. What each kind says is data in
 * `src/domain/follow-up-kinds.ts`; this is the delivery side as the use cases reach it.
 *
 * A use case writes its follow-ups as outbox rows in the same transaction as the change itself
 * (`enqueueFollowUps`), so a crash between the commit and Discord loses nothing: the delivery
 * worker in the Discord adapter sends every pending row after each commit and at start-up, in
 * order per target, with retries. Only the delivery side knows Discord; here a follow-up says
 * what happened ("#07 was claimed by …"), never how it looks.
 *
 * Follow-ups that show stored state (an event card, the live grid, the Discord scheduled event)
 * carry only ids: the deliverer reads the state as it is when it sends, so a late or repeated
 * delivery shows the latest truth, and one pending row per target is enough (`coalesceKeyOf`).
 * The live grid's deliverer waits a moment before it reads, so a burst of check-ins is one edit.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { DeliveryOutcome } from "../domain/follow-up-kinds.js"

/**
 * The delivery side as the use cases see it: wake the worker after a commit, and (for the
 * admin's panel) wait a little for some rows to finish so the reply can say how it went.
 */
export class FollowUps extends Context.Tag("pitboard/FollowUps")<
  FollowUps,
  {
    /** Cheap, never fails: the worker picks up whatever is due. */
    readonly wake: Effect.Effect<void>
    /** Waits until every row is sent or given up, or `withinMs` passed; returns where each stands. */
    readonly settle: (ids: ReadonlyArray<number>, withinMs: number) => Effect.Effect<ReadonlyArray<DeliveryOutcome>>
  }
>() {}

export const wakeFollowUps = Effect.flatMap(FollowUps, (followUps) => followUps.wake)

/** For benches and tools that run use cases without Discord: rows are written, nothing is sent. */
export const FollowUpsUndelivered = Layer.succeed(FollowUps, { wake: Effect.void, settle: () => Effect.succeed([]) })
