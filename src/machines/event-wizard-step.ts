/**
 * The one call the shell makes per wizard click:
 *
 *   const draft = await readDraft(trx, guildId, draftId)          // restored by the repository
 *   const { snapshot, view } = stepWizard(Either.merge(draft.snapshot), command, { now, ownerId })
 *   → updateDraft(trx, guildId, draftId, snapshot, now) (same transaction as any other write),
 *     render `view`.
 *
 * Pure: it applies the click with xstate's `transition` (no actor, nothing runs). Saving and
 * restoring is the drafts repository's job (event-wizard-persistence.ts is what it calls). A
 * refused click hands back the same snapshot and says why in `view.refusal`.
 *
 * - `null` means "no draft yet": START opens a new one. Any other click then also
 *   opens a new draft (not applying the click) and says the old one is gone; the shell may
 *   choose not to save that.
 * - START on a draft that is still open shows that draft (so `/event create` resumes it);
 *   on an expired or finished one it starts afresh.
 * - A stored draft that couldn't be restored (a RestoreFailure: damaged, or from a newer bot)
 *   is replaced by a new one, with the reason in `view.refusal` so nothing disappears without
 *   a word.
 * - When the view reaches `published`, `view.details` is the event to store and announce;
 *   `published` and `cancelled` drafts can then be deleted.
 */
import { pureStepper } from "./pure-step.js"
import { DEFAULT_DRAFT_LIFETIME_MS, type EventDetails, type EventDraft, isDraftExpired } from "../domain/events/draft.js"
import { completeDraft } from "../domain/events/steps.js"
import {
  eventWizardMachine,
  explainRefusal,
  newWizardContext,
  type WizardCommand,
  type WizardSnapshot,
  type WizardStateName,
  wizardStep,
} from "./event-wizard.js"
import { RestoreFailure } from "./persisted.js"

const wizardSteps = pureStepper(eventWizardMachine)

export interface StepOptions {
  /** Epoch ms of the click. */
  readonly now: number
  /** Who clicked. */
  readonly ownerId: string
  /** How long an untouched draft lives; only used when a draft is created. Default 7 days. */
  readonly expiresAfterMs?: number
  /** The revision the clicked panel was rendered at, if the shell put it in the custom_id. */
  readonly revision?: number
}

export interface WizardView {
  readonly step: WizardStateName
  readonly draft: EventDraft
  readonly revision: number
  readonly accepted: boolean
  readonly refusal?: string
  readonly expiresAt: number
  readonly ownerId: string
  /** The published event's id when `/event manage` is editing it. */
  readonly editingEventId: string | null
  /** Only in the `published` step: the complete event to store and announce. */
  readonly details?: EventDetails
}

export interface StepResult {
  /** What to save: the same snapshot as given when the click was refused. */
  readonly snapshot: WizardSnapshot
  readonly view: WizardView
}

export type StartCommand = { readonly type: "START" }

const viewOf = (snapshot: WizardSnapshot, accepted: boolean, refusal?: string): WizardView => {
  const { context } = snapshot
  const step = wizardStep(snapshot)
  const details = step === "published" ? completeDraft(context.draft) : undefined
  return {
    step,
    draft: context.draft,
    revision: context.revision,
    accepted,
    expiresAt: context.expiresAt,
    ownerId: context.ownerId,
    editingEventId: context.editingEventId,
    ...(refusal === undefined ? {} : { refusal }),
    ...(details === undefined ? {} : { details }),
  }
}

const fresh = (options: StepOptions, refusal?: string): StepResult => {
  const snapshot = wizardSteps.initial({
    ownerId: options.ownerId,
    now: options.now,
    expiresAfterMs: options.expiresAfterMs ?? DEFAULT_DRAFT_LIFETIME_MS,
  })
  return { snapshot, view: viewOf(snapshot, refusal === undefined, refusal) }
}

const isOver = (snapshot: WizardSnapshot, now: number): boolean =>
  snapshot.status === "done" || isDraftExpired(snapshot.context.expiresAt, now)

/**
 * Who may press a draft's panel, and whether that panel is the latest: one rule, used by the step
 * below and by the use cases that only read a stored draft (show, resume, discard).
 */
export const panelAccess = (draft: { readonly ownerId: string; readonly revision: number }, actorId: string, revision?: number): "owner" | "stale" | "not-owner" =>
  actorId !== draft.ownerId ? "not-owner" : revision !== undefined && revision !== draft.revision ? "stale" : "owner"

export const notOwnerMessage = (ownerId: string) => `Only <@${ownerId}> can use this wizard panel. Start your own with /event create.`

/** The panel of a stored draft as it stands, for a click that only shows it. */
export const draftView = (snapshot: WizardSnapshot): WizardView => viewOf(snapshot, true)

export const stepWizard = (stored: WizardSnapshot | RestoreFailure | null, command: WizardCommand | StartCommand, options: StepOptions): StepResult => {
  if (stored === null) {
    return command.type === "START" ? fresh(options) : fresh(options, "That panel's draft no longer exists (published, cancelled or expired). Here is a new one.")
  }
  if (stored instanceof RestoreFailure) return fresh(options, stored.message)
  const snapshot = stored
  const { context } = snapshot
  const access = panelAccess(context, options.ownerId, command.type === "START" ? undefined : options.revision)
  if (access === "not-owner") return { snapshot, view: viewOf(snapshot, false, notOwnerMessage(context.ownerId)) }
  if (command.type === "START") {
    if (isOver(snapshot, options.now)) return fresh(options)
    return { snapshot, view: viewOf(snapshot, false, "You already have an event draft open; here it is. Cancel it to start a new one.") }
  }
  if (access === "stale") {
    return { snapshot, view: viewOf(snapshot, false, "This panel is out of date: the draft was changed from another panel. Use the latest one.") }
  }
  const event = { ...command, now: options.now }
  const refusal = explainRefusal(snapshot, event)
  if (refusal !== undefined) return { snapshot, view: viewOf(snapshot, false, refusal) }
  const next = wizardSteps.next(snapshot, event)
  return { snapshot: next, view: viewOf(next, true) }
}

export interface PublishedEvent {
  readonly eventId: string
  readonly details: EventDetails
}

/** `/event manage`: the same wizard, opened at review with every answer filled in from the published event. */
export const startEditing = (published: PublishedEvent, options: StepOptions): StepResult => {
  const context = {
    ...newWizardContext({ ownerId: options.ownerId, now: options.now, expiresAfterMs: options.expiresAfterMs ?? DEFAULT_DRAFT_LIFETIME_MS }),
    draft: published.details,
    editingEventId: published.eventId,
  }
  const snapshot = eventWizardMachine.resolveState({ value: "review", context })
  return { snapshot, view: viewOf(snapshot, true) }
}
