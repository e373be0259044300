import * as Schema from "effect/Schema"
import type { Kysely } from "kysely"
import type { Penalty } from "../../../domain/championships/penalties.js"
import { DEFAULT_POINTS_SYSTEM, PointsSystem } from "../../../domain/championships/points.js"
import type { DriverResult, RoundResults } from "../../../domain/championships/results.js"
import type { DB } from "../schema.js"
import type { ChampionshipPenaltiesTable, ChampionshipResultsTable } from "../tables/results.js"

const PointsJson = Schema.parseJson(PointsSystem)
const encodePoints = Schema.encodeSync(PointsJson)
const decodePoints = Schema.decodeUnknownSync(PointsJson)

export interface ScoringSettings {
  readonly system: PointsSystem
  readonly iracingLeagueId: number | null
  readonly iracingSeasonId: number | null
}

export const DEFAULT_SCORING: ScoringSettings = { system: DEFAULT_POINTS_SYSTEM, iracingLeagueId: null, iracingSeasonId: null }

export const readScoring = async (db: Kysely<DB>, guildId: string, championshipId: string): Promise<ScoringSettings> => {
  const row = await db.selectFrom("championship_settings").selectAll().where("guild_id", "=", guildId).where("championship_id", "=", championshipId).executeTakeFirst()
  return row === undefined ? DEFAULT_SCORING : { system: decodePoints(row.points_json), iracingLeagueId: row.iracing_league_id, iracingSeasonId: row.iracing_season_id }
}

export const saveScoring = async (db: Kysely<DB>, guildId: string, championshipId: string, settings: ScoringSettings, actorId: string, now: number): Promise<void> => {
  const values = {
    points_json: encodePoints(settings.system),
    iracing_league_id: settings.iracingLeagueId,
    iracing_season_id: settings.iracingSeasonId,
    updated_by: actorId,
    updated_at: now,
  }
  await db
    .insertInto("championship_settings")
    .values({ guild_id: guildId, championship_id: championshipId, ...values })
    .onConflict((oc) => oc.columns(["guild_id", "championship_id"]).doUpdateSet(values))
    .execute()
}


export interface StoredSession {
  readonly roundId: string
  readonly source: "iracing" | "manual"
  readonly subsessionId: number | null
  readonly eventId: string | null
  readonly label: string
  readonly startsAt: number
}

export const hasSession = async (db: Kysely<DB>, guildId: string, championshipId: string, roundId: string): Promise<boolean> =>
  (await db.selectFrom("championship_sessions").select("round_id").where("guild_id", "=", guildId).where("championship_id", "=", championshipId).where("round_id", "=", roundId).executeTakeFirst()) !==
  undefined

const resultRow = (guildId: string, championshipId: string, roundId: string, r: DriverResult): ChampionshipResultsTable => ({
  guild_id: guildId,
  championship_id: championshipId,
  round_id: roundId,
  driver_id: r.driverId,
  name: r.name,
  member_id: r.memberId,
  car_class: r.carClass,
  team: r.team,
  entry_id: r.entryId,
  car_number: r.carNumber,
  position: r.position,
  class_position: r.classPosition,
  start_position: r.startPosition,
  laps: r.laps,
  laps_led: r.lapsLed,
  incidents: r.incidents,
  fastest_lap_ms: r.fastestLapMs,
  gap_ms: r.gapMs,
  pole: r.pole ? 1 : 0,
  reason_out: r.reasonOut,
})

const toResult = (row: ChampionshipResultsTable): DriverResult => ({
  driverId: row.driver_id,
  name: row.name,
  memberId: row.member_id,
  carClass: row.car_class,
  team: row.team,
  entryId: row.entry_id,
  carNumber: row.car_number,
  position: row.position,
  classPosition: row.class_position,
  startPosition: row.start_position,
  laps: row.laps,
  lapsLed: row.laps_led,
  incidents: row.incidents,
  fastestLapMs: row.fastest_lap_ms,
  gapMs: row.gap_ms,
  pole: row.pole === 1,
  reasonOut: row.reason_out,
})

// 20 columns a row: 100 rows stay far below SQLite's bound-parameter limit and PostgreSQL's.
const BATCH = 100

/** Call inside the import's transaction: the session row and its results land together or not at all. */
export const insertSession = async (
  db: Kysely<DB>,
  guildId: string,
  championshipId: string,
  session: StoredSession,
  results: ReadonlyArray<DriverResult>,
  actorId: string,
  now: number,
): Promise<void> => {
  await db
    .insertInto("championship_sessions")
    .values({
      guild_id: guildId,
      championship_id: championshipId,
      round_id: session.roundId,
      source: session.source,
      subsession_id: session.subsessionId,
      event_id: session.eventId,
      label: session.label,
      starts_at: session.startsAt,
      imported_by: actorId,
      imported_at: now,
    })
    .execute()
  for (let i = 0; i < results.length; i += BATCH) {
    await db
      .insertInto("championship_results")
      .values(results.slice(i, i + BATCH).map((r) => resultRow(guildId, championshipId, session.roundId, r)))
      .execute()
  }
}

/** Removes a round and (by cascade) its results: hand-entered results are replaced this way. */
export const deleteSession = async (db: Kysely<DB>, guildId: string, championshipId: string, roundId: string): Promise<boolean> =>
  (await db.deleteFrom("championship_sessions").where("guild_id", "=", guildId).where("championship_id", "=", championshipId).where("round_id", "=", roundId).executeTakeFirst())
    .numDeletedRows > 0n

export const readSessions = async (db: Kysely<DB>, guildId: string, championshipId: string): Promise<ReadonlyArray<StoredSession>> =>
  (
    await db
      .selectFrom("championship_sessions")
      .select(["round_id", "source", "subsession_id", "event_id", "label", "starts_at"])
      .where("guild_id", "=", guildId)
      .where("championship_id", "=", championshipId)
      .orderBy("starts_at")
      .orderBy("round_id")
      .execute()
  ).map((row) => ({ roundId: row.round_id, source: row.source, subsessionId: row.subsession_id, eventId: row.event_id, label: row.label, startsAt: row.starts_at }))

/** Every stored round with its results, numbered in start order from 1. */
export const readRounds = async (db: Kysely<DB>, guildId: string, championshipId: string): Promise<ReadonlyArray<RoundResults>> => {
  const sessions = await readSessions(db, guildId, championshipId)
  const rows = await db.selectFrom("championship_results").selectAll().where("guild_id", "=", guildId).where("championship_id", "=", championshipId).execute()
  const byRound = new Map<string, DriverResult[]>()
  for (const row of rows) byRound.set(row.round_id, [...(byRound.get(row.round_id) ?? []), toResult(row)])
  return sessions.map((session, index) => ({ roundId: session.roundId, round: index + 1, label: session.label, startsAt: session.startsAt, results: byRound.get(session.roundId) ?? [] }))
}

const toPenalty = (row: ChampionshipPenaltiesTable): Penalty => {
  const audit = { id: row.id, driverId: row.driver_id, reason: row.reason, stewardId: row.steward_id, at: row.at }
  return row.kind === "time"
    ? { _tag: "TimePenalty", ...audit, roundId: row.round_id ?? "", seconds: row.amount }
    : { _tag: "PointsPenalty", ...audit, roundId: row.round_id, points: row.amount }
}

export const readPenalties = async (db: Kysely<DB>, guildId: string, championshipId: string): Promise<ReadonlyArray<Penalty>> =>
  (await db.selectFrom("championship_penalties").selectAll().where("guild_id", "=", guildId).where("championship_id", "=", championshipId).orderBy("at").orderBy("id").execute()).map(toPenalty)

export const insertPenalty = async (db: Kysely<DB>, guildId: string, championshipId: string, penalty: Penalty): Promise<void> => {
  await db
    .insertInto("championship_penalties")
    .values({
      guild_id: guildId,
      championship_id: championshipId,
      id: penalty.id,
      kind: penalty._tag === "TimePenalty" ? "time" : "points",
      round_id: penalty.roundId,
      driver_id: penalty.driverId,
      amount: penalty._tag === "TimePenalty" ? penalty.seconds : penalty.points,
      reason: penalty.reason,
      steward_id: penalty.stewardId,
      at: penalty.at,
    })
    .execute()
}

export const deletePenalty = async (db: Kysely<DB>, guildId: string, championshipId: string, id: string): Promise<Penalty | undefined> => {
  const row = await db.selectFrom("championship_penalties").selectAll().where("guild_id", "=", guildId).where("championship_id", "=", championshipId).where("id", "=", id).executeTakeFirst()
  if (row === undefined) return undefined
  await db.deleteFrom("championship_penalties").where("guild_id", "=", guildId).where("championship_id", "=", championshipId).where("id", "=", id).execute()
  return toPenalty(row)
}

/** cust_id → linked member, for the drivers of one session only (read by index, not the whole guild). */
export const readMembersOfCustomers = async (db: Kysely<DB>, guildId: string, custIds: ReadonlyArray<number>): Promise<ReadonlyMap<number, string>> => {
  if (custIds.length === 0) return new Map()
  const rows = await db.selectFrom("member_links").select(["cust_id", "member_id"]).where("guild_id", "=", guildId).where("cust_id", "in", [...custIds]).execute()
  return new Map(rows.map((row) => [row.cust_id, row.member_id]))
}

/** Each driver of one championship once per name they were stored under (a season's rows, by the primary key's prefix). */
export const readDriverNames = async (
  db: Kysely<DB>,
  guildId: string,
  championshipId: string,
): Promise<ReadonlyArray<{ readonly name: string; readonly driverId: string; readonly memberId: string | null }>> =>
  (
    await db
      .selectFrom("championship_results")
      .select(["name", "driver_id", "member_id"])
      .distinct()
      .where("guild_id", "=", guildId)
      .where("championship_id", "=", championshipId)
      .execute()
  ).map((row) => ({ name: row.name, driverId: row.driver_id, memberId: row.member_id }))

/** Round events of championships that import from iRacing and ended in [since, until], with the season to read. */
export const readEndedIracingRounds = async (db: Kysely<DB>, since: number, until: number) =>
  db
    .selectFrom("events")
    .innerJoin("championship_settings", (join) =>
      join.onRef("championship_settings.guild_id", "=", "events.guild_id").onRef("championship_settings.championship_id", "=", "events.championship_id"),
    )
    .select(["events.guild_id as guildId", "events.id as eventId", "events.championship_id as championshipId", "events.starts_at as startsAt", "events.ends_at as endsAt"])
    .select(["championship_settings.iracing_league_id as leagueId", "championship_settings.iracing_season_id as seasonId"])
    .where("events.status", "=", "published")
    .where("events.ends_at", ">=", since)
    .where("events.ends_at", "<=", until)
    .where("championship_settings.iracing_season_id", "is not", null)
    .where("championship_settings.iracing_league_id", "is not", null)
    .execute()

/** The events whose results are already stored, among `eventIds`. */
export const readEventsWithResults = async (db: Kysely<DB>, guildId: string, eventIds: ReadonlyArray<string>): Promise<ReadonlySet<string>> => {
  if (eventIds.length === 0) return new Set()
  const rows = await db.selectFrom("championship_sessions").select("event_id").where("guild_id", "=", guildId).where("event_id", "in", [...eventIds]).execute()
  return new Set(rows.flatMap((row) => (row.event_id === null ? [] : [row.event_id])))
}
