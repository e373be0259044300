import { ActionRowBuilder, StringSelectMenuBuilder, type APIEmbed, type ButtonBuilder } from "discord.js"
import { describeClass } from "../../../domain/numbers/classes.js"
import type { NumbersView } from "../../../app/numbers/queries.js"
import { ALL_CLASSES, rosterClassId, rosterPageId } from "./numbers-ids.js"
import { BRAND_COLOUR, EMBED_LIMITS, fitEmbed, truncate } from "../embeds.js"
import { className, STATUS_ICON, STATUS_LEGEND } from "./numbers-view.js"
import { clampPage, pageCountOf, pagerRow } from "../pager.js"

/** 20 lines of at most ~170 characters stay well inside the 4096 of a description. */
export const ROSTER_PAGE_SIZE = 20
/** One select holds 25 options; "All classes" takes one. */
const MAX_CLASS_OPTIONS = 24

export interface RosterRequest {
  readonly page: number
  /** A class id, or ALL_CLASSES. An id of a class removed meanwhile shows every class. */
  readonly classId: string
}

export const rosterPayload = (view: NumbersView, request: RosterRequest) => {
  const chosen = view.classes.find((c) => c.id === request.classId)
  const classId = chosen === undefined ? ALL_CLASSES : chosen.id
  const claims = chosen === undefined ? view.claims : view.claims.filter((claim) => claim.classId === chosen.id)
  const pageCount = pageCountOf(claims.length, ROSTER_PAGE_SIZE)
  const page = clampPage(request.page, pageCount)
  const lines = claims
    .slice(page * ROSTER_PAGE_SIZE, (page + 1) * ROSTER_PAGE_SIZE)
    .map((claim) => `${STATUS_ICON[claim.status]} **#${claim.number}** · ${truncate(className(view.classes, claim.classId), 60)} · <@${claim.holderId}>`)
  const scope = chosen === undefined ? "all classes" : describeClass(chosen)
  const embed: APIEmbed = fitEmbed({
    title: `Roster: ${scope}`,
    description: truncate(lines.length > 0 ? lines.join("\n") : `Nobody holds a number in ${scope} yet.`, EMBED_LIMITS.description),
    color: BRAND_COLOUR,
    footer: { text: `${claims.length} held · ${STATUS_LEGEND}` },
  })

  const components: Array<ActionRowBuilder<StringSelectMenuBuilder> | ActionRowBuilder<ButtonBuilder>> = []
  if (view.classes.length > 1) {
    const select = new StringSelectMenuBuilder()
      .setCustomId(rosterClassId.encode({}))
      .setPlaceholder("Show one class")
      .addOptions(
        { label: "All classes", value: ALL_CLASSES, default: classId === ALL_CLASSES },
        ...view.classes.slice(0, MAX_CLASS_OPTIONS).map((c) => ({ label: truncate(describeClass(c), 100), value: c.id, default: c.id === classId })),
      )
    components.push(new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(select))
  }
  if (pageCount > 1) {
    const idFor = (via: "prev" | "at" | "next") => (target: number) => rosterPageId.encode({ via, page: target, cls: classId })
    const row = pagerRow(page, pageCount, (target) => (target < page ? idFor("prev")(target) : idFor("next")(target)), idFor("at")(page))
    components.push(row)
  }
  return { embeds: [embed], components, allowedMentions: { parse: [] } }
}
