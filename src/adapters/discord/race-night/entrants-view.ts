import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  LabelBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  UserSelectMenuBuilder,
  type APIEmbedField,
} from "discord.js"
import type { Entrants } from "../../../app/race-night/admin.js"
import type { Entry, Outcome } from "../../../machines/race-night/entry-list.js"
import { discordTimestamp } from "../../../domain/events/time.js"
import {
  addPickId,
  CAPACITY_FIELD,
  capacityButtonId,
  capacityFormId,
  entrantActionId,
  entrantPickId,
  entrantsPageId,
  entrantSwapId,
  REASON_FIELD,
  removeFormId,
  resetAttemptsId,
} from "./race-ids.js"
import { BRAND_COLOUR, fitEmbed, linesToFields, truncate } from "../embeds.js"
import { clampPage, pageCountOf } from "../pager.js"

/** Entrants per page: the pick select lists the page's entrants, so it must stay under 25. */
export const ENTRANTS_PAGE_SIZE = 15
const SELECT_LIMIT = 25

export interface EntrantsPanelState {
  readonly page: number
  /** The entrant the action buttons apply to. */
  readonly selected?: string
  /** A waitlisted member waiting for the admin to choose whom they swap with on a full grid. */
  readonly swapFor?: string
  /** What the last action did, or what to do next. */
  readonly notice?: string
}

const entryLine = (entry: Entry): string => {
  const r = entry.registration
  const car = r.carNumber === null ? "" : ` · #${r.carNumber}`
  const team = r.teamName === null ? "" : ` · ${r.teamName}`
  return `**${entry.position}.** <@${entry.memberId}> ${r.fullName} · ${r.vehicle}${car}${team}${entry.checkedIn ? " · ✅ checked in" : ""}`
}

const entryOption = (entry: Entry, selected: string | undefined) => ({
  label: truncate(`${entry.status === "grid" ? "Grid" : "Waitlist"} #${entry.position}: ${entry.registration.fullName}`, 100),
  description: truncate(entry.registration.vehicle, 100),
  value: entry.memberId,
  default: entry.memberId === selected,
})

const row = <T extends ButtonBuilder | StringSelectMenuBuilder | UserSelectMenuBuilder>(...components: T[]) => new ActionRowBuilder<T>().addComponents(...components)

const actionRow = (eventId: string, entry: Entry) =>
  row(
    new ButtonBuilder().setCustomId(entrantActionId.encode({ event: eventId, member: entry.memberId, act: "remove" })).setLabel("Remove…").setStyle(ButtonStyle.Danger),
    entry.status === "waitlist"
      ? new ButtonBuilder().setCustomId(entrantActionId.encode({ event: eventId, member: entry.memberId, act: "grid" })).setLabel("Move to grid").setStyle(ButtonStyle.Primary)
      : new ButtonBuilder().setCustomId(entrantActionId.encode({ event: eventId, member: entry.memberId, act: "waitlist" })).setLabel("Move to waitlist").setStyle(ButtonStyle.Secondary),
  )

/** A string select of the grid when it fits, else any member (the organiser action checks they are on it). */
const swapRow = (eventId: string, memberId: string, grid: ReadonlyArray<Entry>) => {
  const id = entrantSwapId.encode({ event: eventId, member: memberId })
  if (grid.length <= SELECT_LIMIT) {
    return row(new StringSelectMenuBuilder().setCustomId(id).setPlaceholder("The grid is full: who moves to the waitlist in exchange?").addOptions(grid.map((e) => entryOption(e, undefined))))
  }
  return row(new UserSelectMenuBuilder().setCustomId(id).setPlaceholder("The grid is full: pick the grid driver who moves to the waitlist"))
}

const pagerRow = (eventId: string, page: number, pageCount: number) =>
  row(
    new ButtonBuilder().setCustomId(entrantsPageId.encode({ event: eventId, via: "prev", page: Math.max(0, page - 1) })).setLabel("◀").setStyle(ButtonStyle.Secondary).setDisabled(page <= 0),
    new ButtonBuilder().setCustomId(entrantsPageId.encode({ event: eventId, via: "next", page: Math.min(pageCount - 1, page + 1) })).setLabel("▶").setStyle(ButtonStyle.Secondary).setDisabled(page >= pageCount - 1),
    new ButtonBuilder().setCustomId(entrantsPageId.encode({ event: eventId, via: "refresh", page })).setLabel("Refresh").setStyle(ButtonStyle.Secondary),
    new ButtonBuilder().setCustomId(capacityButtonId.encode({ event: eventId })).setLabel("Capacity…").setStyle(ButtonStyle.Secondary),
  )

/** `/event entrants`: the grid and the waitlist, a page at a time, and the admin's controls (at most 5 rows). */
export const entrantsPanel = (entrants: Entrants, state: EntrantsPanelState, nameOf: (memberId: string) => string = (memberId) => memberId) => {
  const { event, grid, waitlist, capacity } = entrants
  const eventId = event.id
  const all = [...grid, ...waitlist]
  const pageCount = pageCountOf(all.length, ENTRANTS_PAGE_SIZE)
  const page = clampPage(state.page, pageCount)
  const shown = all.slice(page * ENTRANTS_PAGE_SIZE, (page + 1) * ENTRANTS_PAGE_SIZE)
  const attempts = Object.entries(entrants.failedAttempts).filter(([, count]) => count > 0)
  const fields: APIEmbedField[] = [
    ...linesToFields(`Grid (${grid.length}/${capacity})`, shown.filter((e) => e.status === "grid").map(entryLine)),
    ...linesToFields(`Waitlist (${waitlist.length})`, shown.filter((e) => e.status === "waitlist").map(entryLine)),
    ...linesToFields("Failed registration attempts", attempts.slice(0, 10).map(([memberId, count]) => `<@${memberId}> ${count}/${entrants.attemptLimit}`)),
  ]
  const embed = fitEmbed({
    title: truncate(`Entrants: ${event.details.details.title}`, 256),
    description: `${discordTimestamp(event.details.schedule.startsAt, "F")} · ${grid.length} of ${capacity} on the grid, ${waitlist.length} waiting${all.length === 0 ? "\n\nNobody has registered yet." : ""}`,
    color: BRAND_COLOUR,
    fields,
    footer: { text: `Page ${page + 1} of ${pageCount} · event ${eventId}` },
  })
  const selected = all.find((e) => e.memberId === state.selected)
  const rows: Array<ActionRowBuilder<ButtonBuilder | StringSelectMenuBuilder | UserSelectMenuBuilder>> = [
    row(new UserSelectMenuBuilder().setCustomId(addPickId.encode({ event: eventId })).setPlaceholder("Add a member to this event…")),
  ]
  if (shown.length > 0) {
    rows.push(row(new StringSelectMenuBuilder().setCustomId(entrantPickId.encode({ event: eventId, page })).setPlaceholder("Choose an entrant to remove or move…").addOptions(shown.map((e) => entryOption(e, state.selected)))))
  }
  if (state.swapFor !== undefined && grid.length > 0) rows.push(swapRow(eventId, state.swapFor, grid))
  else if (selected !== undefined) rows.push(actionRow(eventId, selected))
  if (attempts.length > 0) {
    const options = attempts.slice(0, SELECT_LIMIT).map(([memberId, count]) => ({ label: truncate(`${nameOf(memberId)} (${count} refused)`, 100), value: memberId }))
    rows.push(row(new StringSelectMenuBuilder().setCustomId(resetAttemptsId.encode({ event: eventId })).setPlaceholder("Let a member try registering again…").addOptions(options)))
  }
  rows.push(pagerRow(eventId, page, pageCount))
  return { content: state.notice ?? "", embeds: [embed], components: rows, allowedMentions: { parse: [] as [] } }
}

/** What an admin action did, in lines for the panel: its audit line and who moved up because of it. */
export const outcomeLines = (outcome: Outcome): string => {
  const lines = outcome.effects.flatMap((effect) => {
    if (effect._tag === "Audit") return [`✅ ${effect.memberId === null ? "" : `<@${effect.memberId}> `}${effect.detail}.`]
    if (effect._tag === "Promoted" && effect.cause !== "admin") return [`⬆️ <@${effect.memberId}> moved up from the waitlist and was told.`]
    return []
  })
  return lines.length === 0 ? "✅ Done." : lines.join("\n")
}

export const removeModal = (eventId: string, memberId: string, name: string) =>
  new ModalBuilder()
    .setCustomId(removeFormId.encode({ event: eventId, member: memberId }))
    .setTitle(truncate(`Remove ${name}`, 45))
    .addLabelComponents(
      new LabelBuilder()
        .setLabel("Reason")
        .setDescription("Sent to the member and kept in the audit log; optional")
        .setTextInputComponent(new TextInputBuilder().setCustomId(REASON_FIELD).setStyle(TextInputStyle.Paragraph).setMaxLength(300).setRequired(false)),
    )

export const capacityModal = (eventId: string, capacity: number, limit: number) =>
  new ModalBuilder()
    .setCustomId(capacityFormId.encode({ event: eventId }))
    .setTitle("Capacity")
    .addLabelComponents(
      new LabelBuilder()
        .setLabel("Max drivers on the grid")
        .setDescription(truncate(`At most ${limit} at this track. Raising it moves the waitlist up at once; lowering moves nobody`, 100))
        .setTextInputComponent(new TextInputBuilder().setCustomId(CAPACITY_FIELD).setStyle(TextInputStyle.Short).setMaxLength(6).setRequired(true).setValue(String(capacity))),
    )
