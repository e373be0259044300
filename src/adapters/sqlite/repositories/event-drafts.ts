import type { Kysely } from "kysely"
import type { DB } from "../schema.js"
import type { EventDraftsTable } from "../tables/events.js"

/** One wizard draft: the machine's stored state plus the columns needed to list and guard it without decoding. */
export interface DraftRow {
  readonly id: string
  readonly guildId: string
  readonly ownerId: string
  readonly stateJson: string
  readonly revision: number
  readonly title: string | null
  readonly editingEventId: string | null
  readonly updatedAt: number
  readonly expiresAt: number
}

const toDraft = (row: EventDraftsTable): DraftRow => ({
  id: row.id,
  guildId: row.guild_id,
  ownerId: row.owner_id,
  stateJson: row.state_json,
  revision: row.revision,
  title: row.title,
  editingEventId: row.editing_event_id,
  updatedAt: row.updated_at,
  expiresAt: row.expires_at,
})

export const readDraft = async (db: Kysely<DB>, guildId: string, id: string): Promise<DraftRow | undefined> => {
  const row = await db.selectFrom("event_drafts").selectAll().where("guild_id", "=", guildId).where("id", "=", id).executeTakeFirst()
  return row === undefined ? undefined : toDraft(row)
}

/** The owner's live drafts, most recently touched first. */
export const readOwnerDrafts = async (db: Kysely<DB>, guildId: string, ownerId: string, now: number): Promise<ReadonlyArray<DraftRow>> =>
  (
    await db
      .selectFrom("event_drafts")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("owner_id", "=", ownerId)
      .where("expires_at", ">", now)
      .orderBy("updated_at", "desc")
      .orderBy("id")
      .execute()
  ).map(toDraft)

/** The owner's live draft for a new event (not an edit of a published one), if any. */
export const readOpenCreateDraft = async (db: Kysely<DB>, guildId: string, ownerId: string, now: number): Promise<DraftRow | undefined> =>
  (await readOwnerDrafts(db, guildId, ownerId, now)).find((draft) => draft.editingEventId === null)

export const readEditDraft = async (db: Kysely<DB>, guildId: string, ownerId: string, eventId: string, now: number): Promise<DraftRow | undefined> =>
  (await readOwnerDrafts(db, guildId, ownerId, now)).find((draft) => draft.editingEventId === eventId)

export const insertDraft = async (db: Kysely<DB>, draft: DraftRow): Promise<void> => {
  await db
    .insertInto("event_drafts")
    .values({
      id: draft.id,
      guild_id: draft.guildId,
      owner_id: draft.ownerId,
      state_json: draft.stateJson,
      revision: draft.revision,
      title: draft.title,
      editing_event_id: draft.editingEventId,
      updated_at: draft.updatedAt,
      expires_at: draft.expiresAt,
    })
    .execute()
}

export interface DraftChange {
  readonly stateJson: string
  readonly revision: number
  readonly title: string | null
  readonly updatedAt: number
  readonly expiresAt: number
}

export const updateDraft = async (db: Kysely<DB>, guildId: string, id: string, change: DraftChange): Promise<void> => {
  await db
    .updateTable("event_drafts")
    .set({ state_json: change.stateJson, revision: change.revision, title: change.title, updated_at: change.updatedAt, expires_at: change.expiresAt })
    .where("guild_id", "=", guildId)
    .where("id", "=", id)
    .execute()
}

export const deleteDraft = async (db: Kysely<DB>, guildId: string, id: string): Promise<void> => {
  await db.deleteFrom("event_drafts").where("guild_id", "=", guildId).where("id", "=", id).execute()
}

/** Drafts nobody touched within their lifetime are gone for good; returns how many. */
export const deleteExpiredDrafts = async (db: Kysely<DB>, guildId: string, now: number): Promise<number> => {
  const result = await db.deleteFrom("event_drafts").where("guild_id", "=", guildId).where("expires_at", "<=", now).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** A cancelled event can no longer be edited, so open edits of it are dropped with it. */
export const deleteEditDraftsFor = async (db: Kysely<DB>, guildId: string, eventId: string): Promise<void> => {
  await db.deleteFrom("event_drafts").where("guild_id", "=", guildId).where("editing_event_id", "=", eventId).execute()
}
