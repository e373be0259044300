/**
 * "This process is alive", as PostgreSQL sees it: a session advisory lock held on a connection of
 * its own for the process's whole run. PostgreSQL drops it the moment that connection ends, however
 * the process ends (a kill, a crash, an out-of-memory kill), so another process can tell at once
 * that rows leased to a dead one are free, without waiting for their leases to run out; and a
 * process restarting after a crash takes its own half-delivered rows back at start, as on SQLite.
 * (A machine that vanishes without closing its connections is noticed by TCP keepalive, or by
 * the lease running out, whichever comes first.)
 */
import { randomInt } from "node:crypto"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { sql, type Kysely } from "kysely"

/** The first number of the liveness locks' (int4, int4) keys: "PB" and 2, apart from database.ts's. */
export const LIVENESS_LOCKS = 0x50_42_02

export interface Liveness {
  /** The second number of this process's lock: stored as `leased_by` on the rows it takes. */
  readonly key: number
}

/** Holds the lock on a pooled connection until the scope closes. */
export const holdLiveness = (kysely: Kysely<any>): Effect.Effect<Liveness, unknown, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise(async () => {
      const key = randomInt(1, 2 ** 31 - 1)
      let release: () => void = () => undefined
      const released = new Promise<void>((resolve) => (release = resolve))
      let locked: () => void = () => undefined
      const isLocked = new Promise<void>((resolve) => (locked = resolve))
      const held = kysely.connection().execute(async (connection) => {
        await sql`select pg_advisory_lock(${LIVENESS_LOCKS}::int4, ${key}::int4)`.execute(connection)
        locked()
        await released
        await sql`select pg_advisory_unlock(${LIVENESS_LOCKS}::int4, ${key}::int4)`.execute(connection)
      })
      await Promise.race([isLocked, held])
      return { key, stop: () => (release(), held.catch(() => undefined)) }
    }),
    ({ stop }) => Effect.promise(stop),
  ).pipe(Effect.map(({ key }) => ({ key })))

/** SQL: true when no live process holds the liveness lock numbered by `column`. */
export const holderGone = (column: string) =>
  sql<boolean>`NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid::bigint = ${LIVENESS_LOCKS} AND l.objid::bigint = ${sql.ref(column)})`
