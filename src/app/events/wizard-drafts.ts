/** `/event drafts` and `/event manage` → Edit: listing, resuming, discarding and opening drafts. */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { isDraftExpired } from "../../domain/events/draft.js"
import { startEditing } from "../../machines/event-wizard-step.js"
import { deleteDraft, deleteExpiredDrafts, insertDraft, readEditDraft, readOwnerDrafts, type DraftRow } from "../../adapters/sqlite/repositories/event-drafts.js"
import { readEvent } from "../../adapters/sqlite/repositories/events.js"
import { refuse } from "../refusal.js"
import { writeTransaction } from "../transaction.js"
import { ownDraft, draftLifetimeMs, panelFor, viewOfDraft, type WizardPanel } from "./wizard.js"
import { newId } from "../ids.js"

export interface DraftSummary {
  readonly id: string
  readonly title: string | null
  readonly editingEventId: string | null
  readonly updatedAt: number
  readonly expiresAt: number
}

const summaryOf = (row: DraftRow): DraftSummary => ({ id: row.id, title: row.title, editingEventId: row.editingEventId, updatedAt: row.updatedAt, expiresAt: row.expiresAt })

/** The caller's live drafts, newest first; expired ones are removed on the way. */
export const listDrafts = Effect.fnUntraced(function* (guildId: string, ownerId: string) {
  const now = yield* Clock.currentTimeMillis
  return yield* writeTransaction("events.list-drafts", async (trx) => {
    await deleteExpiredDrafts(trx, guildId, now)
    return (await readOwnerDrafts(trx, guildId, ownerId, now)).map(summaryOf)
  })
})

export const resumeDraft = Effect.fnUntraced(function* (guildId: string, actorId: string, draftId: string) {
  const now = yield* Clock.currentTimeMillis
  return yield* writeTransaction("events.resume-draft", async (trx): Promise<WizardPanel> => {
    const row = await ownDraft(trx, { guildId, draftId, actorId })
    if (isDraftExpired(row.expiresAt, now)) {
      await deleteDraft(trx, guildId, row.id)
      throw refuse("That draft expired because it went unused, so it was removed. Start a new one with /event create.")
    }
    return panelFor(trx, guildId, row.id, viewOfDraft(row))
  })
})

/** Throws the draft away; a published event being edited stays exactly as published. */
export const discardDraft = Effect.fnUntraced(function* (guildId: string, actorId: string, draftId: string) {
  const now = yield* Clock.currentTimeMillis
  return yield* writeTransaction("events.discard-draft", async (trx) => {
    const row = await ownDraft(trx, { guildId, draftId, actorId })
    await deleteDraft(trx, guildId, row.id)
    return { discarded: summaryOf(row), remaining: (await readOwnerDrafts(trx, guildId, actorId, now)).map(summaryOf) }
  })
})

/**
 * `/event manage` → Edit: the same wizard, opened at review with the published answers. An edit
 * the admin already has open for this event is resumed instead, so unsaved changes survive.
 */
export const editEvent = Effect.fnUntraced(function* (guildId: string, actorId: string, eventId: string) {
  const now = yield* Clock.currentTimeMillis
  const lifetime = yield* draftLifetimeMs
  return yield* writeTransaction("events.edit-event", async (trx): Promise<{ panel: WizardPanel; resumed: boolean }> => {
    const event = await readEvent(trx, guildId, eventId)
    if (event === undefined) throw refuse("That event doesn't exist any more. See /event list.")
    if (event.status !== "published") throw refuse(`**${event.details.details.title}** was cancelled, so it can't be edited.`)
    if (event.details.schedule.startsAt <= now) throw refuse(`**${event.details.details.title}** has already started, so it can't be edited any more.`)
    const open = await readEditDraft(trx, guildId, actorId, eventId, now)
    if (open !== undefined) return { panel: await panelFor(trx, guildId, open.id, viewOfDraft(open)), resumed: true }
    const { snapshot, view } = startEditing({ eventId, details: event.details }, { now, ownerId: actorId, expiresAfterMs: lifetime })
    const id = newId()
    await insertDraft(trx, { id, guildId, snapshot, updatedAt: now })
    return { panel: await panelFor(trx, guildId, id, view), resumed: false }
  })
})
