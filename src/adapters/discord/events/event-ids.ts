import { customIdRoute, IntField, LiteralField, TokenField } from "../custom-id.js"

/**
 * The custom_ids of the event wizard, the event card and /event replies, shared by the views that
 * draw them and the handlers that answer them. Wizard ids carry the draft and the revision the
 * panel was drawn at, so a click on an older panel is recognised and refused, never applied.
 */
const IdField = TokenField(16)

export const WIZARD_ACTIONS = ["open", "back", "cancel", "close", "publish", "next", "refresh"] as const
export const wizardNavId = customIdRoute("ev.nav", { draft: IdField, rev: IntField, act: LiteralField(...WIZARD_ACTIONS) })

/** String selects on the panel; each applies as soon as something is picked. */
export const wizardPickId = customIdRoute("ev.pick", {
  draft: IdField,
  rev: IntField,
  what: LiteralField("timezone", "vehicles", "track", "teams", "championship", "edit"),
})

/** Step 8's role and channel selects: picks stay on the panel until Continue applies them together. */
export const ROLE_CHANNEL_PICKS = ["driver", "steward", "publish", "roster"] as const
export type RoleChannelPick = (typeof ROLE_CHANNEL_PICKS)[number]
export const wizardRoleChannelId = customIdRoute("ev.rc", { draft: IdField, rev: IntField, what: LiteralField(...ROLE_CHANNEL_PICKS) })

export const WIZARD_FORMS = ["details", "timezone", "schedule", "vehicles", "track", "capacity", "rules"] as const
export type WizardForm = (typeof WIZARD_FORMS)[number]
export const wizardFormId = customIdRoute("ev.form", { draft: IdField, rev: IntField, form: LiteralField(...WIZARD_FORMS) })

/** Text inputs inside the wizard's modals. */
export const FORM_FIELDS = {
  title: "title",
  description: "description",
  timezone: "timezone",
  start: "start",
  duration: "duration",
  vehicles: "vehicles",
  track: "track",
  maxDrivers: "max-drivers",
  broadcastSlots: "broadcast-slots",
  specialRules: "special-rules",
  regulationUrl: "regulation-url",
  liveriesUrl: "liveries-url",
  checkIn: "check-in",
  briefing: "briefing",
} as const

/** The "Other…" option of the time zone select, which opens a modal to type any IANA zone. */
export const OTHER_ZONE = "other"
/** The "no championship" option. */
export const NO_CHAMPIONSHIP = "none"
/** The "teams off" option. */
export const TEAMS_OFF = "off"

export const draftResumeId = customIdRoute("ev.resume", { draft: IdField })
export const draftDiscardId = customIdRoute("ev.discard", { draft: IdField })

/** Buttons on the public event card. */
export const CARD_ACTIONS = ["register", "withdraw", "checkin"] as const
export const eventCardId = customIdRoute("ev.card", { event: IdField, act: LiteralField(...CARD_ACTIONS) })
export const eventCalendarId = customIdRoute("ev.cal", { event: IdField })

/** /event manage. */
export const manageEditId = customIdRoute("ev.edit", { event: IdField })
export const manageCancelId = customIdRoute("ev.cancel", { event: IdField, step: LiteralField("ask", "confirm", "keep") })

/** /event list pages; `via` keeps Previous, the counter and Next distinct when they point at the same page. */
export const eventListPageId = customIdRoute("ev.list", { via: LiteralField("prev", "at", "next"), page: IntField })
