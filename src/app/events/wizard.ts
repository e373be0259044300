/**
 * The event wizard's use cases: one transaction per click. Each loads the stored draft, applies
 * the click through the pure machine (`stepWizard`), and saves the result together with any
 * domain write it causes (the admin's time zone, the published event), then returns what the
 * panel should show. A refusal rolls everything back and says why.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { Kysely, Transaction } from "kysely"
import type { WizardCommand } from "../../machines/event-wizard.js"
import { notOwnerMessage, panelAccess, stepWizard, draftView, type WizardView } from "../../machines/event-wizard-step.js"
import { writeAdminTimezone, readAdminTimezone } from "../../adapters/sqlite/repositories/admin-preferences.js"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { deleteDraft, deleteExpiredDrafts, insertDraft, readDraft, readOpenCreateDraft, updateDraft, type StoredDraft } from "../../adapters/sqlite/repositories/event-drafts.js"
import { insertEvent, readEvent, updateEventDetails } from "../../adapters/sqlite/repositories/events.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"
import { wakeFollowUps } from "../follow-ups.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import { newId } from "../ids.js"
import { refuse } from "../refusal.js"
import { readOrRefuse, writeTransaction } from "../transaction.js"
import { DEFAULT_DRAFT_LIFETIME_MS } from "../../domain/events/draft.js"
import { readChampionships } from "../../adapters/sqlite/repositories/championships.js"
import { readTracks } from "../../adapters/sqlite/repositories/tracks.js"
import { AppConfig } from "../app-config.js"
import type { StoredEvent } from "../../domain/events/event.js"
import type { StoredTrack } from "../../domain/events/track-rules.js"
import type { StoredChampionship } from "../../domain/events/championship-rules.js"

/**
 * What every wizard use case hands the Discord panel: the draft as the machine sees it, plus
 * the guild data the current step offers to choose from (read in the same transaction, so the
 * panel never offers a track that was just removed).
 */
export interface WizardPanel {
  readonly guildId: string
  readonly draftId: string
  readonly view: WizardView
  /** The zone this admin chose last time, pre-selected on the time zone step. */
  readonly rememberedTimezone: string | null
  /** Only read on the steps that offer them. */
  readonly tracks: ReadonlyArray<StoredTrack>
  readonly championships: ReadonlyArray<StoredChampionship>
}

/** The event as stored by a publish or an edit, for the shell to announce (card, scheduled event). */
export interface PublishedRecord {
  readonly event: StoredEvent
  readonly edited: boolean
  /** The outbox rows that put its card and Discord scheduled event in place. */
  readonly followUpIds: ReadonlyArray<number>
}

export interface StepOutcome {
  readonly panel: WizardPanel
  /** Set when the click came from an older panel: nothing was applied, and `panel` is the current draft. */
  readonly stale: string | null
  readonly published: PublishedRecord | null
}

/** Who pressed which panel: the revision comes from the panel's custom_id. */
export interface DraftRef {
  readonly guildId: string
  readonly draftId: string
  readonly actorId: string
  readonly revision: number
}

export const STALE_PANEL = "This panel was out of date (the draft was changed from another panel), so nothing was applied. This is the current draft."
export const DRAFT_GONE = "That draft no longer exists: it was published, discarded or expired. Start a new one with /event create, or see /event drafts."


/** EVENT_DRAFT_LIFETIME_DAYS, validated at start-up; the default where no app config is present (benches). */
export const draftLifetimeMs: Effect.Effect<number> = Effect.map(Effect.serviceOption(AppConfig), (config) =>
  config._tag === "Some" ? config.value.draftLifetimeMs : DEFAULT_DRAFT_LIFETIME_MS,
)

/** The stored draft as the panel shows it, or a refusal saying why it can't be resumed. */
export const viewOfDraft = (draft: StoredDraft): WizardView => {
  if (Either.isLeft(draft.snapshot)) throw refuse(draft.snapshot.left.message)
  return draftView(draft.snapshot.right)
}

export const panelFor = async (db: Kysely<DB>, guildId: string, draftId: string, view: WizardView): Promise<WizardPanel> => {
  const [rememberedTimezone, tracks, championships] = await Promise.all([
    view.step === "timezone" ? readAdminTimezone(db, guildId, view.ownerId) : Promise.resolve(null),
    view.step === "track" ? readTracks(db, guildId) : Promise.resolve([]),
    view.step === "championship" ? readChampionships(db, guildId) : Promise.resolve([]),
  ])
  return { guildId, draftId, view, rememberedTimezone, tracks, championships }
}



/** The draft a click refers to, refusing anyone but its owner. */
export const ownDraft = async (trx: Kysely<DB>, ref: Omit<DraftRef, "revision">): Promise<StoredDraft> => {
  const row = await readDraft(trx, ref.guildId, ref.draftId)
  if (row === undefined) throw refuse(DRAFT_GONE)
  if (panelAccess(row, ref.actorId) === "not-owner") throw refuse(notOwnerMessage(row.ownerId))
  return row
}

/** `/event create`: the admin's open draft if there is one (so nothing is lost), else a new one. */
export const startDraft = Effect.fnUntraced(function* (guildId: string, ownerId: string) {
  const now = yield* Clock.currentTimeMillis
  const lifetime = yield* draftLifetimeMs
  return yield* writeTransaction("events.start-draft", async (trx): Promise<{ panel: WizardPanel; resumed: boolean }> => {
    await deleteExpiredDrafts(trx, guildId, now)
    const open = await readOpenCreateDraft(trx, guildId, ownerId, now)
    if (open !== undefined) return { panel: await panelFor(trx, guildId, open.id, viewOfDraft(open)), resumed: true }
    const { snapshot, view } = stepWizard(null, { type: "START" }, { now, ownerId, expiresAfterMs: lifetime })
    const id = newId()
    await insertDraft(trx, { id, guildId, snapshot, updatedAt: now })
    return { panel: await panelFor(trx, guildId, id, view), resumed: false }
  })
})

/**
 * The draft as it stands, for a click that only shows something (opening a modal, refreshing).
 * `stale` is set when the clicked panel is older than the draft.
 */
export const readDraftPanel = Effect.fnUntraced(function* (ref: DraftRef) {
  // Only reads: no write lock, so showing a panel never queues behind other clicks' writes.
  return yield* readOrRefuse("events.read-draft", async (db): Promise<{ panel: WizardPanel; stale: string | null }> => {
    const row = await ownDraft(db, ref)
    const panel = await panelFor(db, ref.guildId, row.id, viewOfDraft(row))
    return { panel, stale: panelAccess(row, ref.actorId, ref.revision) === "stale" ? STALE_PANEL : null }
  })
})

const publishInside = async (trx: Transaction<DB>, ref: DraftRef, details: NonNullable<ReturnType<typeof stepWizard>["view"]["details"]>, editingEventId: string | null, now: number): Promise<PublishedRecord> => {
  // The panel waits for the card and the Discord event (their ids are returned); the live grid
  // follows on its own (an edit can change capacity, times or the roster channel).
  const publicSide = async (eventId: string) => {
    const ids = await enqueueFollowUps(trx, [{ _tag: "EventCard", guildId: ref.guildId, eventId }, { _tag: "ScheduledEvent", guildId: ref.guildId, eventId }], now)
    await enqueueFollowUps(trx, [{ _tag: "LiveGrid", guildId: ref.guildId, eventId }], now)
    return ids
  }
  if (editingEventId !== null) {
    const before = await readEvent(trx, ref.guildId, editingEventId)
    if (before === undefined || before.status !== "published") throw refuse("That event was cancelled or deleted meanwhile, so these changes can't be saved. Discard this draft in /event drafts.")
    await updateEventDetails(trx, ref.guildId, editingEventId, details, now)
    await appendAudit(trx, { guildId: ref.guildId, actorId: ref.actorId, action: "event.edit", subject: editingEventId, details: { title: details.details.title, startsAt: details.schedule.startsAt }, at: now })
    const followUpIds = await publicSide(editingEventId)
    return { event: (await readEvent(trx, ref.guildId, editingEventId))!, edited: true, followUpIds }
  }
  const id = newId()
  // Publishing until the card and the Discord event exist; the outbox rows below put them there.
  await insertEvent(trx, { id, guildId: ref.guildId, details, createdBy: ref.actorId, at: now, publication: "pending" })
  await appendAudit(trx, { guildId: ref.guildId, actorId: ref.actorId, action: "event.publish", subject: id, details: { title: details.details.title, startsAt: details.schedule.startsAt }, at: now })
  const followUpIds = await publicSide(id)
  return { event: (await readEvent(trx, ref.guildId, id))!, edited: false, followUpIds }
}

/**
 * Applies one wizard command from the panel at `ref.revision`. Publishing stores the event in
 * the same transaction as the draft's final state, which is then deleted; so is a cancelled draft.
 */
export const stepDraft = Effect.fnUntraced(function* (ref: DraftRef, command: WizardCommand) {
  const now = yield* Clock.currentTimeMillis
  const lifetime = yield* draftLifetimeMs
  const outcome = yield* writeTransaction("events.step-draft", async (trx): Promise<StepOutcome> => {
    const row = await ownDraft(trx, ref)
    // Answered from the revision column, the same rule stepWizard applies to the machine.
    if (panelAccess(row, ref.actorId, ref.revision) === "stale") return { panel: await panelFor(trx, ref.guildId, row.id, viewOfDraft(row)), stale: STALE_PANEL, published: null }
    const { snapshot, view } = stepWizard(Either.merge(row.snapshot), command, { now, ownerId: ref.actorId, revision: ref.revision, expiresAfterMs: lifetime })
    if (!view.accepted) throw refuse(view.refusal ?? "That wasn't accepted. Use the latest wizard panel.")
    let published: PublishedRecord | null = null
    if (command.type === "SET_TIMEZONE" && view.draft.timezone !== undefined) await writeAdminTimezone(trx, ref.guildId, ref.actorId, view.draft.timezone)
    if (view.step === "published" && view.details !== undefined) published = await publishInside(trx, ref, view.details, view.editingEventId, now)
    if (view.step === "published" || view.step === "cancelled") await deleteDraft(trx, ref.guildId, row.id)
    else await updateDraft(trx, ref.guildId, row.id, snapshot, now)
    return { panel: await panelFor(trx, ref.guildId, row.id, view), stale: null, published }
  })
  if (outcome.published !== null) yield* wakeFollowUps
  return outcome
})
