import type { DeliveryOutcome, FollowUp } from "../../../domain/follow-up-kinds.js"

/** While a follow-up is still on its way when the admin's panel is shown. */
const STILL_GOING: Partial<Record<FollowUp["_tag"], string>> = {
  EventCard: "⏳ The card is still being posted; it appears by itself in a moment (`/event list` shows when it is there).",
  ScheduledEvent: "⏳ The Discord event is still being created; it appears by itself in a moment.",
  CancellationNotice: "⏳ The channel is still being told; the notice goes out by itself in a moment.",
}

/** One line per follow-up of these kinds: done (✅ what happened), given up (⚠️ why and the fix), or still on its way (⏳). */
export const deliveryLines = (outcomes: ReadonlyArray<DeliveryOutcome>, kinds: ReadonlyArray<FollowUp["_tag"]>): Array<string> =>
  outcomes
    .filter((outcome) => kinds.includes(outcome.followUp._tag))
    .flatMap((outcome) => {
      if (outcome.state === "sent") return outcome.result === null ? [] : [`✅ ${outcome.result}`]
      if (outcome.state === "given-up") return [`⚠️ ${outcome.result ?? "Discord refused it."}`]
      const going = STILL_GOING[outcome.followUp._tag]
      return going === undefined ? [] : [going]
    })

/** How telling the registered members of a cancelled event went, in one line. */
export const membersToldLine = (outcomes: ReadonlyArray<DeliveryOutcome>, registered: number): string => {
  if (registered === 0) return "Nobody had registered yet."
  const told = outcomes.filter((outcome) => outcome.followUp._tag === "TellMember")
  const missed = told.filter((outcome) => outcome.state === "given-up").length
  const waiting = told.filter((outcome) => outcome.state === "pending" || outcome.state === "delivering").length
  if (missed > 0) return `⚠️ ${missed} of ${registered} registered members couldn't be told (DMs closed and no access to the roster channel); tell them yourself.`
  if (waiting > 0) return `⏳ Telling the ${registered} registered member${registered === 1 ? "" : "s"}; it goes on by itself.`
  return `✅ The ${registered} registered member${registered === 1 ? " was" : "s were"} told.`
}
