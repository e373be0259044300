import { type ActionRowBuilder, type ButtonBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { auditPage } from "../../../app/numbers/queries.js"
import type { AppServices } from "../handler-services.js"
import { parseCarNumber } from "../../../domain/numbers/car-number.js"
import { admin, button, type ComponentRoute, guildIdOf, type SlashCommand } from "../command.js"
import { refuse } from "../../../app/refusal.js"
import { customIdRoute, IntField, LiteralField, SnowflakeField, type CustomIdRoute } from "../custom-id.js"
import { say, update } from "../reply.js"
import { AUDIT_PAGE_SIZE, auditEmbed, type AuditFilter } from "./audit-log-view.js"
import { clampPage, pageCountOf, pagerRow } from "../pager.js"
import { singleCommand } from "../subcommands.js"

type RouteValueOf<T> = T extends CustomIdRoute<infer A> ? A : never
const NONE = "-"
/**
 * The filters ride in the custom_id so Previous/Next keep them without any stored state. `via`
 * keeps the disabled page counter's id apart from a Previous/Next that points at the same page.
 */
const auditPageId = customIdRoute("auditlog", {
  via: LiteralField("go", "at"),
  page: IntField,
  member: Schema.Union(Schema.Literal(NONE), SnowflakeField),
  number: Schema.Union(Schema.Literal(NONE), Schema.String.pipe(Schema.pattern(/^\d{1,3}$/))),
})

const idFor = (filter: AuditFilter, via: "go" | "at") => (page: number) =>
  auditPageId.encode({ via, page, member: filter.memberId ?? NONE, number: filter.number ?? NONE })

/** Reads the page asked for, or the last one there is now if the log shrank under a filter or the button is old. */
const loadPage = (guildId: string, filter: AuditFilter, requested: number) =>
  Effect.gen(function* () {
    const query = {
      guildId,
      limit: AUDIT_PAGE_SIZE,
      ...(filter.memberId === null ? {} : { member: filter.memberId }),
      ...(filter.number === null ? {} : { number: filter.number }),
    }
    const first = yield* auditPage({ ...query, offset: requested * AUDIT_PAGE_SIZE })
    const pageCount = pageCountOf(first.total, AUDIT_PAGE_SIZE)
    const page = clampPage(requested, pageCount)
    const result = page === requested ? first : yield* auditPage({ ...query, offset: page * AUDIT_PAGE_SIZE })
    return { ...result, page, pageCount }
  })

const render = (guildId: string, filter: AuditFilter, requested: number) =>
  Effect.map(loadPage(guildId, filter, requested), ({ entries, total, page, pageCount }) => {
    // A single page needs no pager, and Previous and Next would otherwise share one custom_id.
    const components: ActionRowBuilder<ButtonBuilder>[] = pageCount > 1 ? [pagerRow(page, pageCount, idFor(filter, "go"), idFor(filter, "at")(page))] : []
    return { embeds: [auditEmbed(entries, total, filter)], components, allowedMentions: { parse: [] } }
  })

const run = (interaction: ChatInputCommandInteraction) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const typed = interaction.options.getString("number")
    const number = typed === null ? null : parseCarNumber(typed)
    if (number !== null && Either.isLeft(number)) return yield* refuse(number.left.message)
    const filter: AuditFilter = { memberId: interaction.options.getUser("member")?.id ?? null, number: number === null ? null : number.right }
    const view = yield* render(guildId, filter, 0)
    return say(view)
  })

const turnPage = (interaction: ButtonInteraction, value: RouteValueOf<typeof auditPageId>) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const filter: AuditFilter = { memberId: value.member === NONE ? null : value.member, number: value.number === NONE ? null : value.number }
    return update(yield* render(guildId, filter, value.page))
  })

export const auditlogCommand: SlashCommand<AppServices> = singleCommand({
  name: "auditlog",
  area: "Car numbers",
  description: "Who did what with car numbers and settings, newest first",
  usage: "/auditlog [member] [number]",
  access: admin("numbers"),
  options: (builder) =>
    builder
      .addUserOption((option) => option.setName("member").setDescription("Only entries by or about this member"))
      .addStringOption((option) => option.setName("number").setDescription("Only entries about this number, e.g. 07").setMinLength(1).setMaxLength(4)),
  run,
})

export const auditlogComponents: ReadonlyArray<ComponentRoute<AppServices>> = [button(auditPageId, admin("numbers"), turnPage)]
