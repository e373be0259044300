import { spreadsheetCsv } from "../../../app/csv.js"
import { AttachmentBuilder, type ChatInputCommandInteraction, type Guild } from "discord.js"
import * as Effect from "effect/Effect"
import { linksOf } from "../../../app/iracing/links.js"
import { numbersOverview, pickClass } from "../../../app/numbers/queries.js"
import type { AppServices } from "../handler-services.js"
import { refuse } from "../../../app/refusal.js"
import { EXPORT_COLUMNS, exportRows, type ExportRow, type MemberLink } from "../../../domain/numbers/number-export-rows.js"
import { admin, guildIdOf } from "../command.js"
import { later, sayQuietly } from "../reply.js"
import type { Subcommand } from "../subcommands.js"
import { classOption, classOrHeldNumberChoices } from "./number-autocomplete.js"


/** Name lookups go over REST (Pitboard has no member intent); a few at a time keeps clear of rate limits. */
const LOOKUP_CONCURRENCY = 4

/** Display names for the member column; a holder who left the server keeps their id. */
const memberLinks = (guild: Guild | null, memberIds: ReadonlyArray<string>) =>
  Effect.forEach(
    [...new Set(memberIds)],
    (memberId) =>
      Effect.tryPromise(() => (guild === null ? Promise.reject(new Error("no guild")) : guild.members.fetch(memberId))).pipe(
        Effect.map((member): MemberLink => ({ memberId, displayName: member.displayName })),
        Effect.orElseSucceed((): MemberLink => ({ memberId })),
      ),
    { concurrency: LOOKUP_CONCURRENCY },
  )

export const toCsv = (rows: ReadonlyArray<ExportRow>): Buffer => spreadsheetCsv(rows, EXPORT_COLUMNS)

const fileName = (className: string | null, now: Date) =>
  `car-numbers${className === null ? "" : `-${className.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "class"}`}-${now.toISOString().slice(0, 10)}.csv`

const run = (interaction: ChatInputCommandInteraction) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const className = interaction.options.getString("class")
    const view = yield* numbersOverview(guildId)
    const numberClass = className === null ? null : yield* pickClass(view.classes, className)
    const claims = numberClass === null ? view.claims : view.claims.filter((claim) => claim.classId === numberClass.id)
    if (claims.length === 0) {
      return yield* refuse(`No numbers are held${numberClass === null ? "" : ` in ${numberClass.name}`} yet, so there is nothing to export.`)
    }
    // Looking up names can take longer than Discord's 3 seconds on a big roster.
    return later(
      "private",
      Effect.gen(function* () {
        const iracing = new Map((yield* linksOf(guildId)).map((link) => [link.memberId, link]))
        const links = (yield* memberLinks(interaction.guild, claims.map((claim) => claim.holderId))).map((link) => ({ ...link, iracingId: iracing.get(link.memberId)?.custId, iracingName: iracing.get(link.memberId)?.iracingName }))
        const rows = exportRows(claims, view.classes, links)
        const csv = toCsv(rows)
        if (csv.length > interaction.attachmentSizeLimit) {
          return yield* refuse(`The export is ${csv.length} bytes, more than Discord lets Pitboard attach here. Export one class at a time.`)
        }
        const content = [
          `Car numbers${numberClass === null ? "" : ` in ${numberClass.name}`}: ${rows.length} held.`,
          "When you open it in a spreadsheet, import the **number** column as *Text*, or 07 turns into 7.",
        ].join("\n")
        const name = fileName(numberClass?.name ?? null, new Date())
        return sayQuietly({ content, files: [new AttachmentBuilder(csv, { name, description: "Car numbers export (CSV, UTF-8)" })] })
      }),
    )
  })

export const exportSubcommand: Subcommand<AppServices> = {
  name: "export",
  description: "Download every held number as a CSV file for a spreadsheet",
  usage: "/number export [class]",
  access: admin("numbers"),
  options: (sub) => sub.addStringOption(classOption),
  autocomplete: classOrHeldNumberChoices,
  run,
}
