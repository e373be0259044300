import type { AuditEntry, StoredAuditEntry } from "../../../domain/audit.js"
import { sql, type Kysely } from "kysely"
import type { DB } from "../schema.js"

export const appendAudit = async (db: Kysely<DB>, entry: AuditEntry): Promise<void> => {
  await db
    .insertInto("audit_log")
    .values({
      guild_id: entry.guildId,
      actor_id: entry.actorId,
      action: entry.action,
      subject: entry.subject,
      details_json: JSON.stringify(entry.details),
      at: entry.at,
    })
    .execute()
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
        eb(sql`json_extract(details_json, '$.holderId')`, "=", member),
        eb(sql`json_extract(details_json, '$.previousHolderId')`, "=", member),
        eb(sql`json_extract(details_json, '$.targetId')`, "=", member),
      ]),
    )
  }
  if (query.number !== undefined) {
    const number = query.number
    base = base.where((eb) =>
      eb.or([
        eb.and([eb("subject", "=", number), eb("action", "like", "number.%")]),
        eb.and([eb(sql`json_extract(details_json, '$.targetNumber')`, "=", number), eb("action", "like", "number.%")]),
        eb.exists(
          eb.selectFrom(sql`json_each(details_json, '$.numbers')`.as("listed")).select(sql`1`.as("one")).where(sql`listed.value`, "=", number),
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
