import * as ManagedRuntime from "effect/ManagedRuntime"
import { openBetterSqlite } from "../src/adapters/sqlite/dialect.js"
import { newId } from "../src/app/ids.js"
import { claimNumber } from "../src/app/numbers/claim-use-cases.js"
import { saveClass } from "../src/app/numbers/setup.js"
import { appLayer } from "./numbers.js"
import { percentile, type BenchRow } from "./table.js"

const median = (values: ReadonlyArray<number>) => percentile(values, 50)

const GUILD = "900000000000000004"
const memberId = (i: number) => String(800_000_000_000_000_000n + BigInt(i))

/** Schema and one 0–999 class with a limit of 1, set up through the app so both sides start alike. */
const preparedFile = async (path: string) => {
  const runtime = ManagedRuntime.make(appLayer(path))
  const saved = await runtime.runPromise(saveClass(GUILD, "bench", { name: "Open", range: "0-999", limit: "1", reserved: "" }))
  return { runtime, classId: saved.id }
}

interface ClaimTiming {
  readonly perSecond: number
  readonly p50: number
}

const timed = (count: number, claim: (i: number) => unknown) => async (): Promise<ClaimTiming> => {
  const latencies: number[] = []
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    const t0 = performance.now()
    await claim(i)
    latencies.push(performance.now() - t0)
  }
  return { perSecond: count / ((performance.now() - started) / 1000), p50: percentile(latencies, 50) }
}

/** `claimNumber` as the bot calls it, one member after another, each a different number. */
const appClaims = async (path: string, count: number): Promise<ClaimTiming> => {
  const { runtime } = await preparedFile(path)
  try {
    return await timed(count, (i) => runtime.runPromise(claimNumber({ guildId: GUILD, actor: { userId: memberId(i), roleIds: [], managesServer: false }, number: String(i) })))()
  } finally {
    await runtime.dispose()
  }
}

/** "7", "07" and "007" look alike; a claim must see every spelling of its value. */
const spellings = (value: number): [string, string, string] => {
  const all = [...new Set([1, 2, 3].map((width) => String(value).padStart(width, "0")))]
  return [all[0]!, all[1] ?? all[0]!, all[2] ?? all[0]!]
}

/**
 * The same transaction by hand, statement for statement what `claimNumber` runs: begin
 * immediate; the classes; the member's own active claims and the number's spellings (one UNION);
 * insert the claim, its audit line and its announcement's outbox row; commit. Prepared once.
 */
const rawClaims = async (path: string, count: number): Promise<ClaimTiming> => {
  const { runtime, classId } = await preparedFile(path)
  await runtime.dispose()
  const db = openBetterSqlite(path)
  const active = "status IN ('claimed', 'confirmed')"
  const statements = {
    begin: db.prepare("BEGIN IMMEDIATE"),
    commit: db.prepare("COMMIT"),
    classes: db.prepare("SELECT * FROM number_classes WHERE guild_id = ? ORDER BY position, min"),
    bearing: db.prepare(
      `SELECT id, guild_id, class_id, number, holder_id, status, claimed_at, confirmed_at FROM claims WHERE guild_id = ? AND holder_id IN (?) AND ${active} ` +
        `UNION SELECT id, guild_id, class_id, number, holder_id, status, claimed_at, confirmed_at FROM claims WHERE guild_id = ? AND number IN (?, ?, ?) AND ${active}`,
    ),
    outbox: db.prepare("INSERT INTO outbox (guild_id, target, kind, payload_json, coalesce_key, due_at, created_at) VALUES (?, ?, 'Announce', ?, NULL, ?, ?) RETURNING id"),
    claim: db.prepare(
      "INSERT INTO claims (id, guild_id, class_id, number, holder_id, status, claimed_at, confirmed_at, ended_at, machine_json) VALUES (?, ?, ?, ?, ?, 'claimed', ?, NULL, NULL, ?)",
    ),
    audit: db.prepare("INSERT INTO audit_log (guild_id, actor_id, action, subject, details_json, at) VALUES (?, ?, 'number.claim', ?, ?, ?)"),
  }
  try {
    return await timed(count, (i) => {
      const holderId = memberId(i)
      const number = String(i)
      const now = Date.now()
      const claimId = newId()
      statements.begin.run()
      statements.classes.all(GUILD)
      statements.bearing.all(GUILD, holderId, GUILD, ...spellings(i))
      const history = [{ at: now, actorId: holderId, action: "claim", status: "claimed", holderId, previousHolderId: null, reason: null }]
      const context = { claimId, guildId: GUILD, classId, number, holderId, claimedAt: now, confirmedAt: null, history }
      statements.claim.run(claimId, GUILD, classId, number, holderId, now, JSON.stringify({ machine: "claim", version: 1, value: "claimed", context }))
      statements.audit.run(GUILD, holderId, number, JSON.stringify({ classId, holderId, previousHolderId: null, reason: null, class: "Open" }), now)
      const announcement = { _tag: "Announce", guildId: GUILD, announcement: { _tag: "NumberClaimed", holderId, number, classLabel: "Open (0–999)" } }
      statements.outbox.get(GUILD, `announcements:${GUILD}`, JSON.stringify(announcement), now, now)
      statements.commit.run()
    })()
  } finally {
    db.close()
  }
}

/**
 * What the app layer (Effect, Kysely, the decision, the claim machine) costs over the bare
 * transaction it runs: `count` claims one after another on a real WAL file each side, after an
 * unmeasured warm-up. Each round runs the app, then raw, back to back, and the ratio is the median
 * of the rounds' own ratios: on a shared machine a busy spell slows both sides of one round alike,
 * where a median taken of each side apart could pair one side's quiet round with the other's busy one.
 */
export const benchClaimsOverRawSqlite = async (fresh: () => string, rounds = 5, count = 1000): Promise<BenchRow> => {
  await appClaims(fresh(), 200)
  await rawClaims(fresh(), 200)
  const app: ClaimTiming[] = []
  const raw: ClaimTiming[] = []
  for (let round = 0; round < rounds; round++) {
    app.push(await appClaims(fresh(), count))
    raw.push(await rawClaims(fresh(), count))
  }
  const appPerSecond = median(app.map((t) => t.perSecond))
  const rawPerSecond = median(raw.map((t) => t.perSecond))
  const ratios = app.map((t, round) => t.perSecond / raw[round]!.perSecond)
  return {
    name: "claims/s: claimNumber ÷ the same transaction in raw better-sqlite3",
    measures: {
      "claims/s": `${appPerSecond.toFixed(0)} ÷ ${rawPerSecond.toFixed(0)}`,
      p50: `${median(app.map((t) => t.p50)).toFixed(2)} ms ÷ ${median(raw.map((t) => t.p50)).toFixed(3)} ms`,
      notes:
        `ratio ${median(ratios).toFixed(2)} (goal ≥ 0.5; the median of ${rounds} rounds' ratios, ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}); ` +
        `${count} sequential claims of different numbers a side each round`,
    },
  }
}
