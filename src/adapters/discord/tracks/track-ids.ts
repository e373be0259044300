import * as Schema from "effect/Schema"
import { customIdRoute, IntField, LiteralField, SnowflakeField, TokenField } from "../custom-id.js"

/**
 * The custom_ids of /track's modal and list pager. The modal's id names the track it edits and
 * what happens to the picture, so a submit never depends on which panel it came from.
 */
export const NEW_TRACK = "new"
/** `keep` the stored picture, `none` (add without one, or remove it), or the token of an attachment waiting for this form. */
export const IMAGE_KEEP = "keep"
export const IMAGE_NONE = "none"

export const trackFormId = customIdRoute("track.form", {
  track: Schema.Union(Schema.Literal(NEW_TRACK), TokenField(40)),
  image: Schema.Union(Schema.Literal(IMAGE_KEEP, IMAGE_NONE), SnowflakeField),
})

/** `via` keeps the disabled page counter's id apart from a Previous/Next that points at the same page. */
export const trackListId = customIdRoute("track.list", { via: LiteralField("go", "at"), page: IntField })

/** Text input ids inside the track modal. */
export const TRACK_FIELDS = { name: "name", layout: "layout", pitSlots: "pit_slots", broadcastSlots: "broadcast_slots", details: "details" } as const
