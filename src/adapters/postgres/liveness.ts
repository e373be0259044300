/**
 * "This process is alive", as PostgreSQL sees it: a session advisory lock held on a connection of
 * its own for the process's whole run. PostgreSQL drops it the moment that connection ends, however
 * the process ends (a kill, a crash, an out-of-memory kill), so another process can tell at once
 * that rows leased to a dead one are free, without waiting for their leases to run out; and a
 * process restarting after a crash takes its own half-delivered rows back at start, as on SQLite.
 * (A machine that vanishes without closing its connections is noticed by TCP keepalive, or by
 * the lease running out, whichever comes first.)
 *
 * The connection can also end while the process lives on (a server restart, a failover, an admin's
 * pg_terminate_backend): the lock goes with it, and from then on every other process sees this
 * one's rows as a dead process's and delivers them again. So the connection is watched (a query
 * every second on it), and `keepLiveness` stops handing out a key the moment it is lost, until a
 * new lock under a new key is held.
 */
import { randomInt } from "node:crypto"
import { setTimeout as sleep } from "node:timers/promises"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as ScopedRef from "effect/ScopedRef"
import { sql, type Kysely } from "kysely"

/** The first number of the liveness locks' (int4, int4) keys: "PB" and 2, apart from database.ts's. */
const LIVENESS_LOCKS = 0x50_42_02

/** How often the lock's connection is asked whether it is still there. */
const WATCH_EVERY_MS = 1000

export interface Liveness {
  /** The second number of this process's lock: stored as `leased_by` on the rows it takes. */
  readonly key: number
  /** Settles when the lock's connection has ended (and the lock with it); never if the lock is let go. */
  readonly lost: Promise<void>
}

/** Holds the lock on a pooled connection until the scope closes, watching that connection meanwhile. */
export const holdLiveness = (kysely: Kysely<any>): Effect.Effect<Liveness, unknown, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise(async () => {
      const key = randomInt(1, 2 ** 31 - 1)
      let releasing = false
      let release: () => void = () => undefined
      const released = new Promise<boolean>((resolve) => (release = () => ((releasing = true), resolve(true))))
      let locked: () => void = () => undefined
      const isLocked = new Promise<void>((resolve) => (locked = resolve))
      const held = kysely.connection().execute(async (connection) => {
        await sql`select pg_advisory_lock(${LIVENESS_LOCKS}::int4, ${key}::int4)`.execute(connection)
        locked()
        // A query on a connection that has ended fails at once: the lock is gone.
        while (!(await Promise.race([released, sleep(WATCH_EVERY_MS, false, { ref: false })]))) await sql`select 1`.execute(connection)
        await sql`select pg_advisory_unlock(${LIVENESS_LOCKS}::int4, ${key}::int4)`.execute(connection)
      })
      await Promise.race([isLocked, held])
      const lost = held.then(
        () => (releasing ? new Promise<void>(() => undefined) : undefined),
        () => undefined,
      )
      return { key, lost, stop: () => (release(), held.catch(() => undefined)) }
    }),
    ({ stop }) => Effect.promise(stop),
  ).pipe(Effect.map(({ key, lost }) => ({ key, lost })))

/**
 * This process's liveness for as long as the scope lasts: `current` is the key of the lock it holds
 * now, or undefined while it holds none (its connection was lost and a new lock is not held yet).
 * A lost lock is replaced by a new one under a new key: rows stamped with the old key may already
 * be another process's, and must not be confused with the ones taken under the new.
 */
export const keepLiveness = (kysely: Kysely<any>): Effect.Effect<{ readonly current: Effect.Effect<number | undefined> }, unknown, Scope.Scope> =>
  Effect.gen(function* () {
    const held = yield* ScopedRef.fromAcquire(holdLiveness(kysely))
    const current = yield* Ref.make<number | undefined>((yield* ScopedRef.get(held)).key)
    yield* Effect.gen(function* () {
      const { key, lost } = yield* ScopedRef.get(held)
      yield* Effect.promise(() => lost)
      yield* Ref.set(current, undefined)
      yield* Effect.logWarning(
        "lost the PostgreSQL connection that held this process's liveness lock: taking no follow-ups until a new lock is held (those being sent may be taken over and sent again by another process)",
        { livenessKey: key },
      )
      yield* ScopedRef.set(held, holdLiveness(kysely)).pipe(
        Effect.tapError((error) => Effect.logWarning("could not take a new liveness lock; trying again", error)),
        Effect.retry(Schedule.exponential("500 millis").pipe(Schedule.union(Schedule.spaced("30 seconds")))),
      )
      const renewed = yield* ScopedRef.get(held)
      yield* Ref.set(current, renewed.key)
      yield* Effect.logInfo("holding a new liveness lock; taking follow-ups again", { livenessKey: renewed.key })
    }).pipe(Effect.forever, Effect.forkScoped)
    return { current: Ref.get(current) }
  })

/** SQL: true when no live process holds the liveness lock numbered by `column`. */
export const holderGone = (column: string) =>
  sql<boolean>`NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid::bigint = ${LIVENESS_LOCKS} AND l.objid::bigint = ${sql.ref(column)})`

/** SQL: true while some connection holds the liveness lock numbered `key` (this process's, normally). */
export const lockHeld = (key: number) =>
  sql<boolean>`EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid::bigint = ${LIVENESS_LOCKS} AND l.objid::bigint = ${key})`
