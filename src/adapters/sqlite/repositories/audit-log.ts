import type { Kysely } from "kysely"
import type { DB } from "../schema.js"

export interface AuditEntry {
  readonly guildId: string
  readonly actorId: string
  /** A dotted verb such as "permissions.grant" or "number.claim". */
  readonly action: string
  /** What the action was about: a number, a member, an event id; used to filter the log. */
  readonly subject: string | null
  readonly details: Readonly<Record<string, unknown>>
  readonly at: number
}

export interface StoredAuditEntry extends AuditEntry {
  readonly id: number
}

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
