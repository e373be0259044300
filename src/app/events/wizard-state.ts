/**
 * What every wizard use case hands the Discord panel: the draft as the machine sees it, plus
 * the guild data the current step offers to choose from (read in the same transaction, so the
 * panel never offers a track that was just removed).
 */
import { Effect, Either } from "effect"
import type { Kysely } from "kysely"
import { DEFAULT_DRAFT_LIFETIME_MS } from "../../domain/events/draft.js"
import { draftView, type WizardView } from "../../machines/event-wizard-step.js"
import { readAdminTimezone } from "../../adapters/sqlite/repositories/admin-preferences.js"
import { readChampionships } from "../../adapters/sqlite/repositories/championships.js"
import type { StoredDraft } from "../../adapters/sqlite/repositories/event-drafts.js"
import { readTracks } from "../../adapters/sqlite/repositories/tracks.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import { AppConfig } from "../app-config.js"
import { refuse } from "../refusal.js"
import type { StoredEvent } from "../../domain/events/event.js"
import type { StoredTrack } from "../../domain/events/track-rules.js"
import type { StoredChampionship } from "../../domain/events/championship-rules.js"

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
