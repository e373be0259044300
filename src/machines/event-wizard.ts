/**
 * The `/event create` wizard as a state machine: one state per step, then review, then
 * published or cancelled.
 *
 * Built to be saved after every click and restored later (see event-wizard-persistence.ts):
 * it is flat, has no timers (`after`) and no child actors, and every event carries `now`
 * (epoch ms) so guards never read a clock. Guards are the domain's own checks, so
 * `explainRefusal` can tell the admin exactly why a click was not accepted.
 *
 * - Submitting a step checks the answer (`answerStep`) and moves to the next step, or back
 *   to review when the step was opened from review with EDIT_FIELD.
 * - BACK goes to the previous step (from a step opened from review: back to review).
 * - Every accepted event adds one to `revision` and pushes the expiry out, so the shell can
 *   refuse clicks from an older panel of the same draft.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { and, assign, setup, type SnapshotFrom } from "xstate"
import { draftExpiresAt, EventDraft, isDraftExpired, type WizardStep, WIZARD_STEPS } from "../domain/events/draft.js"
import { answerStep, checkPublishable, isStepAnswer, STEP_OF_ANSWER, type StepAnswer } from "../domain/events/steps.js"
import { discordTimestamp } from "../domain/events/time.js"

export const WIZARD_STATES = [...WIZARD_STEPS, "review", "published", "cancelled"] as const
export type WizardStateName = (typeof WIZARD_STATES)[number]

export const WizardContext = Schema.Struct({
  /** The admin who opened the wizard; only they may press its buttons (checked by the shell). */
  ownerId: Schema.String,
  /** Counts accepted events; a panel showing an older revision is out of date. */
  revision: Schema.Int,
  expiresAfterMs: Schema.Number,
  expiresAt: Schema.Number,
  draft: EventDraft,
  /** True while a step opened from review is shown: submitting or going back returns to review. */
  returnToReview: Schema.Boolean,
  /** Set when `/event manage` is editing an event that was already published. */
  editingEventId: Schema.NullOr(Schema.String),
})
export type WizardContext = typeof WizardContext.Type

export type WizardCommand =
  | StepAnswer
  | { readonly type: "BACK" }
  | { readonly type: "CANCEL" }
  | { readonly type: "EDIT_FIELD"; readonly step: WizardStep }
  | { readonly type: "PUBLISH" }
export type WizardEvent = WizardCommand & { readonly now: number }

export interface WizardInput {
  readonly ownerId: string
  readonly now: number
  readonly expiresAfterMs: number
}

export const newWizardContext = (input: WizardInput): WizardContext => ({
  ownerId: input.ownerId,
  revision: 0,
  expiresAfterMs: input.expiresAfterMs,
  expiresAt: draftExpiresAt(input.now, input.expiresAfterMs),
  draft: {},
  returnToReview: false,
  editingEventId: null,
})

const submitTo = (next: WizardStateName) =>
  [
    { guard: and(["draftIsLive", "answerIsValid", "openedFromReview"]), target: "review", actions: ["saveAnswer", "leaveEditing", "countAccepted"] },
    { guard: and(["draftIsLive", "answerIsValid"]), target: next, actions: ["saveAnswer", "countAccepted"] },
  ] as const

const backTo = (previous: WizardStateName | null) =>
  [
    { guard: and(["draftIsLive", "openedFromReview"]), target: "review", actions: ["leaveEditing", "countAccepted"] },
    ...(previous === null ? [] : [{ guard: "draftIsLive", target: previous, actions: "countAccepted" }] as const),
  ] as const

const cancel = { guard: "draftIsLive", target: "cancelled", actions: "countAccepted" } as const

export const eventWizardMachine = setup({
  types: {
    context: {} as WizardContext,
    events: {} as WizardEvent,
    input: {} as WizardInput,
  },
  guards: {
    draftIsLive: ({ context, event }) => !isDraftExpired(context.expiresAt, event.now),
    answerIsValid: ({ context, event }) => isStepAnswer(event) && Either.isRight(answerStep(context.draft, event, event.now)),
    openedFromReview: ({ context }) => context.returnToReview,
    publishable: ({ context, event }) => Either.isRight(checkPublishable(context.draft, event.now)),
    editsStep: ({ event }, params: { step: WizardStep }) => event.type === "EDIT_FIELD" && event.step === params.step,
  },
  actions: {
    saveAnswer: assign({
      draft: ({ context, event }) => (isStepAnswer(event) ? Either.getOrElse(answerStep(context.draft, event, event.now), () => context.draft) : context.draft),
    }),
    countAccepted: assign({
      revision: ({ context }) => context.revision + 1,
      expiresAt: ({ context, event }) => draftExpiresAt(event.now, context.expiresAfterMs),
    }),
    enterEditing: assign({ returnToReview: true }),
    leaveEditing: assign({ returnToReview: false }),
  },
}).createMachine({
  id: "eventWizard",
  context: ({ input }) => newWizardContext(input),
  initial: "details",
  states: {
    details: { on: { SET_DETAILS: submitTo("timezone"), BACK: backTo(null), CANCEL: cancel } },
    timezone: { on: { SET_TIMEZONE: submitTo("schedule"), BACK: backTo("details"), CANCEL: cancel } },
    schedule: { on: { SET_SCHEDULE: submitTo("vehicles"), BACK: backTo("timezone"), CANCEL: cancel } },
    vehicles: { on: { SET_VEHICLES: submitTo("track"), BACK: backTo("schedule"), CANCEL: cancel } },
    track: { on: { SET_TRACK: submitTo("capacity"), BACK: backTo("vehicles"), CANCEL: cancel } },
    capacity: { on: { SET_CAPACITY: submitTo("teams"), BACK: backTo("track"), CANCEL: cancel } },
    teams: { on: { SET_TEAMS: submitTo("rolesAndChannels"), BACK: backTo("capacity"), CANCEL: cancel } },
    rolesAndChannels: { on: { SET_ROLES_AND_CHANNELS: submitTo("rules"), BACK: backTo("teams"), CANCEL: cancel } },
    rules: { on: { SET_RULES: submitTo("championship"), BACK: backTo("rolesAndChannels"), CANCEL: cancel } },
    championship: { on: { SET_CHAMPIONSHIP: submitTo("review"), BACK: backTo("rules"), CANCEL: cancel } },
    review: {
      on: {
        EDIT_FIELD: WIZARD_STEPS.map((step) => ({
          guard: and(["draftIsLive", { type: "editsStep", params: { step } }]),
          target: step,
          actions: ["enterEditing", "countAccepted"],
        })),
        PUBLISH: { guard: and(["draftIsLive", "publishable"]), target: "published", actions: "countAccepted" },
        BACK: { guard: "draftIsLive", target: "championship", actions: "countAccepted" },
        CANCEL: cancel,
      },
    },
    published: { type: "final" },
    cancelled: { type: "final" },
  },
})

export type WizardSnapshot = SnapshotFrom<typeof eventWizardMachine>

/** The state name of a snapshot (the machine is flat, so the value is always a plain string). */
export const wizardStep = (snapshot: WizardSnapshot): WizardStateName => snapshot.value as WizardStateName

/**
 * Why `event` would not be accepted in `snapshot`, in words for the admin; undefined when it
 * would be. Uses the same domain checks as the machine's guards.
 */
export const explainRefusal = (snapshot: WizardSnapshot, event: WizardEvent): string | undefined => {
  if (snapshot.can(event)) return undefined
  const state = wizardStep(snapshot)
  const { context } = snapshot
  if (state === "published") return "This event has been published. Use /event manage to change it."
  if (state === "cancelled") return "This draft was cancelled. Start a new one with /event create."
  if (isDraftExpired(context.expiresAt, event.now)) {
    return `This draft expired ${discordTimestamp(context.expiresAt, "R")} because it went unused. Start a new one with /event create.`
  }
  if (isStepAnswer(event) && STEP_OF_ANSWER[event.type] === state) {
    const answered = answerStep(context.draft, event, event.now)
    if (Either.isLeft(answered)) return answered.left
  }
  if (event.type === "PUBLISH" && state === "review") {
    const ready = checkPublishable(context.draft, event.now)
    if (Either.isLeft(ready)) return ready.left
  }
  if (event.type === "BACK" && state === "details") return "This is the first step. Use Cancel to throw the draft away."
  return "This panel is out of date: it shows a different step. Use the latest wizard panel."
}
