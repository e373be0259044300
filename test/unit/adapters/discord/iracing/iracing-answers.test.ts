import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { refuse } from "../../../../../src/app/refusal.js"
import { answerDeferred } from "../../../../../src/adapters/discord/iracing/iracing-answers.js"

describe("answerDeferred: iRacing work answered later, privately", () => {
  it("GIVEN work that succeeds THEN thinking is replaced by its message, pinging nobody unless it says otherwise", async () => {
    const reply = answerDeferred(Effect.succeed({ content: "Linked." }))
    expect(reply).toMatchObject({ _tag: "Later", holding: "private" })
    const answer = reply._tag === "Later" ? await Effect.runPromise(reply.work) : undefined
    expect(answer).toEqual({ _tag: "Say", visibility: "private", payload: { allowedMentions: { parse: [] }, content: "Linked." } })
  })

  it("GIVEN work that is refused THEN the refusal, explained, takes thinking's place instead of failing", async () => {
    const reply = answerDeferred(Effect.fail(refuse("iRacing did not answer.")), (message) => `❌ Nothing was changed. ${message}`)
    const answer = reply._tag === "Later" ? await Effect.runPromise(reply.work) : undefined
    expect(answer).toMatchObject({ _tag: "Say", visibility: "private", payload: { content: "❌ Nothing was changed. iRacing did not answer." } })
  })
})
