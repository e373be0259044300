import { raceSettingsPanelId } from "../race-night/race-ids.js"
import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from "discord.js"
import type { DraftSummary } from "../../../app/events/wizard-drafts.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import { draftDiscardId, draftResumeId, eventListPageId, manageCancelId, manageEditId } from "./event-ids.js"
import { cardLinkOf, eventEmbed } from "./event-card-view.js"
import { BRAND_COLOUR, fitEmbed, truncate } from "../embeds.js"
import { pageCountOf, pagerRow } from "../pager.js"
import type { StoredEvent } from "../../../domain/events/event.js"

/** The card's link, or where publishing stands while the card and the Discord event are still on their way. */
const cardLink = (event: StoredEvent): string => {
  if (event.publication === "pending") return " · ⏳ Publishing… (the card and the Discord event appear by themselves)"
  const link = cardLinkOf(event)
  return link === null ? "" : ` · [card](${link})`
}

/** `/event list`: one line per upcoming event, soonest first, paged. */
export const eventListPayload = (events: ReadonlyArray<StoredEvent>, total: number, page: number, pageSize: number) => {
  const pages = pageCountOf(total, pageSize)
  const lines = events.map((event) => {
    const { details } = event
    const championship = details.championship === null ? "" : ` · ${details.championship.name}`
    return `**${truncate(details.details.title, 100)}**\n${discordTimestamp(details.schedule.startsAt, "F")} (${discordTimestamp(details.schedule.startsAt, "R")}) · ${details.track.name}${championship}${cardLink(event)}`
  })
  return {
    embeds: [
      fitEmbed({
        title: "Upcoming events",
        description: lines.length === 0 ? "No events are scheduled. Admins create one with /event create." : lines.join("\n\n"),
        color: BRAND_COLOUR,
        ...(total > pageSize ? { footer: { text: `${total} events` } } : {}),
      }),
    ],
    components: pages > 1 ? [pagerRow(page, pages, (target) => eventListPageId.encode({ via: target < page ? "prev" : "next", page: target }), eventListPageId.encode({ via: "at", page }))] : [],
    allowedMentions: { parse: [] as [] },
  }
}

const MAX_DRAFT_ROWS = 5

/** `/event drafts`: the caller's drafts, each with Resume and Discard (the 5 most recent; Discord allows 5 rows). */
export const draftsPayload = (drafts: ReadonlyArray<DraftSummary>, change: string | null = null) => {
  const lines = drafts.map((draft) => {
    const what = draft.editingEventId === null ? "new event" : "changes to a published event"
    return `**${truncate(draft.title ?? "(no title yet)", 100)}** · ${what} · last changed ${discordTimestamp(draft.updatedAt, "R")}, expires ${discordTimestamp(draft.expiresAt, "R")}`
  })
  const more = drafts.length > MAX_DRAFT_ROWS ? `\n\nOnly the ${MAX_DRAFT_ROWS} most recent have buttons; discard some to reach the others.` : ""
  return {
    content: "",
    embeds: [
      fitEmbed({
        title: "Your event drafts",
        description: `${change === null ? "" : `✅ ${change}\n\n`}${lines.length === 0 ? "You have no drafts. Start one with /event create." : lines.join("\n")}${more}`,
        color: BRAND_COLOUR,
      }),
    ],
    components: drafts.slice(0, MAX_DRAFT_ROWS).map((draft) =>
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId(draftResumeId.encode({ draft: draft.id })).setLabel(truncate(`Resume: ${draft.title ?? "untitled draft"}`, 80)).setStyle(ButtonStyle.Primary),
        new ButtonBuilder().setCustomId(draftDiscardId.encode({ draft: draft.id })).setLabel("Discard").setStyle(ButtonStyle.Danger),
      ),
    ),
    allowedMentions: { parse: [] as [] },
  }
}

/** `/event manage`: the event as published, with Edit and Cancel. */
export const managePayload = (event: StoredEvent, note: string | null = null) => {
  const cancelled = event.status === "cancelled"
  return {
    content: note ?? "",
    embeds: [eventEmbed(event.details, { cancelled, footer: `Event ${event.id}` })],
    components: [
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId(manageEditId.encode({ event: event.id })).setLabel("Edit").setStyle(ButtonStyle.Primary).setDisabled(cancelled),
        new ButtonBuilder().setCustomId(raceSettingsPanelId.encode({ event: event.id })).setLabel("Race-night settings").setStyle(ButtonStyle.Secondary).setDisabled(cancelled),
        new ButtonBuilder().setCustomId(manageCancelId.encode({ event: event.id, step: "ask" })).setLabel("Cancel event").setStyle(ButtonStyle.Danger).setDisabled(cancelled),
      ),
    ],
    allowedMentions: { parse: [] as [] },
  }
}

export const confirmCancelPayload = (event: StoredEvent) => ({
  content: "",
  embeds: [
    fitEmbed({
      title: `Cancel ${event.details.details.title}?`,
      description: `The card will say CANCELLED with its buttons off, the Discord event will be cancelled, and a notice goes to <#${event.details.rolesAndChannels.publishChannelId}>. This can't be undone.`,
      color: BRAND_COLOUR,
    }),
  ],
  components: [
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId(manageCancelId.encode({ event: event.id, step: "confirm" })).setLabel("Yes, cancel the event").setStyle(ButtonStyle.Danger),
      new ButtonBuilder().setCustomId(manageCancelId.encode({ event: event.id, step: "keep" })).setLabel("Keep it").setStyle(ButtonStyle.Secondary),
    ),
  ],
  allowedMentions: { parse: [] as [] },
})
