import type { Kysely, Transaction } from "kysely"
import * as Effect from "effect/Effect"
import { Database, isUniqueViolation, type DatabaseError } from "../adapters/sqlite/database.js"
import type { DB } from "../adapters/sqlite/schema.js"
import { Refusal } from "./refusal.js"

/**
 * A write transaction for a use case: throwing a Refusal inside rolls everything back and comes out
 * as that Refusal; a UNIQUE violation comes out as `onConflict()` when given; anything else is a
 * DatabaseError (a bug or a broken disk), which the router turns into the apology.
 */
export const writeTransaction = <A>(
  operation: string,
  body: (trx: Transaction<DB>) => Promise<A>,
  onConflict?: () => Effect.Effect<never, Refusal, Database>,
): Effect.Effect<A, Refusal | DatabaseError, Database> =>
  Effect.flatMap(Database, (database) =>
    database.transaction(operation, body).pipe(
      Effect.catchTag("DatabaseError", (error): Effect.Effect<never, Refusal | DatabaseError, Database> => {
        if (error.cause instanceof Refusal) return Effect.fail(error.cause)
        if (onConflict !== undefined && isUniqueViolation(error.cause)) return onConflict()
        return Effect.fail(error)
      }),
    ),
  )

/**
 * A read for a use case. A failing read is a broken database, not something the member can fix,
 * so it becomes a defect: the router logs it and sends the apology.
 */
export const readQuery = <A>(operation: string, f: (db: Kysely<DB>) => Promise<A>): Effect.Effect<A, never, Database> =>
  Effect.flatMap(Database, (database) => database.query(operation, f)).pipe(Effect.orDie)

/** A read that may refuse (throw a Refusal inside, e.g. "that draft is gone"); other failures are defects. */
export const readOrRefuse = <A>(operation: string, f: (db: Kysely<DB>) => Promise<A>): Effect.Effect<A, Refusal, Database> =>
  Effect.flatMap(Database, (database) => database.query(operation, f)).pipe(
    Effect.catchTag("DatabaseError", (error) => (error.cause instanceof Refusal ? Effect.fail(error.cause) : Effect.die(error))),
  )
