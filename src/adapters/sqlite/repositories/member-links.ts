import type { StoredLink, MemberLink } from "../../../domain/roster/reconcile.js"
import type { Kysely } from "kysely"
import type { DB } from "../schema.js"

const toLink = (row: { member_id: string; cust_id: number; iracing_name: string; linked_by: string; linked_at: number }): StoredLink => ({
  memberId: row.member_id,
  custId: row.cust_id,
  iracingName: row.iracing_name,
  linkedBy: row.linked_by,
  linkedAt: row.linked_at,
})

export const readLinks = async (db: Kysely<DB>, guildId: string): Promise<ReadonlyArray<StoredLink>> =>
  (await db.selectFrom("member_links").selectAll().where("guild_id", "=", guildId).execute()).map(toLink)

export const readLink = async (db: Kysely<DB>, guildId: string, memberId: string): Promise<StoredLink | undefined> => {
  const row = await db.selectFrom("member_links").selectAll().where("guild_id", "=", guildId).where("member_id", "=", memberId).executeTakeFirst()
  return row === undefined ? undefined : toLink(row)
}

/** The links of these members only (those who have one), read by index. */
export const readLinksOf = async (db: Kysely<DB>, guildId: string, memberIds: ReadonlyArray<string>): Promise<ReadonlyArray<StoredLink>> =>
  memberIds.length === 0 ? [] : (await db.selectFrom("member_links").selectAll().where("guild_id", "=", guildId).where("member_id", "in", [...memberIds]).execute()).map(toLink)

export const readLinkByCustomer = async (db: Kysely<DB>, guildId: string, custId: number): Promise<StoredLink | undefined> => {
  const row = await db.selectFrom("member_links").selectAll().where("guild_id", "=", guildId).where("cust_id", "=", custId).executeTakeFirst()
  return row === undefined ? undefined : toLink(row)
}

/** Replaces the member's link; the unique index refuses a customer already linked to someone else. */
export const saveLink = async (db: Kysely<DB>, guildId: string, link: StoredLink): Promise<void> => {
  await db.deleteFrom("member_links").where("guild_id", "=", guildId).where("member_id", "=", link.memberId).execute()
  await db
    .insertInto("member_links")
    .values({ guild_id: guildId, member_id: link.memberId, cust_id: link.custId, iracing_name: link.iracingName, linked_by: link.linkedBy, linked_at: link.linkedAt })
    .execute()
}

export const deleteLink = async (db: Kysely<DB>, guildId: string, memberId: string): Promise<boolean> =>
  (await db.deleteFrom("member_links").where("guild_id", "=", guildId).where("member_id", "=", memberId).executeTakeFirst()).numDeletedRows > 0n

/** Keeps stored names in step with iRacing (members rename themselves). */
export const refreshLinkNames = async (db: Kysely<DB>, guildId: string, links: ReadonlyArray<MemberLink>, names: ReadonlyMap<number, string>): Promise<void> => {
  for (const link of links) {
    const name = names.get(link.custId)
    if (name !== undefined && name !== link.iracingName) {
      await db.updateTable("member_links").set({ iracing_name: name }).where("guild_id", "=", guildId).where("member_id", "=", link.memberId).execute()
    }
  }
}
