import { sql, type Kysely } from "kysely"

/**
 * Claims read by value: the free numbers suggested near a taken one are found from the claims
 * around it in its class (`CAST(number AS INTEGER) BETWEEN …`), not from every claim of the
 * server. Partial over active claims like the other claim indexes, so a query must say
 * `status IN ('claimed', 'confirmed')` literally (a bound parameter there cannot use it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX claims_active_by_value ON claims (guild_id, class_id, CAST(number AS INTEGER)) WHERE status IN ('claimed', 'confirmed')`.execute(db)
}
