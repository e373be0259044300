import * as Schema from "effect/Schema"
import { customIdRoute, TokenField } from "../custom-id.js"

/**
 * The custom_ids on the /setup panel, shared by the view that draws them and the handlers that
 * answer them. A modal's id carries what it edits, so a submit never depends on remembered state.
 */
export const NEW_CLASS = "new"

export const setupAddClassId = customIdRoute("setup.add-class", {})
export const setupEditClassId = customIdRoute("setup.edit-class", {})
export const setupRemoveClassId = customIdRoute("setup.remove-class", {})
export const setupClassFormId = customIdRoute("setup.class-form", { classId: Schema.Union(Schema.Literal(NEW_CLASS), TokenField(40)) })
export const setupAdminRoleId = customIdRoute("setup.admin-role", {})
export const setupChannelId = customIdRoute("setup.channel", {})
export const setupLeagueId = customIdRoute("setup.league", {})
export const setupLeagueFormId = customIdRoute("setup.league-form", {})

/** Text input ids inside the modals. */
export const CLASS_FIELDS = { name: "name", range: "range", limit: "limit", reserved: "reserved" } as const
export const LEAGUE_FIELD = "league"
