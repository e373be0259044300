import type { Kysely } from "kysely"
import type { DB } from "../schema.js"

export const readRegistrationHash = async (db: Kysely<DB>, scope: string): Promise<string | undefined> =>
  (await db.selectFrom("command_registrations").select("hash").where("scope", "=", scope).executeTakeFirst())?.hash

export const saveRegistrationHash = async (db: Kysely<DB>, scope: string, hash: string, at: number): Promise<void> => {
  await db
    .insertInto("command_registrations")
    .values({ scope, hash, registered_at: at })
    .onConflict((conflict) => conflict.column("scope").doUpdateSet({ hash, registered_at: at }))
    .execute()
}
