import { REST, RESTEvents, type Client } from "discord.js"

/**
 * Discord's global limit (50 requests/s) is the bot's: it counts requests made with the bot's
 * token. Answers to interactions are made without it (the callback, and editing or following up
 * an answer through /webhooks/<application>/<interaction token>), and Discord does not count them
 * (docs: rate limits; ../shared/reference/discord-platform.md §1.5). discord.js's own limiter
 * counts every request but the callback, though: on race night, the answers of hundreds of
 * members first told "thinking…" went out at 50 a second behind it, up to 12 s late for the last
 * ones of a 1,000-member burst, while the bot sat idle half the time.
 *
 * So those requests go through a REST manager of their own with no global limiter. Its per-route
 * queues still follow Discord's buckets, one per interaction token, and a 429 is still waited out;
 * every other request (channel messages, roles, edits of cards, other webhooks) keeps the client's
 * limiter. A wait it does meet is reported on the client's REST manager like any other.
 */
export const exemptTokenlessRequests = (client: Client): void => {
  const tokenless = new REST({ ...client.rest.options, globalRequestsPerSecond: Number.POSITIVE_INFINITY })
  tokenless.on(RESTEvents.RateLimited, (info) => client.rest.emit(RESTEvents.RateLimited, info))
  const withToken = client.rest.queueRequest.bind(client.rest)
  // Only answers to interactions: discord.js also sends other webhooks' calls without the token,
  // and those Discord does limit (per address).
  const answersAnInteraction = (route: string) => route.startsWith("/interactions/") || (client.application !== null && route.startsWith(`/webhooks/${client.application.id}/`))
  client.rest.queueRequest = (request) => (request.auth === false && answersAnInteraction(request.fullRoute) ? tokenless.queueRequest(request) : withToken(request))
  // A client is destroyed after each failed login attempt: its second manager's sweep timers go with it.
  const destroy = client.destroy.bind(client)
  client.destroy = () => {
    tokenless.clearHashSweeper()
    tokenless.clearHandlerSweeper()
    return destroy()
  }
}
