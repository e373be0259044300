import { randomBytes } from "node:crypto"

/**
 * The one id generator for rows the bot creates (claims, trades, classes, tracks, championships,
 * drafts, events): 12 URL-safe characters, short enough for custom_ids, random enough (72 bits)
 * never to collide in a guild.
 */
export const newId = (): string => randomBytes(9).toString("base64url")
