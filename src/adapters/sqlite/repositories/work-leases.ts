import { sql, type Kysely } from "kysely"
import type { DB } from "../schema.js"

/**
 * Takes the lease `name` until `until`, if nobody holds it or its holder's lease has passed (a
 * holder may renew its own). One statement, so two processes asking at once get one yes: on
 * PostgreSQL the second waits for the first's row, then re-checks the condition on what it wrote.
 */
export const takeLease = async (db: Kysely<DB>, name: string, holder: string, now: number, until: number): Promise<boolean> => {
  const taken = await db
    .insertInto("work_leases")
    .values({ name, holder, until })
    .onConflict((oc) =>
      oc
        .column("name")
        .doUpdateSet({ holder, until })
        .where(sql<boolean>`work_leases.until < ${now} OR work_leases.holder = ${holder}`),
    )
    .returning("name")
    .executeTakeFirst()
  return taken !== undefined
}

/** Gives the lease back early; a lease someone else took over meanwhile is left alone. */
export const releaseLease = async (db: Kysely<DB>, name: string, holder: string): Promise<void> => {
  await db.deleteFrom("work_leases").where("name", "=", name).where("holder", "=", holder).execute()
}
