import * as Effect from "effect/Effect"
import { Iracing, IracingDisabled } from "../../iracing/index.js"
import { refuse, type Refusal } from "../../../app/refusal.js"
import { later, say, type MessagePayload } from "../reply.js"

/** Answers at once, before any work, when iRacing features are off: the reply names the variables that turn them on. */
export const requireIracing = Effect.flatMap(Iracing, (iracing) => (iracing.status === "off" ? Effect.fail(refuse(new IracingDisabled().message)) : Effect.void))

/**
 * iRacing can take seconds (or hit a timeout), past Discord's 3-second window: answered later,
 * privately, with the result or with the refusal in place of "thinking…", so the member never
 * sees an endless "thinking…".
 */
export const answerDeferred = <R>(work: Effect.Effect<MessagePayload, Refusal, R>, explain: (message: string) => string = (message) => message) =>
  later(
    "private",
    work.pipe(
      Effect.catchTag("Refusal", (refusal) => Effect.succeed<MessagePayload>({ content: explain(refusal.message) })),
      Effect.map((payload) => say({ allowedMentions: { parse: [] }, ...payload })),
    ),
  )
