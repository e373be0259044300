// Answers to members are made without the bot's token and Discord does not count them against the
// bot's 50 requests/s (src/adapters/discord/tokenless-requests.ts): with the bot's own requests
// over that limit, an answer must still go out at once, not wait for discord.js's limiter.
import { Routes, RESTEvents, type Client } from "discord.js"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { afterEach, describe, expect, it } from "vitest"
import { connectToDiscord } from "../../src/adapters/discord/connect.js"
import { startFakeDiscord, type FakeDiscord } from "./fake-discord/index.js"

describe("the bot's global request limit", () => {
  let fake: FakeDiscord | undefined
  let client: Client | undefined
  let pending: Array<Promise<unknown>> = []
  afterEach(async () => {
    // A failed check leaves requests queued: they end (or fail) before the client goes.
    await Promise.allSettled(pending)
    pending = []
    await client?.destroy()
    await fake?.close()
    client = undefined
    fake = undefined
  })

  it("GIVEN the bot's own requests past Discord's 50 a second (discord.js holds the rest) WHEN a member's answer is edited THEN it goes out at once, and the bot's requests and other webhooks' still wait their turn", async () => {
    fake = await startFakeDiscord()
    client = await Effect.runPromise(connectToDiscord({ token: Redacted.make(fake.token), apiUrl: Option.some(fake.restApi), inviteUrl: "https://example.invalid" }))
    const waited: string[] = []
    client.rest.on(RESTEvents.RateLimited, (info) => waited.push(info.route))
    const member = fake.addMember(fake.guildId, { username: "racer" })
    const interaction = fake.slash({ user: member, command: "help" })
    await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 5 }, auth: false })

    // A hundred and fifty messages at once, over two channels (so no one channel's queue paces
    // them): fifty a second go, the others wait for the next seconds.
    const channels = [fake.channel("general"), fake.channel("announcements")]
    pending = Array.from({ length: 150 }, (_, i) => client!.rest.post(Routes.channelMessages(channels[i % 2]!), { body: { content: `announcement ${i}` } }))
    await expect.poll(() => waited, { timeout: 10_000 }).toContain("/channels/:id/messages")

    await client.rest.patch(Routes.webhookMessage(fake.applicationId, interaction.token, "@original"), { body: { content: "You claimed #7" }, auth: false })
    expect(interaction.original()?.content).toBe("You claimed #7")
    // discord.js reports each wait by route; an answer's would be /webhooks/:id/:token/messages/%40original.
    expect(waited.filter((route) => route.startsWith("/webhooks/"))).toEqual([])
    // Another application's webhook, also called without the bot's token, is not an answer: Discord
    // limits those, and it waits its turn like the bot's own requests.
    pending.push(client.rest.patch(Routes.webhookMessage("200000000000000002", "some-webhook-token", "@original"), { body: { content: "x" }, auth: false }).catch(() => undefined))
    await expect.poll(() => waited.filter((route) => route.startsWith("/webhooks/")), { timeout: 10_000 }).toHaveLength(1)
    await Promise.all(pending)
  })
})
