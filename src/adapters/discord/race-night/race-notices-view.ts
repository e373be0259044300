import type { Notice } from "../../../machines/race-night/entry-list.js"
import { discordTimestamp } from "../../../domain/events/time.js"

/** What the text needs to know about the event: a DM arrives without the card next to it. */
export interface NoticeEvent {
  readonly title: string
  readonly startsAt: number
}

/**
 * One sentence or two per notice, written to the member. The same text is the acting member's
 * private reply and, for everyone else, the DM (or the roster-channel mention when DMs are closed).
 */
export const noticeText = (notice: Notice, event: NoticeEvent): string => {
  const what = `**${event.title}** (${discordTimestamp(event.startsAt, "F")})`
  switch (notice.kind) {
    case "on-grid":
      return `✅ You're on the grid for ${what}. Check in on the event card when check-in opens.`
    case "waitlisted":
      return `⏳ The grid for ${what} is full, so you're **#${notice.position} on the waitlist**. You'll be told as soon as a place comes free.`
    case "promoted":
      return `🎉 A place came free: you're now **on the grid** for ${what}. Check in on the event card when check-in opens.`
    case "moved-to-waitlist":
      return `An admin moved you from the grid to the waitlist of ${what}: you're **#${notice.position}**. You'll be told if a place comes free.`
    case "withdrawn":
      return `You withdrew from ${what}. Register again on the card if you change your mind.`
    case "removed":
      return `An admin removed you from ${what}${notice.reason === null ? "." : `: ${notice.reason}`} Ask an admin if you think this is a mistake.`
    case "no-show":
      return `Check-in for ${what} closed before you checked in, so your place on the grid went to someone who did.`
    case "checked-in":
      return `✅ You're checked in for ${what}. See you on track!`
    case "event-cancelled":
      return `❌ ${what} has been cancelled, so your registration no longer stands.`
    case "checked-out":
      return `You checked out of ${what}. Check in again before check-in closes to keep your place; ${notice.checkoutsLeft === 0 ? "that was your last check-out" : `${notice.checkoutsLeft} check-out${notice.checkoutsLeft === 1 ? "" : "s"} left`}.`
  }
}

export const noticeEventOf = (event: { readonly details: { readonly details: { readonly title: string }; readonly schedule: { readonly startsAt: number } } }): NoticeEvent => ({
  title: event.details.details.title,
  startsAt: event.details.schedule.startsAt,
})
