import type { AuditEntry, StoredAuditEntry } from "../../../domain/audit.js"
import { sql, type Kysely } from "kysely"
import { onPostgres } from "../../postgres/engine.js"
import type { DB } from "../schema.js"
import { preparedQuery } from "../prepared-query.js"

type AuditRow = { guild_id: string; actor_id: string; action: string; subject: AuditEntry["subject"]; details_json: string; at: number }

const insertAuditRow = preparedQuery<AuditRow, never>((db, param) =>
  db.insertInto("audit_log").values({
    guild_id: param("guild_id"),
    actor_id: param("actor_id"),
    action: param("action"),
    subject: param("subject"),
    details_json: param("details_json"),
    at: param("at"),
  }),
)

export const appendAudit = async (db: Kysely<DB>, entry: AuditEntry): Promise<void> => {
  await insertAuditRow(db, {
    guild_id: entry.guildId,
    actor_id: entry.actorId,
    action: entry.action,
    subject: entry.subject,
    details_json: JSON.stringify(entry.details),
    at: entry.at,
  })
}

export interface AuditQuery {
  readonly guildId: string
  readonly actorOrSubject?: string
  readonly subject?: string
  /**
   * Everything about a member: what they did, what was done to them (the subject), claim changes
   * where they held or previously held the number (an admin's assign or revoke), trades offered to them.
   */
  readonly member?: string
  /** Entries about one number as typed ("07" is not "7"): its claims and trades, and reserve/unreserve lists naming it. */
  readonly number?: string
  readonly limit: number
  readonly offset: number
}

// details_json is TEXT on both engines; each reads into it with its own JSON functions.
const detail = (db: Kysely<DB>, key: string) =>
  onPostgres(db) ? sql`(details_json::jsonb ->> ${sql.lit(key)})` : sql`json_extract(details_json, ${sql.lit(`$.${key}`)})`
const listedNumbers = (db: Kysely<DB>) =>
  (onPostgres(db)
    ? sql`(select element as value from jsonb_array_elements_text(details_json::jsonb -> 'numbers') as element)`
    : sql`json_each(details_json, '$.numbers')`
  ).as("listed")

export const readAudit = async (db: Kysely<DB>, query: AuditQuery): Promise<{ entries: ReadonlyArray<StoredAuditEntry>; total: number }> => {
  let base = db.selectFrom("audit_log").where("guild_id", "=", query.guildId)
  if (query.actorOrSubject !== undefined) {
    const who = query.actorOrSubject
    base = base.where((eb) => eb.or([eb("actor_id", "=", who), eb("subject", "=", who)]))
  }
  if (query.subject !== undefined) base = base.where("subject", "=", query.subject)
  if (query.member !== undefined) {
    const member = query.member
    base = base.where((eb) =>
      eb.or([
        eb("actor_id", "=", member),
        eb("subject", "=", member),
        eb(detail(db, "holderId"), "=", member),
        eb(detail(db, "previousHolderId"), "=", member),
        eb(detail(db, "targetId"), "=", member),
      ]),
    )
  }
  if (query.number !== undefined) {
    const number = query.number
    base = base.where((eb) =>
      eb.or([
        eb.and([eb("subject", "=", number), eb("action", "like", "number.%")]),
        eb.and([eb(detail(db, "targetNumber"), "=", number), eb("action", "like", "number.%")]),
        eb.exists(
          eb.selectFrom(listedNumbers(db)).select(sql`1`.as("one")).where(sql`listed.value`, "=", number),
        ),
      ]),
    )
  }
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy("at", "desc").orderBy("id", "desc").limit(query.limit).offset(query.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
  ])
  return {
    total: Number(count.total),
    entries: rows.map((row) => ({
      id: Number(row.id),
      guildId: row.guild_id,
      actorId: row.actor_id,
      action: row.action,
      subject: row.subject,
      details: JSON.parse(row.details_json) as Record<string, unknown>,
      at: row.at,
    })),
  }
}
