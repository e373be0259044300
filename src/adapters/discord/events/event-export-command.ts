import { AttachmentBuilder, type Guild } from "discord.js"
import * as Effect from "effect/Effect"
import { exportableEntryList, exportFile, type ExportFormat } from "../../../app/race-night/entry-list-export.js"
import type { AppServices } from "../handler-services.js"
import { gridOf, waitlistOf } from "../../../machines/race-night/entry-list.js"
import { admin, guildIdOf } from "../command.js"
import { later, sayQuietly } from "../reply.js"
import { refuse } from "../../../app/refusal.js"
import { eventAutocomplete, eventOption } from "./event-autocomplete.js"
import type { Subcommand } from "../subcommands.js"

/** Name lookups go over REST (Pitboard has no member intent); a few at a time keeps clear of rate limits. */
const LOOKUP_CONCURRENCY = 4

/** Display names for the member column; an entrant who left the server keeps their id. */
const memberNames = (guild: Guild | null, memberIds: ReadonlyArray<string>) =>
  Effect.forEach(
    memberIds,
    (memberId) =>
      Effect.tryPromise(() => (guild === null ? Promise.reject(new Error("no guild")) : guild.members.fetch(memberId))).pipe(
        Effect.map((member) => [[memberId, member.displayName] as const]),
        Effect.orElseSucceed(() => []),
      ),
    { concurrency: LOOKUP_CONCURRENCY },
  ).pipe(Effect.map((pairs) => Object.fromEntries(pairs.flat())))

const DESCRIPTIONS: Record<ExportFormat, string> = {
  csv: "Entry list (CSV, UTF-8)",
  json: "Entry list (JSON, pitboard.entry-list.v1)",
}

export const exportSubcommand: Subcommand<AppServices> = {
  name: "export",
  description: "Download an event's grid and waitlist as CSV (spreadsheets) or JSON",
  usage: "/event export <event> [csv|json]",
  access: admin("events"),
  options: (b) =>
    b
      .addStringOption(eventOption)
      .addStringOption((o) =>
        o.setName("format").setDescription("CSV for spreadsheets (default), JSON for other programs").addChoices({ name: "CSV", value: "csv" }, { name: "JSON", value: "json" }),
      ),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const format: ExportFormat = interaction.options.getString("format") === "json" ? "json" : "csv"
      const { loaded, now } = yield* exportableEntryList(guildId, interaction.options.getString("event", true))
      // Looking up 200 names takes longer than Discord's 3 seconds.
      return later(
        "private",
        Effect.gen(function* () {
          const grid = gridOf(loaded.list)
          const waitlist = waitlistOf(loaded.list)
          const names = yield* memberNames(interaction.guild, [...grid, ...waitlist].map((entry) => entry.memberId))
          const file = exportFile(loaded, format, now, names)
          if (file.data.length > interaction.attachmentSizeLimit) {
            return yield* refuse(`The export is ${file.data.length} bytes, more than Discord lets Pitboard attach here. Try the other format.`)
          }
          const title = loaded.stored.details.details.title
          const content = [
            `**${title}**: ${grid.length}/${loaded.list.capacity} on the grid, ${waitlist.length} on the waitlist.`,
            format === "csv"
              ? "When you open it in a spreadsheet, import the **car_number** column as *Text*, or 07 turns into 7."
              : "The JSON shape (`pitboard.entry-list.v1`) is described in Pitboard's README under “Race night export (JSON)”.",
          ].join("\n")
          return sayQuietly({ content, files: [new AttachmentBuilder(file.data, { name: file.name, description: DESCRIPTIONS[format] })] })
        }),
      )
    }),
  autocomplete: eventAutocomplete,
}
