/**
 * Background work that must run in one process at a time when several share a PostgreSQL database
 * (a server's automatic iRacing sync): whoever takes the lease does it, the others skip it. A lease
 * expires by itself, so a process that dies holding one blocks the work for at most its length.
 */
import { randomUUID } from "node:crypto"
import { hostname } from "node:os"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { Database, type DatabaseError } from "../adapters/sqlite/database.js"
import { releaseLease, takeLease } from "../adapters/sqlite/repositories/work-leases.js"

/** This process, as a lease holder: readable in the table, unique across restarts. */
const PROCESS_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`

/**
 * Runs `effect` holding the lease `name` for at most `forMs`: Some(result), or None when another
 * process holds it. The lease is given back when the effect ends, however it ends. A database
 * that cannot be asked for the lease fails (DatabaseError), for the caller to handle with the
 * rest of that piece of work: one server's failure must not end a pass over all of them.
 */
export const withLease =
  (name: string, forMs: number) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Option.Option<A>, E | DatabaseError, R | Database> =>
    Effect.flatMap(Database, (database) =>
      Effect.acquireUseRelease(
        Effect.flatMap(Clock.currentTimeMillis, (now) => database.query("lease.take", (db) => takeLease(db, name, PROCESS_ID, now, now + forMs))),
        (taken) => (taken ? Effect.map(effect, Option.some) : Effect.succeed(Option.none<A>())),
        (taken) => (taken ? database.query("lease.release", (db) => releaseLease(db, name, PROCESS_ID)).pipe(Effect.ignore) : Effect.void),
      ),
    )

/**
 * Like `withLease`, but waits (looking every half second) while another process holds it, then
 * runs `effect`: for work every process must see done before it goes on, done by one at a time.
 */
export const oneAtATime =
  (name: string, forMs: number) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | DatabaseError, R | Database> =>
    Effect.gen(function* () {
      for (;;) {
        const done = yield* withLease(name, forMs)(effect)
        if (Option.isSome(done)) return done.value
        yield* Effect.sleep("500 millis")
      }
    })
