import type { Kysely } from "kysely"
import type { WizardSnapshot } from "../../../machines/event-wizard.js"
import { persistWizard, restoreWizard } from "../../../machines/event-wizard-persistence.js"
import type { Restored } from "../../../machines/persisted.js"
import { preparedQuery } from "../prepared-query.js"
import type { DB } from "../schema.js"
import type { EventDraftsTable } from "../tables/events.js"

/** One wizard draft's columns: copied from its machine so drafts can be listed and guarded without decoding it. */
export interface DraftRow {
  readonly id: string
  readonly guildId: string
  readonly ownerId: string
  readonly revision: number
  readonly title: string | null
  readonly editingEventId: string | null
  readonly updatedAt: number
  readonly expiresAt: number
}

/** A draft with its wizard restored, or why it can't be (the use case words that for the admin). */
export interface StoredDraft extends DraftRow {
  readonly snapshot: Restored<WizardSnapshot>
}

const toRow = (row: EventDraftsTable): DraftRow => ({
  id: row.id,
  guildId: row.guild_id,
  ownerId: row.owner_id,
  revision: row.revision,
  title: row.title,
  editingEventId: row.editing_event_id,
  updatedAt: row.updated_at,
  expiresAt: row.expires_at,
})

const toStoredDraft = (row: EventDraftsTable): StoredDraft => ({ ...toRow(row), snapshot: restoreWizard(row.state_json) })

/** The columns that change with each step, from the snapshot stored beside them. */
const changingColumns = (snapshot: WizardSnapshot, updatedAt: number) => ({
  state_json: JSON.stringify(persistWizard(snapshot)),
  revision: snapshot.context.revision,
  title: snapshot.context.draft.details?.title ?? null,
  updated_at: updatedAt,
  expires_at: snapshot.context.expiresAt,
})

// Every wizard click reads its draft and writes it back: built once (prepared-query.ts).
const draftById = preparedQuery<{ guildId: string; id: string }, EventDraftsTable>((db, param) =>
  db.selectFrom("event_drafts").selectAll().where("guild_id", "=", param("guildId")).where("id", "=", param("id")),
)

export const readDraft = async (db: Kysely<DB>, guildId: string, id: string): Promise<StoredDraft | undefined> => {
  const [row] = (await draftById(db, { guildId, id })).rows
  return row === undefined ? undefined : toStoredDraft(row)
}

const liveDraftsOf = (db: Kysely<DB>, guildId: string, ownerId: string, now: number) =>
  db
    .selectFrom("event_drafts")
    .selectAll()
    .where("guild_id", "=", guildId)
    .where("owner_id", "=", ownerId)
    .where("expires_at", ">", now)
    .orderBy("updated_at", "desc")
    .orderBy("id")
    .execute()

/** The owner's live drafts, most recently touched first (listed without decoding their machines). */
export const readOwnerDrafts = async (db: Kysely<DB>, guildId: string, ownerId: string, now: number): Promise<ReadonlyArray<DraftRow>> =>
  (await liveDraftsOf(db, guildId, ownerId, now)).map(toRow)

/** The owner's live draft for a new event (not an edit of a published one), if any. */
export const readOpenCreateDraft = async (db: Kysely<DB>, guildId: string, ownerId: string, now: number): Promise<StoredDraft | undefined> => {
  const row = (await liveDraftsOf(db, guildId, ownerId, now)).find((draft) => draft.editing_event_id === null)
  return row === undefined ? undefined : toStoredDraft(row)
}

export const readEditDraft = async (db: Kysely<DB>, guildId: string, ownerId: string, eventId: string, now: number): Promise<StoredDraft | undefined> => {
  const row = (await liveDraftsOf(db, guildId, ownerId, now)).find((draft) => draft.editing_event_id === eventId)
  return row === undefined ? undefined : toStoredDraft(row)
}

/** A new draft row; its owner and the event it edits (if any) come from the snapshot. */
export const insertDraft = async (db: Kysely<DB>, draft: { readonly id: string; readonly guildId: string; readonly snapshot: WizardSnapshot; readonly updatedAt: number }): Promise<void> => {
  const { context } = draft.snapshot
  await db
    .insertInto("event_drafts")
    .values({ id: draft.id, guild_id: draft.guildId, owner_id: context.ownerId, editing_event_id: context.editingEventId, ...changingColumns(draft.snapshot, draft.updatedAt) })
    .execute()
}

type ChangingColumns = ReturnType<typeof changingColumns>

const updateDraftRow = preparedQuery<ChangingColumns & { guildId: string; id: string }, never>((db, param) =>
  db
    .updateTable("event_drafts")
    // Every column changingColumns gives, or this fails to compile.
    .set({ state_json: param("state_json"), revision: param("revision"), title: param("title"), updated_at: param("updated_at"), expires_at: param("expires_at") } satisfies Record<keyof ChangingColumns, unknown>)
    .where("guild_id", "=", param("guildId"))
    .where("id", "=", param("id")),
)

export const updateDraft = async (db: Kysely<DB>, guildId: string, id: string, snapshot: WizardSnapshot, updatedAt: number): Promise<void> => {
  await updateDraftRow(db, { ...changingColumns(snapshot, updatedAt), guildId, id })
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
