import { userMention } from "discord.js"
import type { Reminder } from "../../../app/race-night/reminders.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import { cardLinkOf } from "../events/event-card-view.js"

/** Discord's caps: 2000 characters of content, 100 users in `allowed_mentions.users`. */
const CONTENT_MAX = 2000
const MENTIONS_MAX = 100

export interface ReminderMessage {
  readonly content: string
  readonly allowedMentions: { readonly users: ReadonlyArray<string> }
}

const title = (reminder: Reminder) => `**${reminder.event.details.details.title}**`
const closes = (reminder: Reminder) => `${discordTimestamp(reminder.window.closesAt, "t")} (${discordTimestamp(reminder.window.closesAt, "R")})`

export const reminderHeadline = (reminder: Reminder): string =>
  reminder.kind === "checkin-open"
    ? `⏰ Check-in for ${title(reminder)} is open until ${closes(reminder)}. Not checked in yet? Press **Check in** on the event card:`
    : `⏰ **15 minutes left** to check in for ${title(reminder)}: check-in closes ${closes(reminder)}. Drivers not checked in by then lose their place to the waitlist:`

/**
 * The roster-channel ping: the headline, then the mentions, split into as many messages as the
 * limits need. Each message may ping exactly the members it names, nobody else.
 */
export const reminderMessages = (reminder: Reminder): ReadonlyArray<ReminderMessage> => {
  const messages: ReminderMessage[] = []
  let text = reminderHeadline(reminder)
  let users: string[] = []
  for (const memberId of reminder.memberIds) {
    const mention = userMention(memberId)
    if (text.length + 1 + mention.length > CONTENT_MAX || users.length >= MENTIONS_MAX) {
      messages.push({ content: text, allowedMentions: { users } })
      text = "…"
      users = []
    }
    text = `${text}${text === "…" ? "" : " "}${mention}`
    users.push(memberId)
  }
  if (users.length > 0) messages.push({ content: text, allowedMentions: { users } })
  return messages
}

/** The DM: it arrives without the card beside it, so it says which event and links the card. */
export const reminderDm = (reminder: Reminder): string => {
  const { event } = reminder
  const link = cardLinkOf(event)
  const card = link === null ? " on the event card" : ` on the event card: ${link}`
  const when = `${title(reminder)} (${discordTimestamp(event.details.schedule.startsAt, "F")})`
  const lead =
    reminder.kind === "checkin-open"
      ? `⏰ Check-in for ${when} is open until ${closes(reminder)}.`
      : `⏰ **15 minutes left** to check in for ${when}: check-in closes ${closes(reminder)}, and drivers not checked in lose their place.`
  return `${lead} Press **Check in**${card}.\n-# Don't want these DMs? Use /reminders off in the server.`
}
