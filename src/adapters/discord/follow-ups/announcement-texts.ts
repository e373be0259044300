import type { Announcement } from "../../../domain/follow-up-kinds.js"

/** One line in the announcement channel. Mentions inform, never ping: the message allows none. */
export const announcementText = (announcement: Announcement): string => {
  switch (announcement._tag) {
    case "NumberClaimed":
      return `<@${announcement.holderId}> claimed **#${announcement.number}** in ${announcement.classLabel}.`
    case "NumberAssigned":
      return `**#${announcement.number}** in ${announcement.classLabel} was assigned to <@${announcement.holderId}> by <@${announcement.actorId}>.`
    case "NumberReleased":
      return `<@${announcement.holderId}> released **#${announcement.number}**${announcement.classLabel === null ? "" : ` in ${announcement.classLabel}`}; it is free again.`
    case "NumberRevoked":
      return `**#${announcement.number}** was taken back from <@${announcement.holderId}>: ${announcement.reason}`
    case "NumbersSwapped":
      return `<@${announcement.proposerId}> and <@${announcement.targetId}> swapped numbers: **#${announcement.proposerNumber}** ⇄ **#${announcement.targetNumber}**.`
  }
}

/** Discord's limit for one message's text. */
export const MESSAGE_CHARS = 2000

/**
 * How many of `texts` (in order, at least the first) fit one message, one per line: a burst of
 * claims becomes a few messages instead of hundreds waiting on the channel's rate limit.
 */
export const linesThatFit = (texts: ReadonlyArray<string>): number => {
  let length = 0
  for (const [index, text] of texts.entries()) {
    length += (index === 0 ? 0 : 1) + text.length
    if (length > MESSAGE_CHARS) return Math.max(1, index)
  }
  return texts.length
}
