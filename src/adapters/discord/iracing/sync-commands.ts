import { AttachmentBuilder, type APIEmbed, type ButtonInteraction } from "discord.js"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { runSync, storedReport, syncStatus } from "../../../app/iracing/sync.js"
import type { AppServices } from "../handler-services.js"
import { admin, button, type ComponentRoute, type SlashCommand, guildIdOf, dieOnDatabase } from "../command.js"
import { refuse } from "../../../app/refusal.js"
import { sayQuietly, update } from "../reply.js"
import { syncCsv } from "./sync-csv.js"
import { reportPayload, summaryEmbed } from "./sync-report-view.js"
import { syncStatusEmbed } from "./sync-status-view.js"
import { answerDeferred, requireIracing } from "./iracing-answers.js"
import { singleCommand } from "../subcommands.js"
import { syncCsvId, syncPageId } from "./sync-ids.js"

const AREA = "iRacing"

/** Fetching a 2,000-member roster and confirming claims takes seconds, so /sync defers and then shows the report. */
export const syncCommand: SlashCommand<AppServices> = singleCommand({
  name: "sync",
  area: AREA,
  description: "Compare claims with the iRacing league roster now, and list what to change there",
  usage: "/sync",
  access: admin("numbers"),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      yield* requireIracing
      return answerDeferred(
        Effect.gen(function* () {
          const result = yield* dieOnDatabase(runSync(guildId, "manual", interaction.user.id))
          const summary = summaryEmbed({ ...result, finishedAt: yield* Clock.currentTimeMillis })
          return reportPayload(summary, result.report, result.runId, 0)
        }),
        (message) => `❌ The roster sync did not run, so nothing was changed. ${message}`,
      )
    }),
})

export const syncStatusCommand: SlashCommand<AppServices> = singleCommand({
  name: "syncstatus",
  area: AREA,
  description: "When the roster sync last ran, how it went, and when it runs next",
  usage: "/syncstatus",
  access: admin("numbers"),
  run: (interaction) =>
    Effect.gen(function* () {
      const status = yield* syncStatus(yield* guildIdOf(interaction))
      return sayQuietly({ embeds: [syncStatusEmbed(status)] })
    }),
})

const reportOf = (interaction: ButtonInteraction, runId: number) => Effect.flatMap(guildIdOf(interaction), (guildId) => storedReport(guildId, runId))

/**
 * The summary knows the league and roster size only right after the run, so a page turn keeps the
 * summary embed the message already shows and redraws only the findings below it.
 */
const turnPage = button(syncPageId, admin("numbers"), (interaction, { run, page }) =>
  Effect.gen(function* () {
    const { run: stored, report } = yield* reportOf(interaction, run)
    const kept = interaction.message.embeds[0]?.toJSON() as APIEmbed | undefined
    const summary = kept ?? summaryEmbed({ report, durationMs: stored.finishedAt - stored.startedAt, finishedAt: stored.finishedAt })
    return update(reportPayload(summary, report, run, page))
  }),
)

const downloadCsv = button(syncCsvId, admin("numbers"), (interaction, { run }) =>
  Effect.gen(function* () {
    const { report } = yield* reportOf(interaction, run)
    const csv = syncCsv(report)
    if (csv.length > interaction.attachmentSizeLimit) return yield* refuse(`The CSV is ${csv.length} bytes, more than Discord lets Pitboard attach here.`)
    const file = new AttachmentBuilder(csv, { name: `iracing-sync-${run}.csv`, description: "Roster sync findings (CSV, UTF-8)" })
    const content = "Every finding of this sync, one per row. In a spreadsheet, import **number** and **roster_number** as *Text*, or 07 turns into 7."
    return sayQuietly({ content, files: [file] })
  }),
)

export const syncCommands: ReadonlyArray<SlashCommand<AppServices>> = [syncCommand, syncStatusCommand]
export const syncComponents: ReadonlyArray<ComponentRoute<AppServices>> = [turnPage, downloadCsv]
