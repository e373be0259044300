/**
 * What one delivery attempt came to, and how a Discord error decides it. A refusal Discord will
 * repeat however often it is asked (a missing permission, a role above Pitboard's, closed DMs, a
 * deleted channel) is given up at once with the fix; a failure that may pass (Discord down, a
 * timeout, a rate limit discord.js could not wait out) is retried later.
 */
import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes, type Client } from "discord.js"
import { describeError } from "../channel-access.js"

export type Delivery =
  /** Done. `result` is what the admin reads ("Card posted in #events"); `alsoIds` were sent in the same message. */
  | { readonly _tag: "Sent"; readonly result: string | null; readonly alsoIds?: ReadonlyArray<number> }
  /** Will not work however often it is tried; `reason` says why and what to fix. `audit` names the audit entry an admin looks for. */
  | { readonly _tag: "GiveUp"; readonly reason: string; readonly audit?: GiveUpAudit }
  /** May work later. */
  | { readonly _tag: "Retry"; readonly error: string }

export interface GiveUpAudit {
  readonly action: string
  readonly subject: string
  readonly details: Record<string, unknown>
}

export const sent = (result: string | null = null, alsoIds?: ReadonlyArray<number>): Delivery => ({ _tag: "Sent", result, ...(alsoIds ? { alsoIds } : {}) })
export const giveUp = (reason: string): Delivery => ({ _tag: "GiveUp", reason })
export const retry = (error: string): Delivery => ({ _tag: "Retry", error })

const PERMANENT: Readonly<Partial<Record<number, string>>> = {
  [RESTJSONErrorCodes.MissingPermissions]: "Pitboard lacks a permission it needs for this",
  [RESTJSONErrorCodes.MissingAccess]: "Pitboard can't see that channel",
  [RESTJSONErrorCodes.CannotSendMessagesToThisUser]: "the member's DMs are closed",
  [RESTJSONErrorCodes.UnknownChannel]: "the channel no longer exists",
  [RESTJSONErrorCodes.UnknownGuild]: "Pitboard is no longer in that server",
  [RESTJSONErrorCodes.UnknownMember]: "the member is no longer in the server",
  [RESTJSONErrorCodes.UnknownUser]: "that Discord account no longer exists",
  [RESTJSONErrorCodes.UnknownRole]: "the role no longer exists",
}

/** Thrown by a deliverer for a condition it found itself (a channel that is not a text channel). */
export class Undeliverable extends Error {}

/** A server text channel, fetched now; a deleted or unreachable one is a Discord error `classify` knows. */
export const postableChannel = async (client: Client, channelId: string) => {
  const channel = await client.channels.fetch(channelId)
  if (channel === null || !channel.isSendable() || channel.isDMBased()) throw new Undeliverable(`<#${channelId}> is not a server text channel Pitboard can post in`)
  return channel
}

/**
 * Sorts an error from Discord: 4xx refusals (but 429) are given up with `fix` appended, since
 * asking again gets the same answer; 5xx, timeouts, network errors and rate limits are retried.
 */
export const classify = (error: unknown, fix = ""): Delivery => {
  const withFix = (reason: string) => giveUp(fix === "" ? reason : `${reason}. ${fix}`)
  if (error instanceof Undeliverable) return withFix(error.message)
  if (error instanceof DiscordAPIError) {
    if (error.status === 429) return retry(describeError(error))
    if (error.status >= 500) return retry(`Discord answered ${error.status}: ${describeError(error)}`)
    const known = typeof error.code === "number" ? PERMANENT[error.code] : undefined
    return withFix(known ?? `Discord refused it (${describeError(error)})`)
  }
  if (error instanceof HTTPError || error instanceof RateLimitError) return retry(describeError(error))
  return retry(describeError(error))
}

export const isDiscordCode = (error: unknown, code: number): boolean => error instanceof DiscordAPIError && error.code === code
