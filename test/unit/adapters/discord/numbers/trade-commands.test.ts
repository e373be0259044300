import type { ButtonInteraction } from "discord.js"
import * as Exit from "effect/Exit"
import { describe, expect, it } from "vitest"
import { claimSubcommands } from "../../../../../src/adapters/discord/numbers/claim-commands.js"
import { tradeAnswerId, tradeWithdrawId } from "../../../../../src/adapters/discord/numbers/numbers-ids.js"
import { NOT_THIS_OFFER, tradeComponents, tradeSubcommands } from "../../../../../src/adapters/discord/numbers/trade-commands.js"
import type { Reply } from "../../../../../src/adapters/discord/reply.js"
import { press, slash, useHandlers } from "../../../../support/discord-handlers.js"

const ALICE = "100000000000000001"
const BOB = "100000000000000002"

const claim = claimSubcommands.find((sub) => sub.name === "claim")!.run
const mine = claimSubcommands.find((sub) => sub.name === "mine")!.run
const trade = tradeSubcommands[0]!.run
type Handle = (interaction: ButtonInteraction, value: unknown) => ReturnType<typeof trade>
const answerOffer = tradeComponents.find((route) => route.id.route === tradeAnswerId.route)!.handle as Handle
const withdrawOffer = tradeComponents.find((route) => route.id.route === tradeWithdrawId.route)!.handle as Handle

const BOT = "1100000000000000009"
const OFFER_MESSAGE = "1400000000000000001"
const OTHER_MESSAGE = "1400000000000000002"

/** A channel holding Pitboard's public offer and another message of Pitboard's (a card, say); edits are recorded. */
const channelWith = (offerId: string) => {
  const edits: Array<[string, unknown]> = []
  // As discord.js does, an edit resolves to the edited message.
  const message = (id: string, customIds: ReadonlyArray<string>) => {
    const fetched = {
      id,
      author: { id: BOT },
      components: [{ components: customIds.map((customId) => ({ customId })) }],
      edit: async (payload: unknown): Promise<object> => (edits.push([id, payload]), fetched),
    }
    return fetched
  }
  const messages = new Map([
    [OFFER_MESSAGE, message(OFFER_MESSAGE, [tradeAnswerId.encode({ answer: "accept", offer: offerId }), tradeAnswerId.encode({ answer: "decline", offer: offerId })])],
    [OTHER_MESSAGE, message(OTHER_MESSAGE, ["1:ev.card:ev1:register"])],
  ])
  const withdrawnBy = (userId: string) =>
    ({
      ...press(userId),
      client: { users: { cache: new Map() }, user: { id: BOT } },
      channel: { isTextBased: () => true, messages: { fetch: async (id: string) => messages.get(id) ?? Promise.reject(new Error("Unknown Message")) } },
    }) as unknown as ButtonInteraction
  return { edits, withdrawnBy }
}

/** The offer's id, from the Accept button on the public message. */
const offerIdOf = (offer: Reply<never>) => {
  const match = /number\.trade:(?:accept|decline):([^"\\]+)/.exec(JSON.stringify(offer))
  if (match === null) throw new Error(`no Accept button in ${JSON.stringify(offer)}`)
  return match[1]!
}

describe("/number trade answers as data: the public offer, then the proposer's private note", () => {
  const { run, answerOf, finalAnswerOf, refusalOf } = useHandlers()

  const proposed = async () => {
    await answerOf(claim(slash(ALICE, { number: "7" })))
    await answerOf(claim(slash(BOB, { number: "9" })))
    const answer = await answerOf(trade(slash(ALICE, { member: BOB, my_number: "7", their_number: "9" })))
    if (answer._tag !== "Then") throw new Error(`expected a Then, got ${answer._tag}`)
    return answer
  }

  it("GIVEN two holders WHEN one offers a swap THEN the offer is for the channel and pings only the other member", async () => {
    const answer = await proposed()
    expect(answer.first).toMatchObject({ _tag: "Say", visibility: "public", payload: { allowedMentions: { users: [BOB] } } })
    expect(answer.first._tag === "Say" && answer.first.payload.content).toContain(`<@${BOB}>, a trade offer for you`)
  })

  it("GIVEN the offer was posted as a message THEN the proposer's private note carries a Withdraw button naming that message", async () => {
    const answer = await proposed()
    const note = await answerOf(answer.next({ messageId: "1400000000000000001" }) as ReturnType<typeof trade>)
    expect(note).toMatchObject({ _tag: "Say", visibility: "private", payload: { allowedMentions: { parse: [] } } })
    expect(JSON.stringify(note)).toContain(tradeWithdrawId.encode({ offer: offerIdOf(answer.first), message: "1400000000000000001" }))
    const unknown = await answerOf(answer.next({ messageId: undefined }) as ReturnType<typeof trade>)
    expect(unknown._tag === "Say" && unknown.payload.components).toEqual([])
  })

  it("GIVEN the offer WHEN the other member accepts THEN the offer message is redrawn in place and the numbers have swapped", async () => {
    const answer = await proposed()
    const accepted = await answerOf(answerOffer(press(BOB), { answer: "accept", offer: offerIdOf(answer.first) }))
    expect(accepted._tag).toBe("Update")
    expect(JSON.stringify(await answerOf(mine(slash(ALICE))))).toContain("**#9**")
  })

  it("GIVEN the proposer's Withdraw button THEN the withdrawal is held first, then the note says so and the offer's own message is closed", async () => {
    const answer = await proposed()
    const offerId = offerIdOf(answer.first)
    const { edits, withdrawnBy } = channelWith(offerId)
    const withdrawn = await answerOf(withdrawOffer(withdrawnBy(ALICE), { offer: offerId, message: OFFER_MESSAGE }))
    expect(withdrawn).toMatchObject({ _tag: "Later", holding: "panel" })
    const then = await finalAnswerOf(withdrawOffer(withdrawnBy(ALICE), { offer: offerId, message: OFFER_MESSAGE }))
    if (then._tag !== "Then") throw new Error(`expected a Then, got ${then._tag}`)
    expect(JSON.stringify(then.first)).toContain("You withdrew your offer")
    const after = await run(then.next({ messageId: undefined }) as ReturnType<typeof trade>)
    // Editing the offer is all that follows: nothing more is sent to the proposer.
    expect(Exit.isSuccess(after) && after.value).toBeUndefined()
    expect(edits.map(([id]) => id)).toEqual([OFFER_MESSAGE])
    expect(JSON.stringify(edits[0]![1])).toContain(`↩️ Withdrawn by <@${ALICE}>`)
  })

  it("GIVEN a forged Withdraw naming another of Pitboard's messages THEN it is refused privately, that message is not edited and the offer stays open", async () => {
    const answer = await proposed()
    const offerId = offerIdOf(answer.first)
    const { edits, withdrawnBy } = channelWith(offerId)
    expect(await refusalOf(withdrawOffer(withdrawnBy(ALICE), { offer: offerId, message: OTHER_MESSAGE }))).toBe(NOT_THIS_OFFER)
    expect(edits).toEqual([])
    const accepted = await answerOf(answerOffer(press(BOB), { answer: "accept", offer: offerId }))
    expect(accepted._tag).toBe("Update")
    expect(JSON.stringify(await answerOf(mine(slash(ALICE))))).toContain("**#9**")
  })
})
