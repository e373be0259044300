import { ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle } from "discord.js"
import * as Effect from "effect/Effect"
import { googleLinkFor, icsFileName, icsFor } from "../../../app/events/calendar.js"
import { readEventById } from "../../../app/events/event-use-cases.js"
import type { AppServices } from "../handler-services.js"
import { button, type ComponentRoute, guildIdOf } from "../command.js"
import { sayQuietly } from "../reply.js"
import { eventCalendarId, eventCardId } from "./event-ids.js"
import { memberCardAction, raceMemberComponents } from "../race-night/race-member-routes.js"

/** Register, Withdraw and Check in on the card (Check out has its own route, in race-member.ts). */
const cardAction = button(eventCardId, "member", (interaction, { event, act }) => memberCardAction(interaction, event, act))

/** Calendar: privately, a Google Calendar link and an .ics file for every other calendar app. */
const calendar = button(eventCalendarId, "member", (interaction, { event: eventId }) =>
  Effect.gen(function* () {
    const event = yield* readEventById(yield* guildIdOf(interaction), eventId)
    const ics = new AttachmentBuilder(Buffer.from(icsFor(event), "utf8"), { name: icsFileName(event), description: "Calendar file (.ics)" })
    return sayQuietly({
      content: `**${event.details.details.title}**: add it to Google Calendar with the button, or open the .ics file with Apple Calendar, Outlook or any other calendar app.`,
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel("Add to Google Calendar").setURL(googleLinkFor(event)))],
      files: [ics],
    })
  }),
)

export const cardComponents: ReadonlyArray<ComponentRoute<AppServices>> = [cardAction, calendar, ...raceMemberComponents]
