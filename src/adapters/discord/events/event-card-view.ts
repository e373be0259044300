import { ActionRowBuilder, ButtonBuilder, ButtonStyle, messageLink, type APIEmbed, type APIEmbedField } from "discord.js"
import type { EventDetails } from "../../../domain/events/draft.js"
import { CARD_ACTIONS, eventCalendarId, eventCardId } from "./event-ids.js"
import { checkOutId } from "../race-night/race-ids.js"
import { capacityText, checkInText, durationText, linksText, rolesText, startText, teamsText } from "./event-format.js"
import { BRAND_COLOUR, fitEmbed, truncate } from "../embeds.js"

const CANCELLED_COLOUR = 0x868e96

/** The event as members see it: on the public card, and in the wizard's review as a preview. */
export const eventEmbed = (details: EventDetails, options: { readonly cancelled?: boolean; readonly footer?: string } = {}): APIEmbed => {
  const fields: APIEmbedField[] = [
    { name: "Start", value: startText(details.schedule.startsAt) },
    { name: "Check-in closes", value: checkInText(details) },
    { name: "Duration", value: durationText(details.schedule.durationMinutes), inline: true },
    { name: "Track", value: truncate(details.track.name, 1024), inline: true },
    { name: "Capacity", value: capacityText(details.capacity), inline: true },
    { name: "Vehicles", value: truncate(details.vehicles.join("\n"), 1024) },
    { name: "Teams", value: teamsText(details.teams, details.capacity.maxDrivers), inline: true },
    { name: "Briefing", value: details.rules.briefing ? "Yes, before the race" : "No", inline: true },
  ]
  if (details.championship !== null) fields.push({ name: "Championship", value: truncate(details.championship.name, 1024), inline: true })
  if (details.rules.specialRules !== "") fields.push({ name: "Special rules", value: truncate(details.rules.specialRules, 1024) })
  const links = linksText(details.rules)
  if (links !== null) fields.push({ name: "Links", value: links })
  fields.push({ name: "Roles and channels", value: rolesText(details.rolesAndChannels) })
  const cancelled = options.cancelled === true
  return fitEmbed({
    title: cancelled ? `CANCELLED: ${details.details.title}` : details.details.title,
    description: cancelled ? `**This event has been cancelled.**${details.details.description === "" ? "" : `\n\n~~${truncate(details.details.description, 3000)}~~`}` : details.details.description || undefined,
    color: cancelled ? CANCELLED_COLOUR : BRAND_COLOUR,
    fields,
    ...(options.footer === undefined ? {} : { footer: { text: options.footer } }),
  } as APIEmbed)
}

const CARD_LABELS: Record<(typeof CARD_ACTIONS)[number], { label: string; style: ButtonStyle }> = {
  register: { label: "Register", style: ButtonStyle.Success },
  withdraw: { label: "Withdraw", style: ButtonStyle.Secondary },
  checkin: { label: "Check in", style: ButtonStyle.Primary },
}

/** The link to an event's card message, or null while it has none. */
export const cardLinkOf = (event: { readonly guildId: string; readonly cardChannelId: string | null; readonly cardMessageId: string | null }): string | null =>
  event.cardChannelId === null || event.cardMessageId === null ? null : messageLink(event.cardChannelId, event.cardMessageId, event.guildId)

/** The public card: the event, the members' buttons and its links. A cancelled card keeps its text but nothing to press. */
export const eventCard = (eventId: string, details: EventDetails, cancelled = false) => {
  const actions = new ActionRowBuilder<ButtonBuilder>().addComponents(
    ...CARD_ACTIONS.map((act) =>
      new ButtonBuilder().setCustomId(eventCardId.encode({ event: eventId, act })).setLabel(CARD_LABELS[act].label).setStyle(CARD_LABELS[act].style).setDisabled(cancelled),
    ),
    new ButtonBuilder().setCustomId(checkOutId.encode({ event: eventId })).setLabel("Check out").setStyle(ButtonStyle.Secondary).setDisabled(cancelled),
    new ButtonBuilder().setCustomId(eventCalendarId.encode({ event: eventId })).setLabel("Calendar").setEmoji("📅").setStyle(ButtonStyle.Secondary).setDisabled(cancelled),
  )
  const links = [
    details.rules.regulationUrl === null ? null : new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel("Regulations").setURL(details.rules.regulationUrl),
    details.rules.liveriesUrl === null ? null : new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel("Custom liveries").setURL(details.rules.liveriesUrl),
  ].filter((button): button is ButtonBuilder => button !== null)
  return {
    content: "",
    embeds: [eventEmbed(details, { cancelled, footer: `Event ${eventId}` })],
    components: links.length === 0 ? [actions] : [actions, new ActionRowBuilder<ButtonBuilder>().addComponents(...links)],
    allowedMentions: { parse: [] as [] },
  }
}
