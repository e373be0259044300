import type BetterSqlite3 from "better-sqlite3"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { openCheckpointed } from "../../src/adapters/sqlite/dialect.js"
import { unsafeCarNumber } from "../../src/domain/numbers/car-number.js"
import { describeClass, type NumberClass } from "../../src/domain/numbers/classes.js"
import { bearingOn, type Claim } from "../../src/domain/numbers/claims.js"
import { newId } from "../../src/app/ids.js"
import { saveClass } from "../../src/app/numbers/setup.js"
import { appLayer } from "./app-without-discord.js"
import { OPEN_CLASS } from "./open-class.js"

const ACTIVE = "status IN ('claimed', 'confirmed')"

/**
 * A claim by hand in raw better-sqlite3, statement for statement what `claimNumber` runs: begin
 * immediate; the classes; the member's own active claims and the number's spellings (one UNION,
 * the spellings padded to three as the repository does); insert the claim, its audit line and its
 * announcement's outbox row; commit. Prepared once. No rule is applied (the benches give each
 * member a free number of their own): it is the floor of what storing a claim costs, for the app
 * layer and the bot to be measured against. Its announcement rows are never delivered; Pitboard's
 * worker finishing them (a batch at a time, with no channel set) counts against Pitboard, though
 * turning the worker off moved nothing measurable.
 */
export const rawClaims = (db: BetterSqlite3.Database, guildId: string, numberClass: NumberClass) => {
  const statements = {
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
  const classId = numberClass.id
  const classLabel = describeClass(numberClass)
  // better-sqlite3's own wrapper: BEGIN, COMMIT, and ROLLBACK should a statement throw.
  const store = db.transaction((holderId: string, number: string): Claim => {
    const carNumber = unsafeCarNumber(number)
    const now = Date.now()
    const claimId = newId()
    statements.classes.all(guildId)
    const [first, second = first, third = second] = bearingOn([holderId], [number]).numbers
    statements.bearing.all(guildId, holderId, guildId, first, second, third)
    const history = [{ at: now, actorId: holderId, action: "claim", status: "claimed", holderId, previousHolderId: null, reason: null }]
    const context = { claimId, guildId, classId, number, holderId, claimedAt: now, confirmedAt: null, history }
    statements.claim.run(claimId, guildId, classId, number, holderId, now, JSON.stringify({ machine: "claim", version: 1, value: "claimed", context }))
    statements.audit.run(guildId, holderId, number, JSON.stringify({ classId, holderId, previousHolderId: null, reason: null, class: numberClass.name }), now)
    const announcement = { _tag: "Announce", guildId, announcement: { _tag: "NumberClaimed", holderId, number, classLabel } }
    statements.outbox.get(guildId, `announcements:${guildId}`, JSON.stringify(announcement), now, now)
    return { id: claimId, guildId, classId, number: carNumber, holderId, status: "claimed", claimedAt: now }
  })
  return {
    claim: (holderId: string, number: string): Claim => store.immediate(holderId, number),
    /** True when the member held the number (and now does not). */
    release: (holderId: string, number: string): boolean => statements.release.run(Date.now(), guildId, holderId, number).changes > 0,
  }
}

/**
 * A fresh file with Pitboard's schema and OPEN_CLASS, made through the app so every side starts
 * alike, then opened for raw claims as the bot opens its own (the checkpointer thread included).
 */
export const openRawClaims = async (path: string, guildId: string, adminId: string) => {
  const runtime = ManagedRuntime.make(appLayer(path))
  const numberClass = await runtime.runPromise(saveClass(guildId, adminId, OPEN_CLASS))
  await runtime.dispose()
  const { db, checkpointer } = openCheckpointed(path)
  return {
    numberClass,
    claims: rawClaims(db, guildId, numberClass),
    close: async () => {
      await checkpointer?.stop()
      db.close()
    },
  }
}
