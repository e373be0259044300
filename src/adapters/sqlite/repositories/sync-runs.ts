import type { SyncRun } from "../../../domain/roster/reconcile.js"
import type { Kysely } from "kysely"
import type { DB } from "../schema.js"

/** Returns the run's id, which report pages and the CSV button carry. */
export const recordSyncRun = async (db: Kysely<DB>, guildId: string, run: SyncRun): Promise<number> => {
  const row = await db
    .insertInto("sync_runs")
    .values({
      guild_id: guildId,
      trigger: run.trigger,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      outcome: run.outcome,
      summary_json: JSON.stringify(run.summary),
      error: run.error,
      report_json: run.report === undefined ? null : JSON.stringify(run.report),
    })
    .returning("id")
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

const toRun = (row: { id: number; trigger: "manual" | "auto"; started_at: number; finished_at: number; outcome: "ok" | "failed"; summary_json: string; error: string | null; report_json: string | null }): SyncRun => ({
  id: Number(row.id),
  trigger: row.trigger,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  outcome: row.outcome,
  summary: JSON.parse(row.summary_json) as Record<string, number>,
  error: row.error,
  ...(row.report_json === null ? {} : { report: JSON.parse(row.report_json) as unknown }),
})

/** One run of this guild by id (a report page or CSV button names it). */
export const readSyncRun = async (db: Kysely<DB>, guildId: string, id: number): Promise<SyncRun | undefined> => {
  const row = await db.selectFrom("sync_runs").selectAll().where("guild_id", "=", guildId).where("id", "=", id).executeTakeFirst()
  return row === undefined ? undefined : toRun(row)
}

export const lastSyncRun = async (db: Kysely<DB>, guildId: string): Promise<SyncRun | undefined> => {
  const row = await db.selectFrom("sync_runs").selectAll().where("guild_id", "=", guildId).orderBy("started_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst()
  return row === undefined ? undefined : toRun(row)
}

/** Guilds with at least one run, with the start of their latest one: the auto-sync scheduler's memory. */
export const lastRunsByGuild = async (db: Kysely<DB>): Promise<ReadonlyMap<string, number>> => {
  const rows = await db.selectFrom("sync_runs").select(["guild_id", (eb) => eb.fn.max("started_at").as("last")]).groupBy("guild_id").execute()
  return new Map(rows.map((row) => [row.guild_id, Number(row.last)]))
}
