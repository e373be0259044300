import { customIdRoute, IntField, LiteralField, SnowflakeField, TokenField } from "../custom-id.js"

/**
 * The custom_ids of race night: the member's registration form and Check out button on the card,
 * and every control of the `/event entrants` panel. Panel ids carry the member they act on, so a
 * click means the same thing however old the panel is; what it may do is decided on fresh data.
 */
const EventField = TokenField(16)

/** The registration form, for the member themself. */
export const registrationFormId = customIdRoute("rn.reg", { event: EventField })
/** On the card beside Check in (the card's own route predates check-out). */
export const checkOutId = customIdRoute("rn.out", { event: EventField })

/** /event entrants: pages, and which entrant the actions below apply to. */
export const entrantsPageId = customIdRoute("rn.page", { event: EventField, via: LiteralField("prev", "at", "next", "refresh"), page: IntField })
export const entrantPickId = customIdRoute("rn.pick", { event: EventField, page: IntField })

export const ENTRANT_ACTIONS = ["remove", "grid", "waitlist"] as const
export type EntrantAction = (typeof ENTRANT_ACTIONS)[number]
export const entrantActionId = customIdRoute("rn.act", { event: EventField, member: SnowflakeField, act: LiteralField(...ENTRANT_ACTIONS) })
/** Moving to a full grid: whom the member swaps places with. */
export const entrantSwapId = customIdRoute("rn.swap", { event: EventField, member: SnowflakeField })
export const removeFormId = customIdRoute("rn.rm", { event: EventField, member: SnowflakeField })

/** Add: pick the member (user select), then fill their registration form. */
export const addPickId = customIdRoute("rn.add", { event: EventField })
export const addFormId = customIdRoute("rn.addf", { event: EventField, member: SnowflakeField })

export const capacityButtonId = customIdRoute("rn.cap", { event: EventField })
export const capacityFormId = customIdRoute("rn.capf", { event: EventField })
export const resetAttemptsId = customIdRoute("rn.reset", { event: EventField })

/** Text inputs of the remove and capacity forms (the registration form uses the domain's field ids). */
export const REASON_FIELD = "reason"
export const CAPACITY_FIELD = "capacity"

/** /event manage → race-night settings: the panel, its form, and the required-role pick. */
export const raceSettingsPanelId = customIdRoute("rn.set", { event: EventField })
export const raceSettingsEditId = customIdRoute("rn.sete", { event: EventField })
export const raceSettingsFormId = customIdRoute("rn.setf", { event: EventField })
export const raceSettingsRoleId = customIdRoute("rn.setr", { event: EventField })
export const RACE_SETTINGS_FIELDS = { platform: "platform", opens: "opens", checkouts: "checkouts", attempts: "attempts", carNumber: "car_number" } as const
