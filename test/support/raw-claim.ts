import type BetterSqlite3 from "better-sqlite3"
import { newId } from "../../src/app/ids.js"

/** "7", "07" and "007" look alike; a claim must see every spelling. (Unpadded values, as the benches send.) */
const spellings = (value: string): [string, string, string] => {
  const all = [...new Set([1, 2, 3].map((width) => value.padStart(width, "0")))]
  return [all[0]!, all[1] ?? all[0]!, all[2] ?? all[0]!]
}

const ACTIVE = "status IN ('claimed', 'confirmed')"

/**
 * A claim by hand in raw better-sqlite3, statement for statement what `claimNumber` runs: begin
 * immediate; the classes; the member's own active claims and the number's spellings (one UNION);
 * insert the claim, its audit line and its announcement's outbox row; commit. Prepared once. No
 * rule is applied (the benches give each member a free number of their own): it is the floor of
 * what storing a claim costs, for the app layer and the bot to be measured against. Its
 * announcement rows are never delivered; Pitboard's worker finishing them (a batch at a time, with
 * no channel set) counts against Pitboard, though turning the worker off moved nothing measurable.
 */
export const rawClaims = (db: BetterSqlite3.Database, guildId: string, classId: string) => {
  const statements = {
    begin: db.prepare("BEGIN IMMEDIATE"),
    commit: db.prepare("COMMIT"),
    rollback: db.prepare("ROLLBACK"),
    classes: db.prepare("SELECT * FROM number_classes WHERE guild_id = ? ORDER BY position, min"),
    bearing: db.prepare(
      `SELECT id, guild_id, class_id, number, holder_id, status, claimed_at, confirmed_at FROM claims WHERE guild_id = ? AND holder_id IN (?) AND ${ACTIVE} ` +
        `UNION SELECT id, guild_id, class_id, number, holder_id, status, claimed_at, confirmed_at FROM claims WHERE guild_id = ? AND number IN (?, ?, ?) AND ${ACTIVE}`,
    ),
    outbox: db.prepare("INSERT INTO outbox (guild_id, target, kind, payload_json, coalesce_key, due_at, created_at) VALUES (?, ?, 'Announce', ?, NULL, ?, ?) RETURNING id"),
    claim: db.prepare(
      "INSERT INTO claims (id, guild_id, class_id, number, holder_id, status, claimed_at, confirmed_at, ended_at, machine_json) VALUES (?, ?, ?, ?, ?, 'claimed', ?, NULL, NULL, ?)",
    ),
    audit: db.prepare("INSERT INTO audit_log (guild_id, actor_id, action, subject, details_json, at) VALUES (?, ?, 'number.claim', ?, ?, ?)"),
    release: db.prepare(`UPDATE claims SET status = 'released', ended_at = ? WHERE guild_id = ? AND holder_id = ? AND number = ? AND ${ACTIVE}`),
  }
  /** The statements between BEGIN and COMMIT. */
  const store = (holderId: string, number: string, claimId: string, now: number) => {
    statements.classes.all(guildId)
    statements.bearing.all(guildId, holderId, guildId, ...spellings(number))
    const history = [{ at: now, actorId: holderId, action: "claim", status: "claimed", holderId, previousHolderId: null, reason: null }]
    const context = { claimId, guildId, classId, number, holderId, claimedAt: now, confirmedAt: null, history }
    statements.claim.run(claimId, guildId, classId, number, holderId, now, JSON.stringify({ machine: "claim", version: 1, value: "claimed", context }))
    statements.audit.run(guildId, holderId, number, JSON.stringify({ classId, holderId, previousHolderId: null, reason: null, class: "Open" }), now)
    const announcement = { _tag: "Announce", guildId, announcement: { _tag: "NumberClaimed", holderId, number, classLabel: "Open (0–999)" } }
    statements.outbox.get(guildId, `announcements:${guildId}`, JSON.stringify(announcement), now, now)
  }
  return {
    claim: (holderId: string, number: string) => {
      statements.begin.run()
      try {
        store(holderId, number, newId(), Date.now())
        statements.commit.run()
      } catch (error) {
        // Left open, the transaction would make every later BEGIN fail.
        if (db.inTransaction) statements.rollback.run()
        throw error
      }
    },
    /** True when the member held the number (and now does not). */
    release: (holderId: string, number: string): boolean => statements.release.run(Date.now(), guildId, holderId, number).changes > 0,
  }
}
