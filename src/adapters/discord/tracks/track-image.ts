/**
 * An image attached to `/track add` or `/track edit` has to reach the modal submit that follows,
 * but its Discord URL (signed, 150+ characters) can't ride in a 100-character custom_id. So it
 * waits here, under the slash interaction's id, for the same admin's submit.
 *
 * Kept in memory on purpose: Discord's attachment links expire on their own within a day, and a
 * form lost to a restart only loses its picture, which the reply then says (see `takeImage`).
 */
const LIFETIME_MS = 60 * 60 * 1000
const MAX_WAITING = 500

interface Waiting {
  readonly userId: string
  readonly guildId: string
  readonly url: string
  readonly expiresAt: number
}

const waiting = new Map<string, Waiting>()

const sweep = (now: number) => {
  for (const [token, entry] of waiting) if (entry.expiresAt <= now) waiting.delete(token)
  // Oldest first (insertion order), so a flood of abandoned forms can't grow this without bound.
  while (waiting.size >= MAX_WAITING) {
    const oldest = waiting.keys().next()
    if (oldest.done === true) break
    waiting.delete(oldest.value)
  }
}

export const holdImage = (token: string, entry: Omit<Waiting, "expiresAt">, now: number = Date.now()): void => {
  sweep(now)
  waiting.set(token, { ...entry, expiresAt: now + LIFETIME_MS })
}

/** The URL held for this admin's form, or undefined if it expired, Pitboard restarted, or the token isn't theirs. */
export const peekImage = (token: string, userId: string, guildId: string, now: number = Date.now()): string | undefined => {
  const entry = waiting.get(token)
  return entry !== undefined && entry.userId === userId && entry.guildId === guildId && entry.expiresAt > now ? entry.url : undefined
}

/** Dropped once the track is saved; one left by a refused submit simply expires. */
export const releaseImage = (token: string): void => {
  waiting.delete(token)
}
