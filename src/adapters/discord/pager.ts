import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from "discord.js"

/**
 * Previous / page x of y / Next buttons. `idFor(page)` encodes the target page into the caller's
 * own custom_id route, so each paginated view decodes its own filters and checks its own access.
 */
export const pagerRow = (page: number, pageCount: number, idFor: (page: number) => string, statusId: string) =>
  new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(idFor(Math.max(0, page - 1))).setLabel("◀ Previous").setStyle(ButtonStyle.Secondary).setDisabled(page <= 0),
    new ButtonBuilder().setCustomId(statusId).setLabel(`Page ${page + 1} of ${Math.max(1, pageCount)}`).setStyle(ButtonStyle.Secondary).setDisabled(true),
    new ButtonBuilder().setCustomId(idFor(Math.min(pageCount - 1, page + 1))).setLabel("Next ▶").setStyle(ButtonStyle.Secondary).setDisabled(page >= pageCount - 1),
  )

export const pageCountOf = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize))

/** Clamps a page number that came from a (possibly stale) button to the pages that exist now. */
export const clampPage = (page: number, pageCount: number) => Math.min(Math.max(0, page), Math.max(0, pageCount - 1))
