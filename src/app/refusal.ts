import * as Data from "effect/Data"
import { stackless } from "../shared/stackless.js"

/**
 * A refusal the member should read: bad input, not allowed, not found, taken. Use cases fail with
 * it and the Discord router answers it privately; anything else that fails is a bug and gets the
 * apology instead. The message says what to do instead.
 */
export class Refusal extends Data.TaggedError("Refusal")<{ readonly message: string }> {}
/** Without a stack trace (see stackless): it is an answer for a member, not a bug to trace. */
export const refuse = (message: string) => stackless(() => new Refusal({ message }))
